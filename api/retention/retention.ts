import { and, eq, inArray, isNotNull, isNull, lt, notLike, sql, type SQLWrapper } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  conversations,
  inboundMessages,
  mediaFiles,
  reporters,
  staffSessions,
  tickets,
  transcriptMessages,
  units,
} from "../../db/schema/index.ts";
import { recordAudits } from "../audit/audit.ts";
import { STORED_MEDIA_PREFIX } from "../channels/channel-schemas.ts";
import type { Tx } from "../intake/tx.ts";
import { forgetContactCopies } from "./contact-copies.ts";
import { reclaimPurgedSpace, type ReclaimMode } from "./reclaim-space.ts";

/*
 * The retention purge (UU PDP: personal data is kept no longer than needed). Once a ticket has
 * been closed for longer than its unit's retention period, it loses what identifies or reaches
 * the reporter: the name and phone they left, and the PIN hash that opened its status from any
 * chat. Once every ticket of a reporter is purged and they have been silent as long, the
 * reporter row loses its channel address (Telegram chat id, WhatsApp number).
 *
 * The files the reporter sent that the API stores itself (WhatsApp photos, see media_files) go
 * with the purge: they may show the child, their face, their school uniform. Files no conversation
 * refers to a week after their upload (the message carrying them never arrived, or the report
 * was cancelled) are deleted as well.
 *
 * Kept on purpose: the ticket itself (category, priority, school, times, status) so the monthly
 * statistics still count it, and the transcript and description, which are the case record the
 * Dinas Sosial must be able to show later (a court, an inspection, the child coming back as an
 * adult). The issue asks to remove the address and contact details, not the record of the case;
 * with the address gone, the record can no longer be tied to a phone or chat. The copies of the
 * name, phone, address and PIN inside those texts go too (contact-copies.ts).
 *
 * Each batch is its own short transaction, so a first run over years of data never holds one
 * giant transaction (and, on PGlite, never blocks intake for long). A batch changes rows so that
 * they no longer match, so the loop ends and a second run finds nothing: the job is idempotent.
 */

export interface RetentionResult {
  ticketsPurged: number;
  reportersPurged: number;
  sessionsDeleted: number;
  /** Stored files of purged tickets, and files no conversation refers to. */
  mediaDeleted: number;
}

export interface RetentionOptions {
  /** Rows per transaction. */
  batchSize?: number;
  /** How the purged tables are vacuumed afterwards (reclaim-space.ts): "full" on PGlite, "plain" (the default) on PostgreSQL. */
  reclaim?: ReclaimMode;
}

const DEFAULT_BATCH_SIZE = 500;

/** The prefix a purged reporter's address gets; the rest is the reporter's own id, so it stays unique. */
const PURGED_ADDRESS_PREFIX = "purged:";

/** An upload no conversation refers to after this long will never be: its message was lost or its report cancelled. */
const UNREFERENCED_MEDIA_DAYS = 7;

/** The ticket fields that identify or reach the reporter, nulled by the purge. */
const PURGED_TICKET_FIELDS = ["reporterName", "reporterPhone", "pinHash"] as const;

export async function runRetention(db: Db, now: Date, options: RetentionOptions = {}): Promise<RetentionResult> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let mediaOfPurgedTickets = 0;
  const ticketsPurged = await inBatches(async () => {
    const batch = await purgeTicketBatch(db, now, batchSize);
    mediaOfPurgedTickets += batch.mediaDeleted;
    return batch.tickets;
  }, batchSize);
  const result = {
    ticketsPurged,
    reportersPurged: await inBatches(() => purgeReporterBatch(db, now, batchSize), batchSize),
    sessionsDeleted: await inBatches(() => deleteExpiredSessionBatch(db, now, batchSize), batchSize),
    mediaDeleted: mediaOfPurgedTickets + (await inBatches(() => deleteUnreferencedMediaBatch(db, now, batchSize), batchSize)),
  };
  // What was purged still sits in the tables' files until VACUUM (reclaim-space.ts).
  if (result.ticketsPurged + result.reportersPurged + result.mediaDeleted > 0) await reclaimPurgedSpace(db, options.reclaim ?? "plain");
  return result;
}

/** Runs `batch` until one comes back short; returns the total it handled. */
async function inBatches(batch: () => Promise<number>, batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const handled = await batch();
    total += handled;
    if (handled < batchSize) return total;
  }
}

/** `now` minus a number of days computed in SQL, so each unit's own period applies. */
function daysBefore(now: Date, days: SQLWrapper) {
  return sql`${now.toISOString()}::timestamptz - make_interval(days => ${days})`;
}

async function purgeTicketBatch(db: Db, now: Date, batchSize: number): Promise<{ tickets: number; mediaDeleted: number }> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: tickets.id, unitId: tickets.unitId, retentionDays: units.retentionDays })
      .from(tickets)
      .innerJoin(units, eq(units.id, tickets.unitId))
      .where(
        and(
          inArray(tickets.status, ["selesai", "ditutup"]),
          isNull(tickets.purgedAt),
          lt(tickets.closedAt, daysBefore(now, units.retentionDays)),
        ),
      )
      .limit(batchSize)
      // Another instance running the job at the same moment takes other rows, not the same ones twice.
      .for("update", { of: tickets, skipLocked: true });
    if (due.length === 0) return { tickets: 0, mediaDeleted: 0 };

    const ticketIds = due.map((ticket) => ticket.id);
    // First, while the name and phone are still there to recognise their copies in the texts.
    await forgetContactCopies(tx, ticketIds);
    await tx
      .update(tickets)
      .set({ reporterName: null, reporterPhone: null, pinHash: null, purgedAt: now, updatedAt: now })
      .where(inArray(tickets.id, ticketIds));
    const mediaDeleted = await deleteMediaOfTickets(tx, ticketIds);
    await recordAudits(
      tx,
      due.map((ticket) => ({
        unitId: ticket.unitId,
        actorStaffId: null,
        action: "retention.purged",
        entityType: "ticket" as const,
        entityId: ticket.id,
        data: { fields: [...PURGED_TICKET_FIELDS], retentionDays: ticket.retentionDays, mediaFiles: mediaDeleted.get(ticket.id) ?? 0 },
        at: now,
      })),
    );
    let total = 0;
    for (const count of mediaDeleted.values()) total += count;
    return { tickets: due.length, mediaDeleted: total };
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Deletes the stored files the tickets' conversations refer to; returns how many per ticket. The
 * references are read first so the delete goes by primary key; a fileId that is not a stored
 * file's (a Telegram file_id, or garbage) is skipped.
 */
async function deleteMediaOfTickets(tx: Tx, ticketIds: readonly string[]): Promise<Map<string, number>> {
  const references = await tx
    .select({ ticketId: transcriptMessages.ticketId, fileId: sql<string | null>`${transcriptMessages.media} ->> 'fileId'` })
    .from(transcriptMessages)
    .where(and(inArray(transcriptMessages.ticketId, [...ticketIds]), eq(transcriptMessages.kind, "media"), isNotNull(transcriptMessages.media)));
  const ticketOf = new Map<string, string>();
  for (const { ticketId, fileId } of references) {
    if (ticketId === null || fileId === null || !fileId.startsWith(STORED_MEDIA_PREFIX)) continue;
    const mediaId = fileId.slice(STORED_MEDIA_PREFIX.length).toLowerCase();
    if (UUID.test(mediaId)) ticketOf.set(mediaId, ticketId);
  }
  const counts = new Map<string, number>();
  if (ticketOf.size === 0) return counts;
  const deleted = await tx.delete(mediaFiles).where(inArray(mediaFiles.id, [...ticketOf.keys()])).returning({ id: mediaFiles.id });
  for (const { id } of deleted) {
    const ticketId = ticketOf.get(id);
    if (ticketId !== undefined) counts.set(ticketId, (counts.get(ticketId) ?? 0) + 1);
  }
  return counts;
}

/** Uploads older than a week that no conversation refers to, whatever its ticket (or none yet). */
async function deleteUnreferencedMediaBatch(db: Db, now: Date, batchSize: number): Promise<number> {
  const unreferenced = db
    .select({ id: mediaFiles.id })
    .from(mediaFiles)
    .where(
      and(
        lt(mediaFiles.createdAt, daysBefore(now, sql`${UNREFERENCED_MEDIA_DAYS}`)),
        sql`not exists (select 1 from ${transcriptMessages} where ${transcriptMessages.kind} = 'media' and ${transcriptMessages.media} ->> 'fileId' = ${STORED_MEDIA_PREFIX} || ${mediaFiles.id}::text)`,
      ),
    )
    .limit(batchSize);
  const deleted = await db.delete(mediaFiles).where(inArray(mediaFiles.id, unreferenced)).returning({ id: mediaFiles.id });
  return deleted.length;
}

async function purgeReporterBatch(db: Db, now: Date, batchSize: number): Promise<number> {
  return db.transaction(async (tx) => {
    // A reporter is purged when they have tickets, all purged, and have been silent for the
    // longest retention among their tickets' units: writing again within it keeps them reachable
    // (their address is how the peksos answers a new report). A reporter without tickets never
    // finished a report and is left alone here.
    const longestRetention = sql`(select max(${units.retentionDays}) from ${tickets} inner join ${units} on ${units.id} = ${tickets.unitId} where ${tickets.reporterId} = ${reporters.id})`;
    const due = await tx
      .select({ id: reporters.id })
      .from(reporters)
      .where(
        and(
          notLike(reporters.address, `${PURGED_ADDRESS_PREFIX}%`),
          sql`exists (select 1 from ${tickets} where ${tickets.reporterId} = ${reporters.id})`,
          sql`not exists (select 1 from ${tickets} where ${tickets.reporterId} = ${reporters.id} and ${tickets.purgedAt} is null)`,
          lt(reporters.lastSeenAt, daysBefore(now, longestRetention)),
        ),
      )
      .limit(batchSize)
      .for("update", { skipLocked: true });
    if (due.length === 0) return 0;
    const ids = due.map((reporter) => reporter.id);

    // The row and its id stay (tickets and the transcript point to it); the unique key stays
    // unique because the new address is the reporter's own id. If the person writes again, the
    // intake finds no reporter for their chat and starts a new one: they are a stranger again.
    await tx
      .update(reporters)
      .set({ address: sql`${PURGED_ADDRESS_PREFIX} || ${reporters.id}::text` })
      .where(inArray(reporters.id, ids));
    // The session may hold a half-written report, with the name and phone they typed.
    await tx.delete(conversations).where(inArray(conversations.reporterId, ids));
    // Idempotency keys: the stored replies may quote the reporter, and a Telegram key embeds the
    // chat id ("m:<chat id>:<message id>"). Rewritten rather than deleted, so counts of messages
    // stay right; a redelivery after the retention period cannot happen, so the key has no work left.
    await tx
      .update(inboundMessages)
      .set({ response: null, externalId: sql`${PURGED_ADDRESS_PREFIX} || ${inboundMessages.id}::text` })
      .where(inArray(inboundMessages.reporterId, ids));
    await recordAudits(
      tx,
      ids.map((id) => ({
        // Reporters belong to the deployment, not to a unit: they may have written to several.
        unitId: null,
        actorStaffId: null,
        action: "retention.purged",
        entityType: "reporter" as const,
        entityId: id,
        data: { fields: ["address", "conversation", "inboundMessages"] },
        at: now,
      })),
    );
    return ids.length;
  });
}

/** Signed-in sessions past their end: the rows only ever matter until then. */
async function deleteExpiredSessionBatch(db: Db, now: Date, batchSize: number): Promise<number> {
  const expired = db.select({ id: staffSessions.id }).from(staffSessions).where(lt(staffSessions.expiresAt, now)).limit(batchSize);
  const deleted = await db.delete(staffSessions).where(inArray(staffSessions.id, expired)).returning({ id: staffSessions.id });
  return deleted.length;
}
