import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  conversations,
  inboundMessages,
  mediaFiles,
  outboundMessages,
  referrals,
  reporters,
  ticketEvents,
  tickets,
  transcriptMessages,
} from "../../db/schema/index.ts";

/*
 * A purged row is not gone from disk: PostgreSQL keeps the old version of every updated or
 * deleted row in the table's files until VACUUM reclaims it, and even then its bytes may stay in
 * the page's free space until something is written over them. PostgreSQL's autovacuum gets to
 * the first part some day; PGlite, the default of `npm start`, has no autovacuum at all, so a
 * purged photo, name or number would stay in DATA_DIR for good.
 *
 * "plain": VACUUM, which frees the space without locking out the intake (PostgreSQL in production,
 * where the data files are the database server's). "full": VACUUM FULL, which rewrites each table
 * into a new file and drops the old one, so the purged bytes leave the data files (PGlite, whose
 * files sit in DATA_DIR and whose single connection is held by any vacuum anyway). The write-ahead
 * log keeps old versions until its segments are recycled: the database's own business.
 */

export type ReclaimMode = "plain" | "full";

const PURGED_TABLES = [tickets, transcriptMessages, ticketEvents, referrals, outboundMessages, reporters, conversations, inboundMessages, mediaFiles];

/** Outside any transaction: VACUUM cannot run inside one. */
export async function reclaimPurgedSpace(db: Db, mode: ReclaimMode): Promise<void> {
  for (const table of PURGED_TABLES) await db.execute(mode === "full" ? sql`vacuum full ${table}` : sql`vacuum ${table}`);
}
