import { and, asc, eq, ilike, or } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { schools } from "../../db/schema/index.ts";
import { definedKeys } from "../admin/defined-keys.ts";
import { isUniqueViolation } from "../admin/unique-violation.ts";
import { recordAudit } from "../audit/audit.ts";
import type { CreateSchoolBody, School, UpdateSchoolBody } from "./school-schemas.ts";

/*
 * The unit's schools: where peksos handed out leaflets. A school's code is what its leaflet's
 * Telegram link carries, so a report from it arrives naming the school. Every unit keeps its own
 * list, admins included: another unit's school is answered like an unknown one. There is no
 * delete: tickets keep the code they came with, and a school that is gone simply gets no leaflet.
 */

type SchoolRow = typeof schools.$inferSelect;

function toSchool(row: SchoolRow): School {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kecamatan: row.kecamatan,
    isExample: row.isExample,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** `%` and `_` typed into the search box are letters, not wildcards. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

export async function listSchools(db: Db, query: { unitId: string; q: string | undefined }): Promise<School[]> {
  const inUnit = eq(schools.unitId, query.unitId);
  const pattern = query.q === undefined ? undefined : containsPattern(query.q);
  const rows = await db
    .select()
    .from(schools)
    .where(pattern === undefined ? inUnit : and(inUnit, or(ilike(schools.name, pattern), ilike(schools.code, pattern))))
    .orderBy(asc(schools.name), asc(schools.code));
  return rows.map(toSchool);
}

/** The unit's school, or undefined for an unknown id and for another unit's school alike. */
export async function findSchool(db: Db, unitId: string, schoolId: string): Promise<SchoolRow | undefined> {
  const [row] = await db
    .select()
    .from(schools)
    .where(and(eq(schools.id, schoolId), eq(schools.unitId, unitId)))
    .limit(1);
  return row;
}

interface Actor {
  unitId: string;
  staffId: string;
  now: Date;
}

export type CreateSchoolOutcome = { ok: true; school: School } | { ok: false; error: "school_code_taken" };

export async function createSchool(db: Db, actor: Actor, body: CreateSchoolBody): Promise<CreateSchoolOutcome> {
  try {
    const school = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(schools)
        .values({
          unitId: actor.unitId,
          code: body.code,
          name: body.name,
          kecamatan: body.kecamatan ?? null,
          createdAt: actor.now,
          updatedAt: actor.now,
        })
        .returning();
      if (!row) throw new Error("insert into schools returned no row");
      await recordAudit(tx, {
        unitId: actor.unitId,
        actorStaffId: actor.staffId,
        action: "school.created",
        entityType: "school",
        entityId: row.id,
        data: { code: row.code, fields: definedKeys(body) },
        at: actor.now,
      });
      return toSchool(row);
    });
    return { ok: true, school };
  } catch (error) {
    // The unique (unit, code) constraint decides, not a pre-check: two supervisors adding the same code at once both pass one.
    if (isUniqueViolation(error)) return { ok: false, error: "school_code_taken" };
    throw error;
  }
}

const EDITABLE_FIELDS = ["code", "name", "kecamatan"] as const satisfies readonly (keyof UpdateSchoolBody)[];

export type UpdateSchoolOutcome = { ok: true; school: School } | { ok: false; error: "school_not_found" | "school_code_taken" };

/**
 * Applies an edit. Any edit of a seeded placeholder clears `isExample`: a person has now looked at
 * the entry and answers for it. The audit names the changed fields, and a changed code with both
 * values (a code is no personal data, and it tells which printed leaflets stopped naming the school).
 */
export async function updateSchool(db: Db, actor: Actor, schoolId: string, body: UpdateSchoolBody): Promise<UpdateSchoolOutcome> {
  try {
    return await db.transaction(async (tx) => {
      const [current] = await tx
        .select()
        .from(schools)
        .where(and(eq(schools.id, schoolId), eq(schools.unitId, actor.unitId)))
        .for("update")
        .limit(1);
      if (!current) return { ok: false, error: "school_not_found" } as const;

      const changed = EDITABLE_FIELDS.filter((field) => body[field] !== undefined && body[field] !== current[field]).sort();
      const [row] = await tx
        .update(schools)
        .set({ ...body, isExample: false, updatedAt: actor.now })
        .where(eq(schools.id, current.id))
        .returning();
      if (!row) throw new Error("school vanished inside its update transaction");
      await recordAudit(tx, {
        unitId: actor.unitId,
        actorStaffId: actor.staffId,
        action: "school.updated",
        entityType: "school",
        entityId: current.id,
        data: {
          fields: changed,
          ...(row.code !== current.code && { code: { from: current.code, to: row.code } }),
          ...(current.isExample && { wasExample: true }),
        },
        at: actor.now,
      });
      return { ok: true, school: toSchool(row) } as const;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: "school_code_taken" };
    throw error;
  }
}
