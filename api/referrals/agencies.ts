import { and, asc, desc, eq, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import type { AgencyType } from "../../db/schema/enums.ts";
import { agencies } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/audit.ts";
import type { Agency, CreateAgencyBody, UpdateAgencyBody } from "./agency-schemas.ts";

/*
 * The unit's directory of services a case can be referred to. There is no delete: referrals point
 * at their agency for as long as the ticket is kept, so an agency that closed is retired
 * (active: false) and stays readable.
 */

type AgencyRow = typeof agencies.$inferSelect;

export function toAgency(row: AgencyRow): Agency {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    phone: row.phone,
    whatsapp: row.whatsapp,
    email: row.email,
    address: row.address,
    notes: row.notes,
    isExample: row.isExample,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listAgencies(
  db: Db,
  query: { unitId: string; type: AgencyType | undefined; active: boolean | undefined },
): Promise<Agency[]> {
  const conditions: SQL[] = [eq(agencies.unitId, query.unitId)];
  if (query.type !== undefined) conditions.push(eq(agencies.type, query.type));
  if (query.active !== undefined) conditions.push(eq(agencies.active, query.active));
  const rows = await db
    .select()
    .from(agencies)
    .where(and(...conditions))
    .orderBy(desc(agencies.active), asc(agencies.name), asc(agencies.id));
  return rows.map(toAgency);
}

interface Actor {
  unitId: string;
  staffId: string;
  now: Date;
}

export async function createAgency(db: Db, actor: Actor, body: CreateAgencyBody): Promise<Agency> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(agencies)
      .values({ ...body, unitId: actor.unitId, createdAt: actor.now, updatedAt: actor.now })
      .returning();
    if (!row) throw new Error("insert into agencies returned no row");
    await recordAudit(tx, {
      unitId: actor.unitId,
      actorStaffId: actor.staffId,
      action: "agency.created",
      entityType: "agency",
      entityId: row.id,
      data: { type: row.type, fields: Object.keys(body).sort() },
      at: actor.now,
    });
    return toAgency(row);
  });
}

export type UpdateAgencyOutcome = { ok: true; agency: Agency } | { ok: false; error: "agency_not_found" };

/**
 * Applies a supervisor's edit. Any edit of a seeded example clears `isExample`: a person has now
 * looked at the entry and answers for it. The audit names the changed fields, not their values.
 */
export async function updateAgency(db: Db, actor: Actor, agencyId: string, body: UpdateAgencyBody): Promise<UpdateAgencyOutcome> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(agencies)
      .where(and(eq(agencies.id, agencyId), eq(agencies.unitId, actor.unitId)))
      .for("update")
      .limit(1);
    if (!current) return { ok: false, error: "agency_not_found" } as const;

    const changed = (Object.keys(body) as (keyof UpdateAgencyBody)[]).filter(
      (field) => body[field] !== undefined && body[field] !== current[field],
    );
    const [row] = await tx
      .update(agencies)
      .set({ ...body, isExample: false, updatedAt: actor.now })
      .where(eq(agencies.id, agencyId))
      .returning();
    if (!row) throw new Error("agency vanished inside its update transaction");
    await recordAudit(tx, {
      unitId: actor.unitId,
      actorStaffId: actor.staffId,
      action: "agency.updated",
      entityType: "agency",
      entityId: agencyId,
      data: {
        fields: changed.sort(),
        ...(body.active !== undefined && body.active !== current.active && { active: body.active }),
        ...(current.isExample && { wasExample: true }),
      },
      at: actor.now,
    });
    return { ok: true, agency: toAgency(row) } as const;
  });
}
