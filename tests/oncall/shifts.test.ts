import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import { auditEvents, shifts, staff } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { loginAs } from "../support/staff.ts";
import { buildTestApp } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";
import { addShift, addStaff, HOUR, newUnit } from "./support.ts";

/*
 * The roster through the API: who may read and change it, the one-primary-one-backup rule, and
 * what /oncall/now and /oncall/gaps make of it. The app's clock is fixed; every test works on
 * its own day, so they do not see each other's shifts.
 */

const T0 = new Date("2025-07-14T00:00:00.000Z");
const DAY = 24 * HOUR;
/** The instant `hours` after midnight UTC of test day `day`. */
const at = (day: number, hours = 0) => new Date(T0.getTime() + day * DAY + hours * HOUR);
const iso = (day: number, hours = 0) => at(day, hours).toISOString();

describe(`shifts and on-call on ${testDbKind}`, () => {
  let database: TestDatabase;
  let app: App;
  let now = at(0);
  let unit: { id: string; code: string };
  let otherUnit: { id: string; code: string };
  let ids: Record<"supervisor" | "admin" | "sari" | "budi" | "dewi" | "inactive" | "otherPeksos" | "otherSupervisor", string>;
  let names: Record<"sari" | "budi", string>;
  let tokens: Record<"supervisor" | "admin" | "peksos" | "otherSupervisor", string>;
  let accounts: Record<keyof typeof tokens, { email: string; password: string }>;

  /** Moves the app's clock; sessions last 12 hours by that clock, so everyone signs in again. */
  async function setNow(instant: Date) {
    now = instant;
    for (const [key, account] of Object.entries(accounts) as [keyof typeof tokens, { email: string; password: string }][]) {
      tokens[key] = await loginAs(app, account.email, account.password);
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
    unit = await newUnit(database);
    otherUnit = await newUnit(database, "Dinas Sosial Lain");
    app = await buildTestApp(database, { clock: () => now });
    const supervisor = await addStaff(database, { role: "supervisor", unitId: unit.id, name: "Kabid Rina", linked: "whatsapp" });
    const admin = await addStaff(database, { role: "admin", unitId: unit.id });
    const sari = await addStaff(database, { role: "peksos", unitId: unit.id, name: "Sari Wulandari", linked: true });
    const budi = await addStaff(database, { role: "peksos", unitId: unit.id, name: "Budi Santoso" });
    // Reachable on WhatsApp: no hole in the roster.
    const dewi = await addStaff(database, { role: "peksos", unitId: unit.id, name: "Dewi Lestari", linked: "whatsapp" });
    const inactive = await addStaff(database, { role: "peksos", unitId: unit.id, active: false });
    const otherPeksos = await addStaff(database, { role: "peksos", unitId: otherUnit.id });
    const otherSupervisor = await addStaff(database, { role: "supervisor", unitId: otherUnit.id });
    ids = {
      supervisor: supervisor.id,
      admin: admin.id,
      sari: sari.id,
      budi: budi.id,
      dewi: dewi.id,
      inactive: inactive.id,
      otherPeksos: otherPeksos.id,
      otherSupervisor: otherSupervisor.id,
    };
    names = { sari: sari.name, budi: budi.name };
    accounts = { supervisor, admin, peksos: sari, otherSupervisor };
    tokens = { supervisor: "", admin: "", peksos: "", otherSupervisor: "" };
    await setNow(now);
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  const call = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, token?: string, payload?: Record<string, unknown>) =>
    app.inject({
      method,
      url,
      ...(payload !== undefined && { payload }),
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
  const create = (payload: Record<string, unknown>, token = tokens.supervisor) => call("POST", "/v1/shifts", token, payload);
  const shiftOf = (staffId: string, tier: "primary" | "backup", day: number, from: number, to: number) => ({
    staffId,
    tier,
    startsAt: iso(day, from),
    endsAt: iso(day, to),
  });

  it("answers 401 without a session and 403 to roles that may not change the roster", async () => {
    const id = randomUUID();
    for (const [method, url] of [
      ["GET", "/v1/shifts"],
      ["POST", "/v1/shifts"],
      ["PATCH", `/v1/shifts/${id}`],
      ["DELETE", `/v1/shifts/${id}`],
      ["GET", "/v1/oncall/now"],
      ["GET", "/v1/oncall/gaps"],
    ] as const) {
      const res = await call(method, url, undefined, method === "POST" || method === "PATCH" ? shiftOf(ids.sari, "primary", 0, 0, 8) : undefined);
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
    for (const [method, url, payload] of [
      ["POST", "/v1/shifts", shiftOf(ids.sari, "primary", 0, 0, 8)],
      ["PATCH", `/v1/shifts/${id}`, { tier: "backup" }],
      ["DELETE", `/v1/shifts/${id}`, undefined],
      ["GET", "/v1/oncall/gaps", undefined],
    ] as const) {
      const res = await call(method, url, tokens.peksos, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json()).toMatchObject({ error: "forbidden" });
    }
    expect(await database.db.select().from(shifts).where(eq(shifts.unitId, unit.id))).toEqual([]);
  });

  it("creates a shift (supervisor or admin), audits it without names, and any staff member reads it", async () => {
    const res = await create(shiftOf(ids.sari, "primary", 1, 0, 12));
    expect(res.statusCode).toBe(201);
    const shift = res.json();
    expect(shift).toEqual({
      id: expect.any(String),
      staffId: ids.sari,
      staffName: names.sari,
      staffActive: true,
      alertChannel: "telegram",
      tier: "primary",
      startsAt: iso(1, 0),
      endsAt: iso(1, 12),
    });
    const byAdmin = await create(shiftOf(ids.budi, "backup", 1, 0, 12), tokens.admin);
    expect(byAdmin.statusCode).toBe(201);
    expect(byAdmin.json()).toMatchObject({ staffId: ids.budi, tier: "backup", alertChannel: null });

    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "shift"), eq(auditEvents.entityId, shift.id)));
    expect(audit).toMatchObject({
      unitId: unit.id,
      actorStaffId: ids.supervisor,
      action: "shift.created",
      data: { staffId: ids.sari, tier: "primary", startsAt: iso(1, 0), endsAt: iso(1, 12) },
    });
    expect(JSON.stringify(audit!.data)).not.toContain(names.sari);

    const list = await call("GET", `/v1/shifts?from=${iso(1, 6)}&to=${iso(1, 7)}`, tokens.peksos);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({ from: iso(1, 6), to: iso(1, 7), shifts: [shift, byAdmin.json()] });
    // [from, to) overlap: a period that starts when the shifts end sees none of them.
    const after = await call("GET", `/v1/shifts?from=${iso(1, 12)}&to=${iso(1, 13)}`, tokens.peksos);
    expect(after.json().shifts).toEqual([]);
    // Another unit's roster is not this one's.
    const other = await call("GET", `/v1/shifts?from=${iso(1, 0)}&to=${iso(2, 0)}`, tokens.otherSupervisor);
    expect(other.json().shifts).toEqual([]);
  });

  it("refuses a second primary at the same time, naming the shift in the way, and a person holding two shifts", async () => {
    const first = (await create(shiftOf(ids.sari, "primary", 2, 8, 16))).json();
    const clash = await create(shiftOf(ids.dewi, "primary", 2, 15, 20));
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toEqual({
      error: "overlap",
      message: expect.stringContaining(names.sari),
      conflict: first,
    });
    expect(clash.json().message).toContain("utama");

    // Nobody is their own backup; the backup tier may overlap the primary.
    const twice = await create(shiftOf(ids.sari, "backup", 2, 10, 12));
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ error: "overlap", conflict: { id: first.id } });
    expect((await create(shiftOf(ids.dewi, "backup", 2, 8, 16))).statusCode).toBe(201);
    // Back to back is not an overlap: a shift covers [startsAt, endsAt).
    expect((await create(shiftOf(ids.dewi, "primary", 2, 16, 20))).statusCode).toBe(201);
    expect((await create(shiftOf(ids.sari, "backup", 2, 20, 23))).statusCode).toBe(201);
    const rows = await database.db.select().from(shifts).where(eq(shifts.unitId, unit.id));
    expect(rows.filter((r) => r.startsAt >= at(2) && r.startsAt < at(3))).toHaveLength(4);
  });

  it("refuses bad periods and staff who cannot be on call", async () => {
    const backwards = await create(shiftOf(ids.sari, "primary", 3, 10, 9));
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({ error: "validation", fields: [{ in: "body", path: "endsAt" }] });
    const tooLong = await create({ staffId: ids.sari, tier: "primary", startsAt: iso(3), endsAt: iso(10, 1) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().fields[0].message).toContain("7 hari");
    expect((await create({ staffId: ids.sari, tier: "primary", startsAt: iso(3), endsAt: iso(10) })).statusCode).toBe(201);
    expect((await create({ ...shiftOf(ids.sari, "primary", 11, 0, 1), tier: "chief" })).statusCode).toBe(400);
    expect((await create({ ...shiftOf(ids.sari, "primary", 11, 0, 1), startsAt: "besok pagi" })).statusCode).toBe(400);

    const admin = await create(shiftOf(ids.admin, "backup", 11, 0, 8));
    expect(admin.statusCode).toBe(409);
    expect(admin.json()).toMatchObject({ error: "staff_not_eligible" });
    expect((await create(shiftOf(ids.inactive, "backup", 11, 0, 8))).json()).toMatchObject({ error: "staff_not_eligible" });
    // Another unit's peksos is answered like an unknown one.
    const foreign = await create(shiftOf(ids.otherPeksos, "backup", 11, 0, 8));
    const unknown = await create(shiftOf(randomUUID(), "backup", 11, 0, 8));
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual(unknown.json());
    expect(foreign.json()).toMatchObject({ error: "staff_not_found" });
  });

  it("changes a shift, checked as a whole, and audits before and after", async () => {
    const primary = (await create(shiftOf(ids.sari, "primary", 12, 0, 8))).json();
    await create(shiftOf(ids.dewi, "primary", 12, 8, 16));

    const longer = await call("PATCH", `/v1/shifts/${primary.id}`, tokens.supervisor, { endsAt: iso(12, 10) });
    expect(longer.statusCode).toBe(409);
    expect(longer.json()).toMatchObject({ error: "overlap", conflict: { staffId: ids.dewi } });
    const reversed = await call("PATCH", `/v1/shifts/${primary.id}`, tokens.supervisor, { startsAt: iso(12, 9) });
    expect(reversed.statusCode).toBe(400);
    expect((await call("PATCH", `/v1/shifts/${primary.id}`, tokens.supervisor, {})).statusCode).toBe(400);

    const swapped = await call("PATCH", `/v1/shifts/${primary.id}`, tokens.supervisor, { staffId: ids.budi, startsAt: iso(12, 1) });
    expect(swapped.statusCode).toBe(200);
    expect(swapped.json()).toEqual({ ...primary, staffId: ids.budi, staffName: names.budi, alertChannel: null, startsAt: iso(12, 1) });
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, primary.id), eq(auditEvents.action, "shift.updated")));
    expect(audit?.data).toEqual({
      from: { staffId: ids.sari, tier: "primary", startsAt: iso(12, 0), endsAt: iso(12, 8) },
      to: { staffId: ids.budi, tier: "primary", startsAt: iso(12, 1), endsAt: iso(12, 8) },
    });

    // Another unit's supervisor gets the answer an unknown id gets.
    const foreign = await call("PATCH", `/v1/shifts/${primary.id}`, tokens.otherSupervisor, { tier: "backup" });
    const unknown = await call("PATCH", `/v1/shifts/${randomUUID()}`, tokens.otherSupervisor, { tier: "backup" });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual(unknown.json());
    expect(foreign.json()).toMatchObject({ error: "shift_not_found" });
  });

  it("deletes a shift of its own unit only, with an audit line", async () => {
    const shift = (await create(shiftOf(ids.dewi, "backup", 13, 0, 8))).json();
    const foreign = await call("DELETE", `/v1/shifts/${shift.id}`, tokens.otherSupervisor);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ error: "shift_not_found" });
    const removed = await call("DELETE", `/v1/shifts/${shift.id}`, tokens.admin);
    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBe("");
    expect(await database.db.select().from(shifts).where(eq(shifts.id, shift.id))).toEqual([]);
    expect((await call("DELETE", `/v1/shifts/${shift.id}`, tokens.admin)).statusCode).toBe(404);
    const audit = await database.db.select().from(auditEvents).where(eq(auditEvents.entityId, shift.id));
    expect(audit.map((a) => a.action)).toEqual(["shift.created", "shift.deleted"]);
    expect(audit[1]).toMatchObject({ actorStaffId: ids.admin, data: { staffId: ids.dewi, tier: "backup" } });
  });

  it("bounds the period a roster query may ask for", async () => {
    expect((await call("GET", `/v1/shifts?from=${iso(20)}&to=${iso(20)}`, tokens.peksos)).statusCode).toBe(400);
    const long = await call("GET", `/v1/shifts?from=${iso(20)}&to=${iso(52)}`, tokens.peksos);
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ error: "validation", fields: [{ in: "querystring", path: "to" }] });
    expect((await call("GET", `/v1/oncall/gaps?from=${iso(20)}&to=${iso(52)}`, tokens.supervisor)).statusCode).toBe(400);
    await setNow(at(20));
    const defaulted = await call("GET", "/v1/shifts", tokens.peksos);
    expect(defaulted.json()).toMatchObject({ from: iso(20), to: iso(27) });
  });

  it("says who is on call now, the supervisors, and when it changes; a gap when nobody is primary", async () => {
    await addShift(database, { unitId: unit.id, staffId: ids.sari, tier: "primary", startsAt: at(30, 0), endsAt: at(30, 8) });
    await addShift(database, { unitId: unit.id, staffId: ids.budi, tier: "backup", startsAt: at(30, 0), endsAt: at(30, 12) });
    // A deactivated colleague's shift does not count: no alert could reach them.
    const formerId = (await addStaff(database, { role: "peksos", unitId: unit.id, linked: true })).id;
    await addShift(database, { unitId: unit.id, staffId: formerId, tier: "primary", startsAt: at(30, 8), endsAt: at(30, 16) });
    await database.db.update(staff).set({ active: false }).where(eq(staff.id, formerId));

    await setNow(at(30, 2));
    const res = await call("GET", "/v1/oncall/now", tokens.peksos);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      at: iso(30, 2),
      primary: { staffId: ids.sari, name: names.sari, alertChannel: "telegram", until: iso(30, 8) },
      backup: { staffId: ids.budi, name: names.budi, alertChannel: null, until: iso(30, 12) },
      supervisors: [{ staffId: ids.supervisor, name: "Kabid Rina", alertChannel: "whatsapp" }],
      gap: false,
      nextChange: iso(30, 8),
    });

    await setNow(at(30, 9));
    const gap = (await call("GET", "/v1/oncall/now", tokens.peksos)).json();
    expect(gap).toMatchObject({ primary: null, backup: { staffId: ids.budi }, gap: true, nextChange: iso(30, 12) });
    await setNow(at(30, 13));
    expect((await call("GET", "/v1/oncall/now", tokens.peksos)).json()).toMatchObject({ primary: null, backup: null, gap: true, nextChange: null });
  });

  it("documents every route with its roles' answers and examples", async () => {
    const doc = (await app.inject({ method: "GET", url: "/docs/json" })).json();
    const routes = [
      [doc.paths["/v1/shifts"].get, ["200", "400", "401"]],
      [doc.paths["/v1/shifts"].post, ["201", "400", "401", "403", "404", "409"]],
      [doc.paths["/v1/shifts/{id}"].patch, ["200", "400", "401", "403", "404", "409"]],
      [doc.paths["/v1/shifts/{id}"].delete, ["204", "400", "401", "403", "404"]],
      [doc.paths["/v1/oncall/now"].get, ["200", "401"]],
      [doc.paths["/v1/oncall/gaps"].get, ["200", "400", "401", "403"]],
    ] as const;
    for (const [route, codes] of routes) {
      expect(route.tags).toEqual(["oncall"]);
      expect(route.security).toEqual([{ staffToken: [] }, { staffCookie: [] }]);
      expect(Object.keys(route.responses).sort()).toEqual(codes);
    }
    expect(JSON.stringify(doc.paths["/v1/shifts"].post.requestBody)).toContain("2025-07-14T07:00:00+07:00");
    expect(JSON.stringify(doc.paths["/v1/shifts"].post.responses["409"])).toContain("overlap");
  });

  it("lists the roster's holes: no primary, or a primary alerts cannot reach", async () => {
    await addShift(database, { unitId: unit.id, staffId: ids.sari, tier: "primary", startsAt: at(40, 2), endsAt: at(40, 8) });
    await addShift(database, { unitId: unit.id, staffId: ids.budi, tier: "primary", startsAt: at(40, 8), endsAt: at(40, 14) });
    await addShift(database, { unitId: unit.id, staffId: ids.dewi, tier: "primary", startsAt: at(40, 20), endsAt: at(41, 4) });
    const res = await call("GET", `/v1/oncall/gaps?from=${iso(40, 0)}&to=${iso(41, 0)}`, tokens.supervisor);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      from: iso(40, 0),
      to: iso(41, 0),
      gaps: [
        { kind: "no_primary", from: iso(40, 0), to: iso(40, 2) },
        { kind: "primary_unlinked", from: iso(40, 8), to: iso(40, 14), staffId: ids.budi, name: names.budi },
        { kind: "no_primary", from: iso(40, 14), to: iso(40, 20) },
      ],
    });
    // Default: the next 7 days from now; a fully covered period has no gaps.
    await setNow(at(40, 3));
    const defaulted = (await call("GET", "/v1/oncall/gaps", tokens.admin)).json();
    expect(defaulted).toMatchObject({ from: iso(40, 3), to: iso(47, 3) });
    expect(defaulted.gaps[0]).toEqual({ kind: "primary_unlinked", from: iso(40, 8), to: iso(40, 14), staffId: ids.budi, name: names.budi });
    const covered = await call("GET", `/v1/oncall/gaps?from=${iso(40, 3)}&to=${iso(40, 7)}`, tokens.supervisor);
    expect(covered.json().gaps).toEqual([]);
  });
});
