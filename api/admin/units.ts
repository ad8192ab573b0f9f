import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { units } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/audit.ts";
import type { UnitCreateBody, UnitPatchBody, UnitView } from "./schemas.ts";
import { definedKeys } from "./defined-keys.ts";
import { isUniqueViolation } from "./unique-violation.ts";

type UnitRow = typeof units.$inferSelect;

/*
 * Units are a deployment's Dinas Sosial offices. Only admins create and change them: the SLA
 * targets and the retention period are policy the deployment answers for (UU PDP), and a
 * supervisor's unit settings are one request to the admin away.
 */

export function unitView(row: UnitRow): UnitView {
  return {
    id: row.id,
    name: row.name,
    code: row.code,
    regionCode: row.regionCode,
    timezone: row.timezone,
    hotlineNumbers: row.hotlineNumbers,
    slaMinutes: row.slaMinutes,
    kecamatan: row.kecamatan,
    retentionDays: row.retentionDays,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listUnits(db: Db): Promise<UnitView[]> {
  const rows = await db.select().from(units).orderBy(asc(units.name), asc(units.code));
  return rows.map(unitView);
}

export async function createUnit(
  db: Db,
  input: { body: UnitCreateBody; actorStaffId: string; now: Date },
): Promise<{ ok: true; unit: UnitView } | { ok: false; error: "unit_code_taken" }> {
  try {
    const unit = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(units)
        // Fields left out keep the table's defaults (DESIGN.md's SLA targets, 365 days, no numbers).
        .values({ ...input.body, createdAt: input.now, updatedAt: input.now })
        .returning();
      if (!row) throw new Error("unit insert returned no row");
      await recordAudit(tx, {
        unitId: row.id,
        actorStaffId: input.actorStaffId,
        action: "unit.created",
        entityType: "unit",
        entityId: row.id,
        data: { code: row.code, fields: definedKeys(input.body) },
        at: input.now,
      });
      return unitView(row);
    });
    return { ok: true, unit };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: "unit_code_taken" };
    throw error;
  }
}

export async function updateUnit(
  db: Db,
  input: { unitId: string; changes: UnitPatchBody; actorStaffId: string; now: Date },
): Promise<{ ok: true; unit: UnitView } | { ok: false; error: "unit_not_found" }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(units)
      .set({ ...input.changes, updatedAt: input.now })
      .where(eq(units.id, input.unitId))
      .returning();
    if (!row) return { ok: false, error: "unit_not_found" } as const;
    await recordAudit(tx, {
      unitId: row.id,
      actorStaffId: input.actorStaffId,
      action: "unit.updated",
      entityType: "unit",
      entityId: row.id,
      data: { fields: definedKeys(input.changes) },
      at: input.now,
    });
    return { ok: true, unit: unitView(row) } as const;
  });
}
