import { boolean, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, id } from "./columns.ts";
import { channel } from "./enums.ts";
import { reporters } from "./reporters.ts";
import { staff } from "./staff.ts";
import { tickets } from "./tickets.ts";

export const MESSAGE_DIRECTIONS = ["in", "out"] as const;
export const MESSAGE_KINDS = ["text", "choice", "media"] as const;
export const OUTBOUND_STATUSES = ["pending", "sent", "failed"] as const;

export const messageDirection = pgEnum("message_direction", MESSAGE_DIRECTIONS);
export const messageKind = pgEnum("message_kind", MESSAGE_KINDS);
export const outboundStatus = pgEnum("outbound_status", OUTBOUND_STATUSES);

/** What a channel told us about a photo, voice note or file; the file itself stays with the channel. */
export interface MediaMeta {
  kind: string;
  fileId?: string;
  fileUniqueId?: string;
  mimeType?: string;
  fileSize?: number;
  width?: number;
  height?: number;
  caption?: string;
}

/**
 * The conversation as the peksos will read it: every message in and out of one report.
 * Rows are written before a ticket exists (keyed by the reporter's report number) and
 * attached to the ticket when it is created, so nothing said before the ticket is lost.
 */
export const transcriptMessages = pgTable(
  "transcript_messages",
  {
    id: id(),
    reporterId: uuid("reporter_id")
      .notNull()
      .references(() => reporters.id, { onDelete: "cascade" }),
    /** The reporter's n-th report; a new report after a submitted one gets the next number. */
    reportSeq: integer("report_seq").notNull(),
    ticketId: uuid("ticket_id").references(() => tickets.id, { onDelete: "cascade" }),
    direction: messageDirection("direction").notNull(),
    kind: messageKind("kind").notNull(),
    /** The conversation step it answered or asked, for reading the transcript in context. */
    step: text("step"),
    text: text("text"),
    media: jsonb("media").$type<MediaMeta>(),
    createdAt: createdAt(),
  },
  (t) => [
    index("transcript_messages_ticket_idx").on(t.ticketId, t.createdAt),
    index("transcript_messages_report_idx").on(t.reporterId, t.reportSeq),
  ],
);

/** One button row of an outbound message: the choice ids the channel renders as buttons or numbers. */
export interface OutboundChoice {
  id: string;
  label: string;
  /** A link button (Telegram) instead of a choice: staff alerts link to the ticket. */
  url?: string;
}

/**
 * Messages that are not a direct answer to an inbound message: to reporters (reminders,
 * auto-submit notices, peksos replies, status updates) and to staff (on-call alerts,
 * escalations, digests). Exactly one of reporter and staff is set. Written in the transaction
 * that decides them; delivered by the channel adapter through a pg-boss queue.
 */
export const outboundMessages = pgTable(
  "outbound_messages",
  {
    id: id(),
    reporterId: uuid("reporter_id").references(() => reporters.id, { onDelete: "cascade" }),
    /** A staff member's linked chat; the address is read at delivery, so a re-linked phone gets it. */
    staffId: uuid("staff_id").references(() => staff.id, { onDelete: "cascade" }),
    ticketId: uuid("ticket_id").references(() => tickets.id, { onDelete: "set null" }),
    channel: channel("channel").notNull(),
    /** What produced it: reminder, auto_submitted, staff_reply, status, referral, alert, escalation, digest. */
    purpose: text("purpose").notNull(),
    text: text("text").notNull(),
    choices: jsonb("choices").$type<OutboundChoice[][]>().notNull().default([]),
    status: outboundStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** A short machine reason for the last failure (e.g. "blocked", "http_502"); never content. */
    lastError: text("last_error"),
    externalId: text("external_id"),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    index("outbound_messages_pending_idx").on(t.status, t.createdAt),
    check("outbound_messages_one_recipient", sql`(${t.reporterId} is null) <> (${t.staffId} is null)`),
  ],
);

/** Every /status attempt that named a code, so guessing codes and PINs can be rate-limited. */
export const statusAttempts = pgTable(
  "status_attempts",
  {
    id: id(),
    reporterId: uuid("reporter_id").references(() => reporters.id, { onDelete: "cascade" }),
    ticketCode: text("ticket_code").notNull(),
    succeeded: boolean("succeeded").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("status_attempts_reporter_idx").on(t.reporterId, t.createdAt),
    index("status_attempts_code_idx").on(t.ticketCode, t.createdAt),
  ],
);
