import { index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns.ts";
import { channel, language } from "./enums.ts";

/**
 * A person who wrote to the hotline, identified by their channel address (Telegram chat id,
 * WhatsApp number). The address is personal data: the API shows it only to those who need it.
 */
export const reporters = pgTable(
  "reporters",
  {
    id: id(),
    channel: channel("channel").notNull(),
    address: text("address").notNull(),
    language: language("language").notNull().default("id"),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [unique("reporters_channel_address_key").on(t.channel, t.address)],
);

/** The reporting conversation's state for one reporter; `version` guards concurrent steps. */
export const conversations = pgTable("conversations", {
  id: id(),
  reporterId: uuid("reporter_id")
    .notNull()
    .unique()
    .references(() => reporters.id, { onDelete: "cascade" }),
  state: jsonb("state").$type<Record<string, unknown>>().notNull(),
  version: integer("version").notNull().default(0),
  expiresAt: timestamp("expires_at", { withTimezone: true }),
  /**
   * When the conversation's next reminder or auto-submit is due; written in the same transaction
   * as the state, so a crash can never lose a timer.
   */
  nextTimerAt: timestamp("next_timer_at", { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [index("conversations_next_timer_idx").on(t.nextTimerAt)]);

/**
 * One row per channel update ever processed: the idempotency key that makes a redelivered
 * Telegram update or WhatsApp message change nothing twice. Holds no message content.
 */
export const inboundMessages = pgTable(
  "inbound_messages",
  {
    id: id(),
    channel: channel("channel").notNull(),
    externalId: text("external_id").notNull(),
    reporterId: uuid("reporter_id").references(() => reporters.id, { onDelete: "set null" }),
    /** The replies given the first time, sent again when the channel redelivers the update. */
    response: jsonb("response").$type<Record<string, unknown>>(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("inbound_messages_channel_external_id_key").on(t.channel, t.externalId),
    index("inbound_messages_received_idx").on(t.receivedAt),
  ],
);
