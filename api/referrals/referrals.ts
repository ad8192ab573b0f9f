import { and, asc, desc, eq, gte, inArray, lt, ne, not, or, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import type { ReferralStatus, TicketStatus } from "../../db/schema/enums.ts";
import { agencies, referrals, reporters, staff, ticketEvents, tickets } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/audit.ts";
import { queueOutbound } from "../outbox/outbox.ts";
import type { CreatedReferral, Referral, ReferralListQuery, ReferralSummary } from "./referral-schemas.ts";
import type { ReferralNotice } from "./reporter-notice.ts";
import { isOpenReferral, isOverdue, nextReferralStatuses, OPEN_REFERRAL_STATUSES } from "./transitions.ts";

/*
 * Referring a ticket to an agency and following the referral until the agency is done or refuses.
 * Each change is one transaction with its ticket events and audit lines, the ticket row locked
 * first (so a referral and a status change on the same ticket each see the other's result).
 * Failures are values; the routes map them to HTTP codes.
 */

/** Ticket statuses a referral moves to dirujuk; a dirujuk ticket can take further referrals as is. */
const REFERABLE: readonly TicketStatus[] = ["diterima", "ditangani", "dirujuk"];

const referralColumns = {
  referral: referrals,
  ticketCode: tickets.code,
  agency: { id: agencies.id, name: agencies.name, type: agencies.type, active: agencies.active },
  creatorName: staff.name,
};

type ReferralRow = {
  referral: typeof referrals.$inferSelect;
  ticketCode: string;
  agency: { id: string; name: string; type: (typeof agencies.$inferSelect)["type"]; active: boolean };
  creatorName: string | null;
};

function toSummary(row: ReferralRow, now: Date): ReferralSummary {
  const r = row.referral;
  return {
    id: r.id,
    ticket: { id: r.ticketId, code: row.ticketCode },
    agency: row.agency,
    status: r.status,
    dueAt: r.dueAt?.toISOString() ?? null,
    overdue: isOverdue(r, now),
    createdBy: r.createdById !== null && row.creatorName !== null ? { id: r.createdById, name: row.creatorName } : null,
    allowedNext: nextReferralStatuses(r.status),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
  };
}

function toReferral(row: ReferralRow, now: Date): Referral {
  return { ...toSummary(row, now), note: row.referral.note, rejectionReason: row.referral.rejectionReason };
}

/** Referrals with their ticket code, agency and creator; scoped to a unit through the ticket. */
function selectReferrals(db: Db, unitId: string, ...conditions: (SQL | undefined)[]) {
  return db
    .select(referralColumns)
    .from(referrals)
    .innerJoin(tickets, eq(tickets.id, referrals.ticketId))
    .innerJoin(agencies, eq(agencies.id, referrals.agencyId))
    .leftJoin(staff, eq(staff.id, referrals.createdById))
    .where(and(eq(tickets.unitId, unitId), ...conditions));
}

async function referralById(db: Db, unitId: string, referralId: string, now: Date): Promise<Referral> {
  const [row] = await selectReferrals(db, unitId, eq(referrals.id, referralId)).limit(1);
  if (!row) throw new Error("referral vanished inside its own transaction");
  return toReferral(row, now);
}

export interface CreateReferralInput {
  unitId: string;
  staffId: string;
  ticketId: string;
  agencyId: string;
  note: string;
  dueAt: Date;
  now: Date;
}

export type CreateReferralOutcome =
  | { ok: true; referral: CreatedReferral; outboundIds: string[]; ticketStatus: { from: TicketStatus; to: TicketStatus } }
  | { ok: false; error: "ticket_not_found" | "agency_unusable" | "ticket_not_acknowledged" | "ticket_closed" };

/**
 * Refers a ticket: the referral row, the ticket moved to dirujuk, its events and audit line, and,
 * when the reporter allowed contact and can still be reached, a message telling them in simple
 * words. All in one transaction: the reporter is never told of a referral that was not stored.
 * After the commit the caller dispatches `outboundIds`.
 */
export async function createReferral(db: Db, input: CreateReferralInput, notice: ReferralNotice): Promise<CreateReferralOutcome> {
  return db.transaction(async (tx) => {
    const [ticket] = await tx
      .select({
        id: tickets.id,
        code: tickets.code,
        status: tickets.status,
        language: tickets.language,
        reporterRole: tickets.reporterRole,
        reporterId: tickets.reporterId,
        consentToContact: tickets.consentToContact,
        purgedAt: tickets.purgedAt,
        reporterChannel: reporters.channel,
      })
      .from(tickets)
      .leftJoin(reporters, eq(reporters.id, tickets.reporterId))
      .where(and(eq(tickets.id, input.ticketId), eq(tickets.unitId, input.unitId)))
      .for("update", { of: tickets })
      .limit(1);
    if (!ticket) return { ok: false, error: "ticket_not_found" } as const;

    // An agency of another unit answers like an unknown one; a retired one cannot take new cases.
    const [agency] = await tx
      .select({ id: agencies.id, type: agencies.type })
      .from(agencies)
      .where(and(eq(agencies.id, input.agencyId), eq(agencies.unitId, input.unitId), eq(agencies.active, true)))
      .limit(1);
    if (!agency) return { ok: false, error: "agency_unusable" } as const;

    if (ticket.status === "baru") return { ok: false, error: "ticket_not_acknowledged" } as const;
    // What is left: selesai and ditutup. Reopening is the tickets' business, not a side effect here.
    if (!REFERABLE.includes(ticket.status)) return { ok: false, error: "ticket_closed" } as const;

    const [created] = await tx
      .insert(referrals)
      .values({
        ticketId: ticket.id,
        agencyId: agency.id,
        note: input.note,
        dueAt: input.dueAt,
        createdById: input.staffId,
        // The clock's millisecond time, not the database's microseconds: the list's keyset cursor
        // carries a JavaScript Date, which must compare equal to the stored value.
        createdAt: input.now,
        updatedAt: input.now,
      })
      .returning({ id: referrals.id });
    if (!created) throw new Error("insert into referrals returned no row");

    const to: TicketStatus = "dirujuk";
    if (ticket.status !== to) {
      await tx.update(tickets).set({ status: to, updatedAt: input.now }).where(eq(tickets.id, ticket.id));
    }

    // Told only when they allowed contact, and while retention has not removed their address.
    const reporterId = ticket.consentToContact && ticket.purgedAt === null ? ticket.reporterId : null;
    const outboundIds: string[] = [];
    if (reporterId !== null && ticket.reporterChannel !== null) {
      outboundIds.push(
        await queueOutbound(tx, {
          reporterId,
          ticketId: ticket.id,
          channel: ticket.reporterChannel,
          purpose: "referral",
          text: notice(ticket, agency.type),
          choices: [],
        }),
      );
    }

    const actor = { ticketId: ticket.id, actorKind: "staff" as const, actorStaffId: input.staffId, createdAt: input.now };
    await tx.insert(ticketEvents).values({
      ...actor,
      type: "referral",
      data: {
        referralId: created.id,
        agencyId: agency.id,
        status: "dikirim",
        reporterNotified: outboundIds.length > 0,
        ...(outboundIds[0] !== undefined && { outboundId: outboundIds[0] }),
      },
    });
    if (ticket.status !== to) {
      await tx.insert(ticketEvents).values({ ...actor, type: "status_changed", data: { from: ticket.status, to } });
    }

    const audit = { unitId: input.unitId, actorStaffId: input.staffId, at: input.now };
    await recordAudit(tx, {
      ...audit,
      action: "referral.created",
      entityType: "referral",
      entityId: created.id,
      data: { ticketId: ticket.id, agencyId: agency.id, agencyType: agency.type, reporterNotified: outboundIds.length > 0 },
    });
    if (ticket.status !== to) {
      await recordAudit(tx, {
        ...audit,
        action: "ticket.status_changed",
        entityType: "ticket",
        entityId: ticket.id,
        data: { from: ticket.status, to, via: "referral" },
      });
    }

    const referral = await referralById(tx, input.unitId, created.id, input.now);
    return {
      ok: true,
      referral: { ...referral, reporterNotified: outboundIds.length > 0 },
      outboundIds,
      ticketStatus: { from: ticket.status, to },
    } as const;
  });
}

/**
 * A ticket's referrals, oldest first, or null when the ticket does not exist in the unit. The
 * notes may speak of the child, so the read is audited.
 */
export async function ticketReferrals(
  db: Db,
  query: { unitId: string; staffId: string; ticketId: string; now: Date },
): Promise<Referral[] | null> {
  return db.transaction(async (tx) => {
    const [ticket] = await tx
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(eq(tickets.id, query.ticketId), eq(tickets.unitId, query.unitId)))
      .limit(1);
    if (!ticket) return null;
    const rows = await selectReferrals(tx, query.unitId, eq(referrals.ticketId, ticket.id)).orderBy(
      asc(referrals.createdAt),
      asc(referrals.id),
    );
    await recordAudit(tx, {
      unitId: query.unitId,
      actorStaffId: query.staffId,
      action: "ticket.referrals_viewed",
      entityType: "ticket",
      entityId: ticket.id,
      data: { count: rows.length },
      at: query.now,
    });
    return rows.map((row) => toReferral(row, query.now));
  });
}

/** Where the previous page ended: the last referral's creation time and id (newest first). */
interface Cursor {
  at: Date;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ at: cursor.at.toISOString(), id: cursor.id })).toString("base64url");
}

/** Null for anything that is not a cursor this API handed out. */
export function decodeCursor(text: string): Cursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (typeof value !== "object" || value === null || !("at" in value) || !("id" in value)) return null;
    if (typeof value.at !== "string" || typeof value.id !== "string") return null;
    const at = new Date(value.at);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    return Number.isNaN(at.getTime()) || !uuid.test(value.id) ? null : { at, id: value.id };
  } catch {
    return null;
  }
}

/**
 * The unit's referrals, newest first, a page at a time (keyset on creation time and id, so
 * referrals made while paging neither repeat nor go missing).
 */
export async function listReferrals(
  db: Db,
  query: Omit<ReferralListQuery, "cursor"> & { unitId: string; cursor: Cursor | undefined; now: Date },
): Promise<{ referrals: ReferralSummary[]; nextCursor: string | null }> {
  const conditions: (SQL | undefined)[] = [];
  if (query.status !== undefined) conditions.push(eq(referrals.status, query.status));
  if (query.agencyId !== undefined) conditions.push(eq(referrals.agencyId, query.agencyId));
  const overdue = and(lt(referrals.dueAt, query.now), inArray(referrals.status, [...OPEN_REFERRAL_STATUSES]));
  if (query.overdue === true) conditions.push(overdue);
  // "Not overdue" includes referrals without a due date, which `not(...)` alone would drop (null).
  if (query.overdue === false) {
    conditions.push(or(gte(referrals.dueAt, query.now), not(inArray(referrals.status, [...OPEN_REFERRAL_STATUSES]))));
  }
  if (query.cursor) {
    const { at, id } = query.cursor;
    conditions.push(or(lt(referrals.createdAt, at), and(eq(referrals.createdAt, at), lt(referrals.id, id))));
  }
  const rows = await selectReferrals(db, query.unitId, ...conditions)
    .orderBy(desc(referrals.createdAt), desc(referrals.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    referrals: page.map((row) => toSummary(row, query.now)),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.referral.createdAt, id: last.referral.id }) : null,
  };
}

export interface UpdateReferralInput {
  unitId: string;
  staffId: string;
  referralId: string;
  status: ReferralStatus;
  /** Required by the route for ditolak. */
  reason: string | undefined;
  note: string | undefined;
  now: Date;
}

export type UpdateReferralOutcome =
  | { ok: true; referral: Referral; ticketStatus: { from: TicketStatus; to: TicketStatus } | null }
  | { ok: false; error: "referral_not_found" }
  | { ok: false; error: "invalid_transition"; from: ReferralStatus; allowed: ReferralStatus[] };

/**
 * Moves a referral along. A refusal (ditolak) of a dirujuk ticket's last open referral moves the
 * ticket back to ditangani: nobody outside is helping any more, so the case is the peksos's again.
 */
export async function updateReferralStatus(db: Db, input: UpdateReferralInput): Promise<UpdateReferralOutcome> {
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ ticketId: referrals.ticketId })
      .from(referrals)
      .innerJoin(tickets, eq(tickets.id, referrals.ticketId))
      .where(and(eq(referrals.id, input.referralId), eq(tickets.unitId, input.unitId)))
      .limit(1);
    if (!found) return { ok: false, error: "referral_not_found" } as const;

    // Ticket first, then the referral: the same order as createReferral, so the two never deadlock.
    const [ticket] = await tx
      .select({ id: tickets.id, status: tickets.status })
      .from(tickets)
      .where(eq(tickets.id, found.ticketId))
      .for("update")
      .limit(1);
    const [referral] = await tx
      .select({ id: referrals.id, status: referrals.status, agencyId: referrals.agencyId })
      .from(referrals)
      .where(eq(referrals.id, input.referralId))
      .for("update")
      .limit(1);
    if (!ticket || !referral) throw new Error("referral or its ticket vanished inside the transaction");

    const allowed = nextReferralStatuses(referral.status);
    if (!allowed.includes(input.status)) {
      return { ok: false, error: "invalid_transition", from: referral.status, allowed } as const;
    }

    const closing = !isOpenReferral(input.status);
    await tx
      .update(referrals)
      .set({
        status: input.status,
        ...(input.status === "ditolak" && { rejectionReason: input.reason ?? null }),
        ...(closing && { closedAt: input.now }),
        updatedAt: input.now,
      })
      .where(eq(referrals.id, referral.id));

    const actor = { ticketId: ticket.id, actorKind: "staff" as const, actorStaffId: input.staffId, createdAt: input.now };
    await tx.insert(ticketEvents).values({
      ...actor,
      type: "referral",
      data: {
        referralId: referral.id,
        from: referral.status,
        to: input.status,
        ...(input.reason !== undefined && { reason: input.reason }),
        ...(input.note !== undefined && { note: input.note }),
      },
    });
    const audit = { unitId: input.unitId, actorStaffId: input.staffId, at: input.now };
    await recordAudit(tx, {
      ...audit,
      action: "referral.status_changed",
      entityType: "referral",
      entityId: referral.id,
      data: { ticketId: ticket.id, agencyId: referral.agencyId, from: referral.status, to: input.status },
    });

    let ticketStatus: { from: TicketStatus; to: TicketStatus } | null = null;
    if (input.status === "ditolak" && ticket.status === "dirujuk") {
      const [stillOpen] = await tx
        .select({ id: referrals.id })
        .from(referrals)
        .where(
          and(eq(referrals.ticketId, ticket.id), ne(referrals.id, referral.id), inArray(referrals.status, [...OPEN_REFERRAL_STATUSES])),
        )
        .limit(1);
      if (!stillOpen) {
        ticketStatus = { from: ticket.status, to: "ditangani" };
        await tx.update(tickets).set({ status: ticketStatus.to, updatedAt: input.now }).where(eq(tickets.id, ticket.id));
        await tx.insert(ticketEvents).values({
          ...actor,
          type: "status_changed",
          data: { ...ticketStatus, reason: "referral_rejected", referralId: referral.id },
        });
        await recordAudit(tx, {
          ...audit,
          action: "ticket.status_changed",
          entityType: "ticket",
          entityId: ticket.id,
          data: { ...ticketStatus, reason: "referral_rejected", referralId: referral.id },
        });
      }
    }

    return { ok: true, referral: await referralById(tx, input.unitId, referral.id, input.now), ticketStatus } as const;
  });
}
