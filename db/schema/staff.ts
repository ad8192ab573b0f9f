import { boolean, check, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, id, updatedAt } from "./columns.ts";
import { channel, shiftTier, staffRole } from "./enums.ts";
import { units } from "./units.ts";

export const staff = pgTable(
  "staff",
  {
    id: id(),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => units.id),
    /** Stored lower-cased so logins are case-insensitive. */
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    role: staffRole("role").notNull(),
    /** argon2id; never returned by the API. */
    passwordHash: text("password_hash").notNull(),
    phone: text("phone"),
    /** Set when the staff member links their Telegram account for on-call alerts. */
    telegramChatId: text("telegram_chat_id").unique(),
    /** Set when the staff member links their WhatsApp (the chat id, e.g. 62812…@c.us or …@lid). */
    whatsappAddress: text("whatsapp_address").unique(),
    /**
     * Where on-call alerts go: the chat linked last, or the one the person chose. Null while no
     * chat is linked (alerts cannot reach them; the roster says so).
     */
    alertChannel: channel("alert_channel"),
    /** sha256 of the one-time code a staff member sends as `/hubungkan KODE` on either channel; cleared once used. */
    linkCodeHash: text("link_code_hash").unique(),
    linkCodeExpiresAt: timestamp("link_code_expires_at", { withTimezone: true }),
    /** Failed sign-ins in a row; reset by a successful one. Reaching the limit sets lockedUntil. */
    failedLogins: integer("failed_logins").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("staff_unit_idx").on(t.unitId),
    // "web" is a reporters' channel only; an alert channel must have its chat linked.
    check(
      "staff_alert_channel_linked",
      sql`${t.alertChannel} is null or (${t.alertChannel} = 'telegram' and ${t.telegramChatId} is not null) or (${t.alertChannel} = 'whatsapp' and ${t.whatsappAddress} is not null)`,
    ),
  ],
);

/**
 * A signed-in staff member's bearer token. Only its sha256 is stored: a leaked database backup
 * must not sign anyone in. Deleting the row (logout, or an admin disabling the account) ends it.
 */
export const staffSessions = pgTable(
  "staff_sessions",
  {
    id: id(),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("staff_sessions_staff_idx").on(t.staffId)],
);

/** The on-call roster. */
export const shifts = pgTable(
  "shifts",
  {
    id: id(),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => units.id),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id),
    tier: shiftTier("tier").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check("shifts_ends_after_start", sql`${t.endsAt} > ${t.startsAt}`),
    index("shifts_unit_time_idx").on(t.unitId, t.startsAt, t.endsAt),
    index("shifts_staff_idx").on(t.staffId),
  ],
);
