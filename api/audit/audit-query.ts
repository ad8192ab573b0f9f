import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import type { StaffRoleName } from "../../db/schema/enums.ts";
import { auditEvents, staff, units } from "../../db/schema/index.ts";
import type { AuditEntityType } from "./audit.ts";

/*
 * The admins' view of the audit trail: newest first, filtered, in pages. Pages are cut by
 * keyset (createdAt, id), not by offset, so lines written while an admin pages through never
 * shift a page or show a line twice.
 */

export interface AuditFilter {
  unitId?: string | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
  action?: string | undefined;
  entityType?: AuditEntityType | undefined;
  entityId?: string | undefined;
  actorStaffId?: string | undefined;
}

export interface AuditRow {
  id: string;
  at: string;
  unit: { id: string; name: string } | null;
  actor: { id: string; name: string; role: StaffRoleName } | null;
  action: string;
  entityType: string;
  entityId: string | null;
  data: Record<string, unknown>;
}

export interface AuditPage {
  items: AuditRow[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** Where a page ended: the last line's time, to the microsecond PostgreSQL keeps, and its id. */
interface Position {
  at: string;
  id: string;
}

// The timestamp as PostgreSQL wrote it, in UTC with microseconds: a JS Date keeps only
// milliseconds, and a cursor rounded to them would skip or repeat lines written in the same one.
const PositionSchema = z.tuple([z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/), z.uuid()]);

function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.at, position.id]), "utf8").toString("base64url");
}

/** The position a cursor names, or null when it is not one this API handed out. */
export function decodeCursor(cursor: string): Position | null {
  try {
    const parsed = PositionSchema.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return parsed.success ? { at: parsed.data[0], id: parsed.data[1] } : null;
  } catch {
    return null;
  }
}

/** One page of audit lines matching `filter`, after `after` when given. */
export async function listAudit(db: Db, filter: AuditFilter, page: { limit: number; after: Position | null }): Promise<AuditPage> {
  const conditions: SQL[] = [];
  if (filter.unitId !== undefined) conditions.push(eq(auditEvents.unitId, filter.unitId));
  if (filter.since !== undefined) conditions.push(gte(auditEvents.createdAt, filter.since));
  if (filter.until !== undefined) conditions.push(lt(auditEvents.createdAt, filter.until));
  if (filter.action !== undefined) conditions.push(eq(auditEvents.action, filter.action));
  if (filter.entityType !== undefined) conditions.push(eq(auditEvents.entityType, filter.entityType));
  if (filter.entityId !== undefined) conditions.push(eq(auditEvents.entityId, filter.entityId));
  if (filter.actorStaffId !== undefined) conditions.push(eq(auditEvents.actorStaffId, filter.actorStaffId));
  if (page.after !== null) {
    conditions.push(sql`(${auditEvents.createdAt}, ${auditEvents.id}) < (${page.after.at}::timestamptz, ${page.after.id}::uuid)`);
  }

  // One row more than the page: whether it exists says if there is a next page.
  const rows = await db
    .select({
      id: auditEvents.id,
      at: auditEvents.createdAt,
      position: sql<string>`to_char(${auditEvents.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      unitId: units.id,
      unitName: units.name,
      actorId: staff.id,
      actorName: staff.name,
      actorRole: staff.role,
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
      data: auditEvents.data,
    })
    .from(auditEvents)
    .leftJoin(units, eq(units.id, auditEvents.unitId))
    .leftJoin(staff, eq(staff.id, auditEvents.actorStaffId))
    .where(and(...conditions))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(page.limit + 1);

  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      unit: row.unitId !== null && row.unitName !== null ? { id: row.unitId, name: row.unitName } : null,
      actor:
        row.actorId !== null && row.actorName !== null && row.actorRole !== null
          ? { id: row.actorId, name: row.actorName, role: row.actorRole }
          : null,
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
      data: row.data,
    })),
    nextCursor: rows.length > page.limit && last ? encodeCursor({ at: last.position, id: last.id }) : null,
  };
}
