import type { Db } from "../../db/client.ts";
import { auditEvents } from "../../db/schema/audit.ts";

/** What an audit line can be about; GET /v1/audit filters on these. */
export const AUDIT_ENTITY_TYPES = [
  "ticket",
  "staff",
  "unit",
  "agency",
  "referral",
  "shift",
  "session",
  "export",
  "reporter",
  "channel",
  "school",
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

/**
 * One line of the audit trail. `data` names ids, fields and statuses only: never what a reporter
 * wrote, their address or contact details, or a password.
 */
export interface AuditEntry {
  /** The unit whose data was read or changed; null for deployment-wide actions. */
  unitId: string | null;
  /** Null when the system acted (a scheduled job). */
  actorStaffId: string | null;
  /** Dotted verb: ticket.viewed, ticket.status_changed, staff.created, retention.purged … */
  action: string;
  entityType: AuditEntityType;
  entityId?: string | null;
  data?: Record<string, unknown>;
  at: Date;
}

/** Writes one audit line; pass the transaction that makes the change, so both commit or neither. */
export async function recordAudit(tx: Pick<Db, "insert">, entry: AuditEntry): Promise<void> {
  await recordAudits(tx, [entry]);
}

/** Several audit lines in one statement: a job touching hundreds of rows writes one line each, cheaply. */
export async function recordAudits(tx: Pick<Db, "insert">, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(auditEvents).values(
    entries.map((entry) => ({
      unitId: entry.unitId,
      actorStaffId: entry.actorStaffId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      data: entry.data ?? {},
      createdAt: entry.at,
    })),
  );
}
