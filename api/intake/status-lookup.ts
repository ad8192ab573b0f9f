import { and, count, desc, eq, gte } from "drizzle-orm";
import type { ReplySpec } from "../../bot/conversation/types.ts";
import type { ReporterRole, TicketStatus } from "../../db/schema/enums.ts";
import { statusAttempts, tickets } from "../../db/schema/index.ts";
import type { Tx } from "./tx.ts";
import { verifyPin } from "./ticket-code.ts";

/** Guessing a PIN from another chat: a few tries per chat and per code each hour, then nothing. */
export const STATUS_LIMITS = { perReporterPerHour: 5, perCodePerHour: 10 };

/**
 * /status in child-friendly words: the state only, never staff names, notes, agency names or
 * contacts, nor why a ticket was closed. The chat that made a report sees it without a PIN; any
 * other chat needs the code and its PIN.
 */
export async function lookupStatus(
  tx: Tx,
  request: { reporterId: string; code: string | null; pin: string | null; now: Date },
): Promise<ReplySpec> {
  const { reporterId, code, pin, now } = request;
  if (code === null) {
    const [latest] = await tx
      .select({ code: tickets.code, status: tickets.status, reporterRole: tickets.reporterRole })
      .from(tickets)
      .where(eq(tickets.reporterId, reporterId))
      .orderBy(desc(tickets.createdAt))
      .limit(1);
    return latest ? stateReply(latest) : { key: "status.none_here" };
  }

  const [ticket] = await tx
    .select({
      code: tickets.code,
      status: tickets.status,
      reporterRole: tickets.reporterRole,
      reporterId: tickets.reporterId,
      pinHash: tickets.pinHash,
    })
    .from(tickets)
    .where(eq(tickets.code, code))
    .limit(1);
  if (ticket && ticket.reporterId === reporterId) return stateReply(ticket);
  if (pin === null) return { key: "status.usage" };

  const hourAgo = new Date(now.getTime() - 60 * 60_000);
  const failures = async (where: ReturnType<typeof eq>) => {
    const [row] = await tx
      .select({ n: count() })
      .from(statusAttempts)
      .where(and(where, eq(statusAttempts.succeeded, false), gte(statusAttempts.createdAt, hourAgo)));
    return row?.n ?? 0;
  };
  if (
    (await failures(eq(statusAttempts.reporterId, reporterId))) >= STATUS_LIMITS.perReporterPerHour ||
    (await failures(eq(statusAttempts.ticketCode, code))) >= STATUS_LIMITS.perCodePerHour
  ) {
    return { key: "status.rate_limited" };
  }
  const ok = ticket?.pinHash != null && verifyPin(pin, ticket.pinHash);
  await tx.insert(statusAttempts).values({ reporterId, ticketCode: code, succeeded: ok, createdAt: now });
  // Same answer for an unknown code and a wrong PIN: the reply must not confirm a code exists.
  return ok && ticket ? stateReply(ticket) : { key: "status.not_found" };
}

/**
 * States whose meaning is not obvious get one more line: what "passed on" means, and, once the
 * ticket is finished or closed, that the reporter may come back. One set of state words serves
 * children and adults; the added line is worded for each, as in the conversation.
 */
const EXPLAINED: Partial<Record<TicketStatus, "referred" | "come_back">> = {
  dirujuk: "referred",
  selesai: "come_back",
  ditutup: "come_back",
};

function stateReply(ticket: { code: string; status: TicketStatus; reporterRole: ReporterRole | null }): ReplySpec {
  const params = { code: ticket.code, state: { key: `status.states.${ticket.status}` } };
  const explained = EXPLAINED[ticket.status];
  if (explained === undefined) return { key: "status.state", params };
  // Aku/kamu unless the reporter said they are an adult (conversation's audienceOf).
  const audience = ticket.reporterRole === null || ticket.reporterRole === "anak" ? "child" : "adult";
  return { key: "status.state_explained", params: { ...params, meaning: { key: `status.meaning_${audience}.${explained}` } } };
}
