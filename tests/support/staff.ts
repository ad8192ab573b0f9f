import { randomBytes } from "node:crypto";
import type { App } from "../../api/app.ts";
import type { StaffRole } from "../../api/auth/sessions.ts";
import { hashPassword } from "../../api/staff/passwords.ts";
import type { Database } from "../../db/client.ts";
import { staff, units } from "../../db/schema/index.ts";

export interface CreateStaffOptions {
  role: StaffRole;
  /** Defaults to the seeded unit (the only or first one): call seedIfEmpty first. */
  unitId?: string;
  email?: string;
  password?: string;
  name?: string;
  active?: boolean;
}

export interface CreatedStaff {
  id: string;
  unitId: string;
  role: StaffRole;
  name: string;
  email: string;
  /** The plain password, to sign in with. */
  password: string;
}

/** Inserts a staff member directly (no admin route exists yet); unique email and password unless given. */
export async function createStaff(database: Database, options: CreateStaffOptions): Promise<CreatedStaff> {
  const unitId = options.unitId ?? (await seededUnitId(database));
  const suffix = randomBytes(4).toString("hex");
  const email = (options.email ?? `${options.role}-${suffix}@example.org`).toLowerCase();
  const password = options.password ?? `test-password-${suffix}`;
  const name = options.name ?? `Uji ${options.role} ${suffix}`;
  const [row] = await database.db
    .insert(staff)
    .values({
      unitId,
      email,
      name,
      role: options.role,
      passwordHash: await hashPassword(password),
      active: options.active ?? true,
    })
    .returning({ id: staff.id });
  if (!row) throw new Error("createStaff: insert returned no row");
  return { id: row.id, unitId, role: options.role, name, email, password };
}

/** Signs in through POST /v1/auth/login and returns the bearer token; throws with the status otherwise. */
export async function loginAs(app: App, email: string, password: string): Promise<string> {
  const response = await app.inject({ method: "POST", url: "/v1/auth/login", payload: { email, password } });
  if (response.statusCode !== 200) {
    throw new Error(`loginAs(${email}): HTTP ${response.statusCode} ${response.body}`);
  }
  const body: unknown = response.json();
  if (typeof body !== "object" || body === null || !("token" in body) || typeof body.token !== "string") {
    throw new Error(`loginAs(${email}): no token in the answer`);
  }
  return body.token;
}

async function seededUnitId(database: Database): Promise<string> {
  const [unit] = await database.db.select({ id: units.id }).from(units).orderBy(units.createdAt).limit(1);
  if (!unit) throw new Error("createStaff: no unit in the database; call seedIfEmpty first or pass unitId");
  return unit.id;
}
