import { boolean, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns.ts";
import { agencyType, referralStatus } from "./enums.ts";
import { staff } from "./staff.ts";
import { tickets } from "./tickets.ts";
import { units } from "./units.ts";

/** The unit's directory of services a case can be referred to. */
export const agencies = pgTable(
  "agencies",
  {
    id: id(),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => units.id),
    name: text("name").notNull(),
    type: agencyType("type").notNull(),
    phone: text("phone"),
    whatsapp: text("whatsapp"),
    email: text("email"),
    address: text("address"),
    notes: text("notes"),
    /** Seeded starter entries: shown as examples until a supervisor checks and edits them. */
    isExample: boolean("is_example").notNull().default(false),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("agencies_unit_idx").on(t.unitId)],
);

export const referrals = pgTable(
  "referrals",
  {
    id: id(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    agencyId: uuid("agency_id")
      .notNull()
      .references(() => agencies.id),
    status: referralStatus("status").notNull().default("dikirim"),
    note: text("note"),
    dueAt: timestamp("due_at", { withTimezone: true }),
    rejectionReason: text("rejection_reason"),
    createdById: uuid("created_by_id").references(() => staff.id),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** Set when the overdue alert went out, so it goes out once. */
    overdueAlertedAt: timestamp("overdue_alerted_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("referrals_ticket_idx").on(t.ticketId), index("referrals_status_due_idx").on(t.status, t.dueAt)],
);
