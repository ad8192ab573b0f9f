import type { Db } from "../../db/client.ts";
import { auditEvents } from "../../db/schema/audit.ts";

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
  entityType: "ticket" | "staff" | "unit" | "agency" | "referral" | "shift" | "session" | "export";
  entityId?: string | null;
  data?: Record<string, unknown>;
  at: Date;
}

/** Writes one audit line; pass the transaction that makes the change, so both commit or neither. */
export async function recordAudit(tx: Pick<Db, "insert">, entry: AuditEntry): Promise<void> {
  await tx.insert(auditEvents).values({
    unitId: entry.unitId,
    actorStaffId: entry.actorStaffId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    data: entry.data ?? {},
    createdAt: entry.at,
  });
}
