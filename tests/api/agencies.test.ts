import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import { agencies, auditEvents, units } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { createStaff, loginAs } from "../support/staff.ts";
import { buildTestApp } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

const NOW = new Date("2025-07-14T03:00:00.000Z");

describe(`agency directory on ${testDbKind}`, () => {
  let database: TestDatabase;
  let app: App;
  let unitId: string;
  let otherUnitId: string;
  const tokens: Record<"peksos" | "supervisor" | "admin" | "otherSupervisor", string> = {
    peksos: "",
    supervisor: "",
    admin: "",
    otherSupervisor: "",
  };
  let supervisorId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
    const [unit] = await database.db.select({ id: units.id }).from(units);
    unitId = unit!.id;
    const [other] = await database.db.insert(units).values({ name: "Dinas Sosial Kabupaten Lain", code: "LIN" }).returning();
    otherUnitId = other!.id;
    app = await buildTestApp(database, { clock: () => NOW });
    for (const role of ["peksos", "supervisor", "admin"] as const) {
      const member = await createStaff(database, { role, unitId });
      if (role === "supervisor") supervisorId = member.id;
      tokens[role] = await loginAs(app, member.email, member.password);
    }
    const foreign = await createStaff(database, { role: "supervisor", unitId: otherUnitId });
    tokens.otherSupervisor = await loginAs(app, foreign.email, foreign.password);
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  const call = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, token: string | undefined, payload?: Record<string, unknown>) =>
    app.inject({
      method,
      url,
      ...(payload !== undefined && { payload }),
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });

  it("lists the seeded starter agencies to any staff of the unit, and none to another unit", async () => {
    for (const role of ["peksos", "supervisor", "admin"] as const) {
      const res = await call("GET", "/v1/agencies", tokens[role]);
      expect(res.statusCode, role).toBe(200);
      const list = res.json().agencies as { type: string; isExample: boolean; active: boolean; name: string }[];
      expect(list.map((a) => a.type).sort()).toEqual(["polisi_ppa", "puskesmas", "sapa129", "sekolah_tppk", "sentra_kemensos", "uptd_ppa"]);
      expect(list.every((a) => a.isExample && a.active)).toBe(true);
      // By name, so the console shows a stable list.
      expect(list.map((a) => a.name)).toEqual([...list.map((a) => a.name)].sort());
    }
    const foreign = await call("GET", "/v1/agencies", tokens.otherSupervisor);
    expect(foreign.json()).toEqual({ agencies: [] });
    expect((await call("GET", "/v1/agencies", undefined)).statusCode).toBe(401);
  });

  it("filters by type and by active", async () => {
    const sapa = await call("GET", "/v1/agencies?type=sapa129", tokens.peksos);
    expect(sapa.json().agencies).toEqual([
      expect.objectContaining({ name: "SAPA 129 KemenPPPA", type: "sapa129", phone: "129", whatsapp: "08111129129" }),
    ]);
    expect((await call("GET", "/v1/agencies?active=false", tokens.peksos)).json().agencies).toEqual([]);
    const bad = await call("GET", "/v1/agencies?type=dukun&active=maybe", tokens.peksos);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields.map((f: { path: string }) => f.path).sort()).toEqual(["active", "type"]);
  });

  it("lets supervisors and admins add an agency, audited without its contact details", async () => {
    const body = {
      name: "  UPTD PPA Kota Metro  ",
      type: "uptd_ppa",
      phone: "0725-41234",
      email: "UPTD.PPA@metrokota.example",
      notes: "Kirim surat rujukan resmi.",
    };
    const created = await call("POST", "/v1/agencies", tokens.supervisor, body);
    expect(created.statusCode).toBe(201);
    const agency = created.json();
    expect(agency).toMatchObject({
      name: "UPTD PPA Kota Metro",
      type: "uptd_ppa",
      phone: "0725-41234",
      whatsapp: null,
      email: "uptd.ppa@metrokota.example",
      address: null,
      isExample: false,
      active: true,
      createdAt: NOW.toISOString(),
    });
    const [row] = await database.db.select().from(agencies).where(eq(agencies.id, agency.id));
    expect(row?.unitId).toBe(unitId);

    const [audit] = await database.db.select().from(auditEvents).where(eq(auditEvents.entityId, agency.id));
    expect(audit).toMatchObject({ action: "agency.created", entityType: "agency", unitId, actorStaffId: supervisorId });
    expect(audit?.data).toEqual({ type: "uptd_ppa", fields: ["email", "name", "notes", "phone", "type"] });
    expect(JSON.stringify(audit?.data)).not.toContain("41234");

    expect((await call("POST", "/v1/agencies", tokens.admin, { name: "Puskesmas Yosomulyo", type: "puskesmas" })).statusCode).toBe(201);
    const refused = await call("POST", "/v1/agencies", tokens.peksos, { name: "Apa saja", type: "lainnya" });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: "forbidden" });
  });

  it("answers bad input with 400 naming the fields", async () => {
    const res = await call("POST", "/v1/agencies", tokens.supervisor, { name: " ", type: "dukun", phone: "nomor saya", email: "bukan-email" });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields.map((f: { path: string }) => f.path).sort()).toEqual(["email", "name", "phone", "type"]);
    const empty = await call("PATCH", `/v1/agencies/${randomUUID()}`, tokens.supervisor, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toBe("validation");
    expect((await call("PATCH", "/v1/agencies/not-a-uuid", tokens.supervisor, { active: false })).statusCode).toBe(400);
  });

  it("editing a seeded example clears isExample; null clears a contact; the audit names the fields", async () => {
    const [sapa] = await database.db.select().from(agencies).where(and(eq(agencies.unitId, unitId), eq(agencies.type, "sapa129")));
    const res = await call("PATCH", `/v1/agencies/${sapa!.id}`, tokens.supervisor, { whatsapp: null, notes: "Telepon 129." });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: sapa!.id, whatsapp: null, notes: "Telepon 129.", phone: "129", isExample: false });
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, sapa!.id), eq(auditEvents.action, "agency.updated")));
    expect(audit?.data).toEqual({ fields: ["notes", "whatsapp"], wasExample: true });
  });

  it("retires an agency with active:false (no delete), and brings it back", async () => {
    const [puskesmas] = await database.db
      .select()
      .from(agencies)
      .where(and(eq(agencies.unitId, unitId), eq(agencies.name, "Puskesmas terdekat (layanan PKT)")));
    const retired = await call("PATCH", `/v1/agencies/${puskesmas!.id}`, tokens.admin, { active: false });
    expect(retired.json()).toMatchObject({ active: false, isExample: false });
    const inactive = (await call("GET", "/v1/agencies?active=false", tokens.peksos)).json().agencies;
    expect(inactive.map((a: { id: string }) => a.id)).toEqual([puskesmas!.id]);
    // Retired ones come last in the full list.
    const all = (await call("GET", "/v1/agencies", tokens.peksos)).json().agencies;
    expect(all.at(-1).id).toBe(puskesmas!.id);
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, puskesmas!.id), eq(auditEvents.action, "agency.updated")));
    expect(audit?.data).toMatchObject({ fields: ["active"], active: false });

    expect((await call("PATCH", `/v1/agencies/${puskesmas!.id}`, tokens.supervisor, { active: true })).json().active).toBe(true);
    expect((await call("DELETE", `/v1/agencies/${puskesmas!.id}`, tokens.supervisor)).statusCode).toBe(404);
  });

  it("refuses peksos edits, and answers another unit's agency like an unknown one", async () => {
    const [own] = await database.db.select().from(agencies).where(eq(agencies.unitId, unitId)).limit(1);
    expect((await call("PATCH", `/v1/agencies/${own!.id}`, tokens.peksos, { name: "Nama lain" })).statusCode).toBe(403);
    const foreign = await call("PATCH", `/v1/agencies/${own!.id}`, tokens.otherSupervisor, { name: "Diambil alih" });
    const unknown = await call("PATCH", `/v1/agencies/${randomUUID()}`, tokens.otherSupervisor, { name: "Diambil alih" });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual(unknown.json());
    expect(foreign.json()).toEqual({ error: "agency_not_found", message: "Lembaga tidak ditemukan." });
    const [unchanged] = await database.db.select().from(agencies).where(eq(agencies.id, own!.id));
    expect(unchanged?.name).toBe(own!.name);
  });

  it("documents the routes under the agencies tag with every status they send", async () => {
    const doc = (await app.inject({ method: "GET", url: "/docs/json" })).json();
    const routes = [
      [doc.paths["/v1/agencies"].get, ["200", "400", "401"]],
      [doc.paths["/v1/agencies"].post, ["201", "400", "401", "403"]],
      [doc.paths["/v1/agencies/{id}"].patch, ["200", "400", "401", "403", "404"]],
    ] as const;
    for (const [route, codes] of routes) {
      expect(route.tags).toEqual(["agencies"]);
      expect(route.security).toEqual([{ staffToken: [] }, { staffCookie: [] }]);
      expect(Object.keys(route.responses).sort()).toEqual(codes);
    }
  });
});
