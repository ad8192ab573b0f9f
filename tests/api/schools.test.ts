import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import { auditEvents, schools, units } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { createStaff, loginAs } from "../support/staff.ts";
import { buildTestApp } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

/*
 * The unit's school list: who may read and change it, codes unique per unit, another unit's
 * school answered like an unknown one, and every change in the audit trail.
 */

type Method = "GET" | "POST" | "PATCH";

interface SchoolBody {
  id: string;
  code: string;
  name: string;
  kecamatan: string | null;
  isExample: boolean;
  createdAt: string;
  updatedAt: string;
}

const NOT_FOUND = { error: "school_not_found", message: "Sekolah tidak ditemukan." };

describe(`school routes on ${testDbKind}`, () => {
  let database: TestDatabase;
  let app: App;
  let unitId: string;
  let otherUnitId: string;
  const tokens = { admin: "", supervisor: "", peksos: "", otherSupervisor: "", otherAdmin: "" };
  let supervisorId: string;
  let adminId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
    const [seeded] = await database.db.select({ id: units.id }).from(units).limit(1);
    unitId = seeded!.id;
    const [other] = await database.db.insert(units).values({ name: "Dinas Sosial Kabupaten Lain", code: "LIN" }).returning({ id: units.id });
    otherUnitId = other!.id;
    app = await buildTestApp(database);
    const signIn = async (role: "admin" | "supervisor" | "peksos", unit: string) => {
      const member = await createStaff(database, { role, unitId: unit });
      return { id: member.id, token: await loginAs(app, member.email, member.password) };
    };
    const admin = await signIn("admin", unitId);
    const supervisor = await signIn("supervisor", unitId);
    adminId = admin.id;
    supervisorId = supervisor.id;
    tokens.admin = admin.token;
    tokens.supervisor = supervisor.token;
    tokens.peksos = (await signIn("peksos", unitId)).token;
    tokens.otherSupervisor = (await signIn("supervisor", otherUnitId)).token;
    tokens.otherAdmin = (await signIn("admin", otherUnitId)).token;
  });

  afterAll(async () => {
    await app?.close();
    await database?.destroy();
  });

  async function call(method: Method, url: string, token: string | undefined, payload?: object, lang?: string) {
    const response = await app.inject({
      method,
      url,
      ...(payload !== undefined && { payload }),
      headers: { ...(token !== undefined && { authorization: `Bearer ${token}` }), ...(lang !== undefined && { "accept-language": lang }) },
    });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>(), text: response.body };
  }

  const list = async (token: string, query = "") => {
    const response = await call("GET", `/v1/schools${query}`, token);
    expect(response.status, response.text).toBe(200);
    return response.body.schools as SchoolBody[];
  };

  const create = async (token: string, payload: object) => call("POST", "/v1/schools", token, payload);

  it("lists the unit's schools by name for every role, the seeded placeholders included", async () => {
    for (const token of [tokens.admin, tokens.supervisor, tokens.peksos]) {
      const items = await list(token);
      expect(items.map((s) => s.code)).toEqual(["sdn-contoh-1", "smpn-contoh-3"]);
      expect(items[0]).toMatchObject({ name: "SD Negeri Contoh 1", kecamatan: "Metro Pusat", isExample: true });
    }
    expect(await list(tokens.otherSupervisor)).toEqual([]);
  });

  it("refuses a caller without a session", async () => {
    for (const [method, url] of [
      ["GET", "/v1/schools"],
      ["POST", "/v1/schools"],
      ["PATCH", "/v1/schools/00000000-0000-4000-8000-000000000001"],
    ] as const) {
      const response = await call(method, url, undefined, method === "GET" ? undefined : { name: "x" });
      expect(response.status, `${method} ${url}`).toBe(401);
    }
  });

  it("lets supervisors and admins add a school; the code is normalised, and the change audited", async () => {
    const response = await create(tokens.supervisor, { code: "  SMPN-3-Metro ", name: "  SMP Negeri 3 Metro ", kecamatan: "Metro Barat" });
    expect(response.status, response.text).toBe(201);
    const school = response.body as unknown as SchoolBody;
    expect(school).toMatchObject({ code: "smpn-3-metro", name: "SMP Negeri 3 Metro", kecamatan: "Metro Barat", isExample: false });
    const [row] = await database.db.select().from(schools).where(eq(schools.id, school.id));
    expect(row).toMatchObject({ unitId, code: "smpn-3-metro" });
    const [audit] = await database.db.select().from(auditEvents).where(eq(auditEvents.entityId, school.id));
    expect(audit).toMatchObject({ action: "school.created", entityType: "school", unitId, actorStaffId: supervisorId });
    expect(audit?.data).toEqual({ code: "smpn-3-metro", fields: ["code", "kecamatan", "name"] });

    const byAdmin = await create(tokens.admin, { code: "sdn-1-metro", name: "SD Negeri 1 Metro" });
    expect(byAdmin.status, byAdmin.text).toBe(201);
    expect(byAdmin.body).toMatchObject({ code: "sdn-1-metro", kecamatan: null });
  });

  it("refuses peksos (403) and malformed codes and names (400 naming the field)", async () => {
    const peksos = await create(tokens.peksos, { code: "sdn-9-metro", name: "SD Negeri 9 Metro" });
    expect(peksos.status).toBe(403);
    expect(peksos.body.error).toBe("forbidden");
    for (const code of ["a", "sekolah saya", "sdn_1", "sdn/1", "x".repeat(41)]) {
      const response = await create(tokens.supervisor, { code, name: "SD Negeri 9 Metro" });
      expect(response.status, code).toBe(400);
      expect(response.body.fields, code).toEqual([expect.objectContaining({ in: "body", path: "code" })]);
    }
    const blankName = await create(tokens.supervisor, { code: "sdn-9-metro", name: "   " });
    expect(blankName.status).toBe(400);
    expect(blankName.body.fields).toEqual([expect.objectContaining({ path: "name" })]);
  });

  it("answers 409 for a code the unit already has, in the caller's language; another unit may use it", async () => {
    const taken = await create(tokens.admin, { code: "smpn-contoh-3", name: "SMP Lain" });
    expect(taken.status).toBe(409);
    expect(taken.body).toEqual({
      error: "school_code_taken",
      message: "Kode sekolah ini sudah dipakai sekolah lain di unit Anda. Pilih kode lain.",
    });
    const english = await call("POST", "/v1/schools", tokens.supervisor, { code: "SMPN-CONTOH-3", name: "SMP Lain" }, "en");
    expect(english.status).toBe(409);
    expect(english.body.message).toBe("Another school of your unit already has this code. Choose another one.");

    const elsewhere = await create(tokens.otherSupervisor, { code: "smpn-contoh-3", name: "SMP Negeri Contoh 3 Kabupaten Lain" });
    expect(elsewhere.status, elsewhere.text).toBe(201);
    const [row] = await database.db.select().from(schools).where(eq(schools.id, (elsewhere.body as unknown as SchoolBody).id));
    expect(row?.unitId).toBe(otherUnitId);
  });

  it("filters by part of the name or the code, any case, with % and _ as plain letters", async () => {
    expect((await list(tokens.peksos, "?q=negeri%20CONTOH")).map((s) => s.code)).toEqual(["sdn-contoh-1", "smpn-contoh-3"]);
    expect((await list(tokens.peksos, "?q=SMPN-3")).map((s) => s.code)).toEqual(["smpn-3-metro"]);
    expect((await list(tokens.peksos, "?q=%25")).map((s) => s.code)).toEqual([]);
    expect((await list(tokens.peksos, "?q=_")).map((s) => s.code)).toEqual([]);
    // The other unit's school with the same code stays out.
    expect((await list(tokens.peksos, "?q=contoh-3")).map((s) => s.name)).toEqual(["SMP Negeri Contoh 3"]);
  });

  it("edits a school: a seeded placeholder stops being an example, null clears the kecamatan, the audit names the fields", async () => {
    const [placeholder] = await database.db.select().from(schools).where(and(eq(schools.unitId, unitId), eq(schools.code, "sdn-contoh-1")));
    const response = await call("PATCH", `/v1/schools/${placeholder!.id}`, tokens.admin, {
      name: "SD Negeri 5 Metro",
      code: "sdn-5-metro",
      kecamatan: null,
    });
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({ id: placeholder!.id, code: "sdn-5-metro", name: "SD Negeri 5 Metro", kecamatan: null, isExample: false });
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, placeholder!.id), eq(auditEvents.action, "school.updated")));
    expect(audit).toMatchObject({ entityType: "school", unitId, actorStaffId: adminId });
    expect(audit?.data).toEqual({ fields: ["code", "kecamatan", "name"], code: { from: "sdn-contoh-1", to: "sdn-5-metro" }, wasExample: true });

    // Sending what is already there changes nothing but is still a person's confirmation.
    const same = await call("PATCH", `/v1/schools/${placeholder!.id}`, tokens.supervisor, { name: "SD Negeri 5 Metro" });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ name: "SD Negeri 5 Metro", isExample: false });
  });

  it("answers 409 for a code another school of the unit has, and 400 for an empty change", async () => {
    const [school] = await database.db.select().from(schools).where(and(eq(schools.unitId, unitId), eq(schools.code, "sdn-5-metro")));
    const taken = await call("PATCH", `/v1/schools/${school!.id}`, tokens.supervisor, { code: "smpn-3-metro" });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toBe("school_code_taken");
    const [unchanged] = await database.db.select().from(schools).where(eq(schools.id, school!.id));
    expect(unchanged?.code).toBe("sdn-5-metro");

    const empty = await call("PATCH", `/v1/schools/${school!.id}`, tokens.supervisor, {});
    expect(empty.status).toBe(400);
    expect(empty.body.fields).toEqual(
      ["code", "name", "kecamatan"].map((path) => expect.objectContaining({ in: "body", path, message: "Isi minimal satu kolom yang mau diubah." })),
    );
  });

  it("answers another unit's school exactly like an unknown one, for admins too; peksos may not edit", async () => {
    const [school] = await database.db.select().from(schools).where(and(eq(schools.unitId, unitId), eq(schools.code, "smpn-3-metro")));
    for (const token of [tokens.otherSupervisor, tokens.otherAdmin]) {
      const foreign = await call("PATCH", `/v1/schools/${school!.id}`, token, { name: "Diambil alih" });
      const unknown = await call("PATCH", "/v1/schools/7d1f2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c", token, { name: "Diambil alih" });
      expect(foreign).toMatchObject({ status: 404, body: NOT_FOUND });
      expect(unknown).toMatchObject({ status: 404, body: NOT_FOUND });
    }
    const peksos = await call("PATCH", `/v1/schools/${school!.id}`, tokens.peksos, { name: "Diubah peksos" });
    expect(peksos.status).toBe(403);
    const [row] = await database.db.select().from(schools).where(eq(schools.id, school!.id));
    expect(row?.name).toBe("SMP Negeri 3 Metro");
  });
});
