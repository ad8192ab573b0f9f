import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { inboundMessages, outboundMessages, reporters, ticketEvents, tickets, transcriptMessages } from "../../db/schema/index.ts";

/* What the database holds for one Telegram chat or one staff member, for the fault tests' "exactly once" checks. */

export interface ChatRows {
  tickets: { id: string; code: string; priority: string; description: string | null }[];
  /** Inbound messages stored (the idempotency keys), one per update the API took. */
  inbound: string[];
  /** Transcript rows of what the reporter sent: one per message, however often it was delivered. */
  transcriptIn: number;
}

export async function rowsOfChat(database: Database, chatId: number | string): Promise<ChatRows> {
  const { db } = database;
  const [reporter] = await db
    .select({ id: reporters.id })
    .from(reporters)
    .where(and(eq(reporters.channel, "telegram"), eq(reporters.address, String(chatId))));
  if (!reporter) return { tickets: [], inbound: [], transcriptIn: 0 };
  const ticketRows = await db
    .select({ id: tickets.id, code: tickets.code, priority: tickets.priority, description: tickets.description })
    .from(tickets)
    .where(eq(tickets.reporterId, reporter.id));
  const inbound = await db.select({ externalId: inboundMessages.externalId }).from(inboundMessages).where(eq(inboundMessages.reporterId, reporter.id));
  const transcript = await db
    .select({ id: transcriptMessages.id })
    .from(transcriptMessages)
    .where(and(eq(transcriptMessages.reporterId, reporter.id), eq(transcriptMessages.direction, "in")));
  return { tickets: ticketRows, inbound: inbound.map((row) => row.externalId), transcriptIn: transcript.length };
}

/** The staff member's outbox rows (alerts) and the `alerted` events of a ticket. */
export async function alertsOf(database: Database, staffId: string, ticketId: string) {
  const { db } = database;
  const outbound = await db
    .select({ status: outboundMessages.status, attempts: outboundMessages.attempts, ticketId: outboundMessages.ticketId })
    .from(outboundMessages)
    .where(eq(outboundMessages.staffId, staffId));
  const alerted = await db
    .select({ data: ticketEvents.data })
    .from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.type, "alerted")));
  return { outbound, alerted: alerted.map((row) => row.data) };
}
