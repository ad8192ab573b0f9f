import { customType, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns.ts";
import { channel } from "./enums.ts";

/** What a chat channel's link to its network is doing, as its adapter last reported. */
export const CHANNEL_LINK_STATES = ["starting", "qr_needed", "connected", "disconnected"] as const;
export type ChannelLinkState = (typeof CHANNEL_LINK_STATES)[number];

/**
 * One row per channel whose link an operator must look after (WhatsApp: a phone linked to a
 * browser). Kept in the database, not in memory, because in a split deployment the adapter runs
 * in its own process while the API (possibly several instances) answers /health and serves the QR.
 */
export const channelLinks = pgTable("channel_links", {
  channel: channel("channel").primaryKey(),
  state: text("state", { enum: CHANNEL_LINK_STATES }).notNull(),
  /** Since when the state holds (unchanged by heartbeats). */
  stateSince: timestamp("state_since", { withTimezone: true }).notNull(),
  /** The adapter's last report; a silent adapter (crashed, or its machine gone) counts as disconnected. */
  reportedAt: timestamp("reported_at", { withTimezone: true }).notNull(),
  /** A fixed word saying why (LOGOUT, CONFLICT, browser_crashed…); never message content. */
  reason: text("reason"),
  /** The text to draw as a QR code while state is qr_needed: whoever scans it links their phone, so admins only. */
  qr: text("qr"),
  qrUpdatedAt: timestamp("qr_updated_at", { withTimezone: true }),
  /** The state admins were last alerted about, so a flapping link or a refreshed QR alerts once. */
  alertedState: text("alerted_state", { enum: CHANNEL_LINK_STATES }),
});

/** Bytes as Buffer on both drivers (postgres.js gives a Buffer, PGlite a Uint8Array). */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
  toDriver: (value) => value,
});

/**
 * Files a reporter sent on a channel that does not keep them for us: a WhatsApp photo can only be
 * downloaded while the linked browser still holds the message, so the adapter uploads it at once
 * and the transcript refers to it as `media:<id>`. Telegram files stay with Telegram (file_id).
 * Evidence of a child's harm: served only through the ticket's access rules, removed by retention.
 */
export const mediaFiles = pgTable(
  "media_files",
  {
    id: id(),
    channel: channel("channel").notNull(),
    mimeType: text("mime_type").notNull(),
    byteSize: integer("byte_size").notNull(),
    /** sha256 hex of the bytes, to check a file is the one received. One row per upload: retention removes each with its own report. */
    sha256: text("sha256").notNull(),
    data: bytea("data").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("media_files_created_idx").on(t.createdAt)],
);
