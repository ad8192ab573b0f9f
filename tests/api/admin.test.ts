import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import { MAX_FAILED_LOGINS } from "../../api/auth/login.ts";
import { auditEvents, DEFAULT_SLA_MINUTES, staff, staffSessions, units } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { createStaff, loginAs, type CreatedStaff } from "../support/staff.ts";
import { buildTestApp, LogCapture } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

const ADMIN_EMAIL = "admin@example.org";
const ADMIN_PASSWORD = "a-long-test-password";
const FORBIDDEN_ID = { error: "forbidden", message: "Peran Anda tidak diizinkan melakukan ini." };
const UNIT_NOT_FOUND_ID = { error: "unit_not_found", message: "Unit tidak ditemukan." };
const STAFF_NOT_FOUND_ID = { error: "staff_not_found", message: "Akun petugas tidak ditemukan." };
const ROLE_NOT_ALLOWED_ID = {
  error: "role_not_allowed",
  message: "Supervisor hanya dapat menambah dan mengelola akun peksos di unitnya sendiri, dan tidak dapat mengubah peran.",
};
const OWN_ACCOUNT_ID = {
  error: "own_account",
  message:
    "Anda tidak dapat menonaktifkan akun sendiri, mengubah peran sendiri, atau mereset kata sandi sendiri. Minta admin lain; untuk kata sandi, pakai ganti kata sandi.",
};
/** Columns that must never leave the API, by their names in JSON. */
const SECRET_FIELDS = ["passwordHash", "failedLogins", "lockedUntil", "linkCodeHash", "linkCodeExpiresAt", "telegramChatId", "whatsappAddress"];

type Method = "GET" | "POST" | "PATCH";

describe(`administration of units and staff on ${testDbKind}`, () => {
  let database: TestDatabase;
  let app: App;
  const logs = new LogCapture();
  let unitA: string;
  let unitB: string;
  let adminId: string;
  let adminToken: string;
  let supervisorA: CreatedStaff;
  let supervisorAToken: string;
  let peksosA: CreatedStaff;
  let peksosAToken: string;
  let peksosB: CreatedStaff;
  let supervisorB: CreatedStaff;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, { adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD });
    const [seeded] = await database.db.select({ id: units.id }).from(units);
    unitA = seeded!.id;
    const [other] = await database.db.insert(units).values({ name: "Dinas Sosial Kabupaten Lain", code: "LIN" }).returning({ id: units.id });
    unitB = other!.id;
    app = await buildTestApp(database, { logs });
    const [admin] = await database.db.select({ id: staff.id }).from(staff).where(eq(staff.email, ADMIN_EMAIL));
    adminId = admin!.id;
    supervisorA = await createStaff(database, { role: "supervisor", unitId: unitA, name: "Bu Supervisor A" });
    peksosA = await createStaff(database, { role: "peksos", unitId: unitA, name: "Peksos A" });
    peksosB = await createStaff(database, { role: "peksos", unitId: unitB });
    supervisorB = await createStaff(database, { role: "supervisor", unitId: unitB });
    adminToken = await loginAs(app, ADMIN_EMAIL, ADMIN_PASSWORD);
    supervisorAToken = await loginAs(app, supervisorA.email, supervisorA.password);
    peksosAToken = await loginAs(app, peksosA.email, peksosA.password);
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  const call = (method: Method, url: string, token: string | undefined, payload?: Record<string, unknown>) =>
    app.inject({
      method,
      url,
      ...(payload !== undefined && { payload }),
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });

  async function staffRow(id: string) {
    const [row] = await database.db.select().from(staff).where(eq(staff.id, id));
    return row!;
  }

  async function auditOf(entityId: string, action: string) {
    return database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, entityId), eq(auditEvents.action, action)));
  }

  function expectNoSecrets(body: string) {
    for (const field of SECRET_FIELDS) expect(body).not.toContain(`"${field}"`);
    expect(body).not.toContain("$argon2id$");
  }

  describe("units", () => {
    it("refuses every unit route without a token, and to supervisors and peksos", async () => {
      const id = unitA;
      for (const [method, url, payload] of [
        ["GET", "/v1/units", undefined],
        ["POST", "/v1/units", { name: "X", code: "XXX", timezone: "Asia/Jakarta" }],
        ["PATCH", `/v1/units/${id}`, { retentionDays: 400 }],
      ] as const) {
        expect((await call(method, url, undefined, payload)).statusCode, `${method} ${url}`).toBe(401);
        for (const token of [supervisorAToken, peksosAToken]) {
          const res = await call(method, url, token, payload);
          expect(res.statusCode, `${method} ${url}`).toBe(403);
          expect(res.json()).toEqual(FORBIDDEN_ID);
        }
      }
      expect((await database.db.select().from(units).where(eq(units.code, "XXX")))).toEqual([]);
    });

    it("lists every unit for an admin", async () => {
      const res = await call("GET", "/v1/units", adminToken);
      expect(res.statusCode).toBe(200);
      const codes = res.json().items.map((u: { code: string }) => u.code);
      expect(codes).toEqual(expect.arrayContaining(["MTR", "LIN"]));
      expect(res.json().items.find((u: { code: string }) => u.code === "MTR")).toMatchObject({
        id: unitA,
        timezone: "Asia/Jakarta",
        slaMinutes: DEFAULT_SLA_MINUTES,
        retentionDays: 365,
        kecamatan: expect.arrayContaining(["Metro Barat"]),
      });
    });

    it("creates a unit with the defaults for what is left out, the code upper-cased and the time zone canonical", async () => {
      const res = await call("POST", "/v1/units", adminToken, {
        name: "  Dinas Sosial Kabupaten Lampung Timur ",
        code: "ltm",
        timezone: "asia/makassar",
        hotlineNumbers: [{ label: "Pengaduan", number: "+62 812-1111-2222" }],
      });
      expect(res.statusCode).toBe(201);
      const unit = res.json();
      expect(unit).toMatchObject({
        name: "Dinas Sosial Kabupaten Lampung Timur",
        code: "LTM",
        regionCode: null,
        timezone: "Asia/Makassar",
        hotlineNumbers: [{ label: "Pengaduan", number: "+62 812-1111-2222", whatsapp: false }],
        slaMinutes: DEFAULT_SLA_MINUTES,
        retentionDays: 365,
        kecamatan: [],
      });
      const [audit] = await auditOf(unit.id, "unit.created");
      expect(audit).toMatchObject({ unitId: unit.id, actorStaffId: adminId, entityType: "unit", data: { code: "LTM" } });

      const duplicate = await call("POST", "/v1/units", adminToken, { name: "Lain", code: "LTM", timezone: "Asia/Jakarta" });
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json()).toEqual({ error: "unit_code_taken", message: "Kode unit itu sudah dipakai unit lain." });
      expect(await database.db.select().from(units).where(eq(units.code, "LTM"))).toHaveLength(1);
    });

    it("answers 400 naming the field for a bad code, time zone, retention, SLA, region or number", async () => {
      const valid = { name: "Unit Uji", code: "UJI", timezone: "Asia/Jakarta" };
      for (const [payload, path] of [
        [{ ...valid, code: "UJ" }, "code"],
        [{ ...valid, code: "U1I" }, "code"],
        [{ ...valid, code: undefined }, "code"],
        [{ ...valid, name: " " }, "name"],
        [{ ...valid, timezone: "Mars/Olympus" }, "timezone"],
        [{ ...valid, timezone: "+07:00" }, "timezone"],
        [{ ...valid, timezone: "WIB" }, "timezone"],
        [{ ...valid, retentionDays: 29 }, "retentionDays"],
        [{ ...valid, retentionDays: 3651 }, "retentionDays"],
        [{ ...valid, slaMinutes: { darurat: 5, tinggi: 60, sedang: 1440 } }, "slaMinutes.rendah"],
        [{ ...valid, slaMinutes: { darurat: 120, tinggi: 60, sedang: 1440, rendah: 4320 } }, "slaMinutes"],
        [{ ...valid, slaMinutes: { darurat: 0, tinggi: 60, sedang: 1440, rendah: 4320 } }, "slaMinutes.darurat"],
        [{ ...valid, regionCode: "Lampung" }, "regionCode"],
        [{ ...valid, hotlineNumbers: [{ label: "x", number: "call me" }] }, "hotlineNumbers.0.number"],
      ] as const) {
        const res = await call("POST", "/v1/units", adminToken, payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.json().fields).toEqual([expect.objectContaining({ in: "body", path })]);
      }
      expect(await database.db.select().from(units).where(eq(units.code, "UJI"))).toEqual([]);
    });

    it("changes a unit's settings for an admin, audited by field name; 404 for an unknown unit, 400 for nothing", async () => {
      const sla = { darurat: 10, tinggi: 45, sedang: 720, rendah: 2880 };
      const res = await call("PATCH", `/v1/units/${unitB}`, adminToken, { slaMinutes: sla, retentionDays: 730, regionCode: "18.07" });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: unitB, code: "LIN", slaMinutes: sla, retentionDays: 730, regionCode: "18.07" });
      const [row] = await database.db.select().from(units).where(eq(units.id, unitB));
      expect(row).toMatchObject({ slaMinutes: sla, retentionDays: 730 });
      const [audit] = await auditOf(unitB, "unit.updated");
      expect(audit).toMatchObject({ unitId: unitB, actorStaffId: adminId, data: { fields: ["regionCode", "retentionDays", "slaMinutes"] } });

      const unknown = await call("PATCH", `/v1/units/${randomUUID()}`, adminToken, { retentionDays: 400 });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toEqual(UNIT_NOT_FOUND_ID);

      const empty = await call("PATCH", `/v1/units/${unitB}`, adminToken, {});
      expect(empty.statusCode).toBe(400);
      expect(empty.json().fields.map((f: { path: string }) => f.path)).toContain("retentionDays");
      // The code starts every ticket code of the unit: it is not among what can change.
      const code = await call("PATCH", `/v1/units/${unitB}`, adminToken, { code: "NEW" });
      expect(code.statusCode).toBe(400);
      expect((await call("PATCH", "/v1/units/not-a-uuid", adminToken, { retentionDays: 400 })).statusCode).toBe(400);
    });
  });

  describe("staff", () => {
    it("lists the caller's unit: whole accounts for admins and supervisors, names of active colleagues for peksos", async () => {
      const inactive = await createStaff(database, { role: "peksos", unitId: unitA, active: false, name: "Peksos Nonaktif" });

      const forSupervisor = await call("GET", "/v1/staff", supervisorAToken);
      expect(forSupervisor.statusCode).toBe(200);
      const accounts = forSupervisor.json().items;
      expect(accounts.every((a: { unitId: string }) => a.unitId === unitA)).toBe(true);
      expect(accounts.find((a: { id: string }) => a.id === peksosA.id)).toEqual({
        id: peksosA.id,
        unitId: unitA,
        name: "Peksos A",
        email: peksosA.email,
        role: "peksos",
        phone: null,
        active: true,
        alertChannel: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(accounts.find((a: { id: string }) => a.id === inactive.id)).toMatchObject({ active: false });
      expectNoSecrets(forSupervisor.body);

      const forPeksos = await call("GET", "/v1/staff", peksosAToken);
      expect(forPeksos.statusCode).toBe(200);
      const peers = forPeksos.json().items;
      expect(peers).toContainEqual({ id: supervisorA.id, name: "Bu Supervisor A", role: "supervisor" });
      expect(peers.map((p: { id: string }) => p.id)).not.toContain(inactive.id);
      expect(peers.map((p: { id: string }) => p.id)).not.toContain(peksosB.id);
      for (const peer of peers) expect(Object.keys(peer).sort()).toEqual(["id", "name", "role"]);
      expect(forPeksos.body).not.toContain("@");

      const forAdmin = await call("GET", "/v1/staff", adminToken);
      expect(forAdmin.json().items.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining([adminId, supervisorA.id, peksosA.id]));
      expect(forAdmin.json().items.map((a: { id: string }) => a.id)).not.toContain(peksosB.id);
    });

    it("lets an admin list another unit, and answers 404 to anyone else asking for one, as for an unknown unit", async () => {
      const other = await call("GET", `/v1/staff?unitId=${unitB}`, adminToken);
      expect(other.statusCode).toBe(200);
      expect(other.json().items.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining([peksosB.id, supervisorB.id]));

      for (const token of [supervisorAToken, peksosAToken, adminToken]) {
        const url = token === adminToken ? `/v1/staff?unitId=${randomUUID()}` : `/v1/staff?unitId=${unitB}`;
        const res = await call("GET", url, token);
        expect(res.statusCode).toBe(404);
        expect(res.json()).toEqual(UNIT_NOT_FOUND_ID);
      }
      expect((await call("GET", `/v1/staff?unitId=${unitA}`, peksosAToken)).statusCode).toBe(200);
      expect((await call("GET", "/v1/staff?unitId=nope", adminToken)).statusCode).toBe(400);
      expect((await call("GET", "/v1/staff", undefined)).statusCode).toBe(401);
    });

    it("creates an account with a one-time password, shown once, that signs in", async () => {
      const res = await call("POST", "/v1/staff", adminToken, {
        unitId: unitB,
        email: "  Rina.Kartika@Example.org ",
        name: "Rina Kartika",
        role: "supervisor",
        phone: "0812-3456-7890",
      });
      expect(res.statusCode).toBe(201);
      const { staff: account, oneTimePassword } = res.json();
      expect(account).toMatchObject({ unitId: unitB, email: "rina.kartika@example.org", role: "supervisor", phone: "0812-3456-7890", active: true });
      expect(oneTimePassword).toMatch(/^[A-Za-z0-9_-]{16,}$/);
      expectNoSecrets(res.body);
      expect((await staffRow(account.id)).passwordHash).not.toContain(oneTimePassword);
      const token = await loginAs(app, "rina.kartika@example.org", oneTimePassword);
      expect((await call("GET", "/v1/auth/me", token)).json()).toMatchObject({ id: account.id, unitId: unitB });

      const [audit] = await auditOf(account.id, "staff.created");
      expect(audit).toMatchObject({ unitId: unitB, actorStaffId: adminId, entityType: "staff", data: { role: "supervisor", passwordGenerated: true } });
      expect(JSON.stringify(audit)).not.toContain("rina");
      expect(JSON.stringify(audit)).not.toContain(oneTimePassword);
      expect(logs.text).not.toContain(oneTimePassword);

      const duplicate = await call("POST", "/v1/staff", adminToken, { email: "RINA.KARTIKA@example.org", name: "Rina Lain", role: "peksos" });
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json()).toEqual({ error: "email_taken", message: "Email itu sudah dipakai akun lain." });
    });

    it("gives one of two simultaneous creations with the same email or code a 409, never a 500", async () => {
      const account = { email: "kembar@example.org", name: "Kembar", role: "peksos" };
      const accounts = await Promise.all([call("POST", "/v1/staff", adminToken, account), call("POST", "/v1/staff", adminToken, account)]);
      expect(accounts.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      const unit = { name: "Unit Kembar", code: "KMB", timezone: "Asia/Jayapura" };
      const created = await Promise.all([call("POST", "/v1/units", adminToken, unit), call("POST", "/v1/units", adminToken, unit)]);
      expect(created.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      expect(await auditOf(created.find((r) => r.statusCode === 201)!.json().id, "unit.created")).toHaveLength(1);
    });

    it("takes a chosen password instead, and returns no one-time password then", async () => {
      const res = await call("POST", "/v1/staff", adminToken, {
        email: "dewi@example.org",
        name: "Dewi",
        role: "admin",
        password: "sebuah kata sandi pilihan",
      });
      expect(res.statusCode).toBe(201);
      expect(res.json().oneTimePassword).toBeUndefined();
      expect(res.json().staff).toMatchObject({ unitId: unitA, role: "admin" });
      await loginAs(app, "dewi@example.org", "sebuah kata sandi pilihan");
      const short = await call("POST", "/v1/staff", adminToken, { email: "dewi2@example.org", name: "Dewi", role: "peksos", password: "short" });
      expect(short.statusCode).toBe(400);
      expect(short.json().fields).toEqual([expect.objectContaining({ path: "password" })]);
    });

    it("lets a supervisor add peksos to their own unit only", async () => {
      const res = await call("POST", "/v1/staff", supervisorAToken, { email: "peksos.baru@example.org", name: "Peksos Baru", role: "peksos" });
      expect(res.statusCode).toBe(201);
      expect(res.json().staff).toMatchObject({ unitId: unitA, role: "peksos" });
      expect(res.json().oneTimePassword).toEqual(expect.any(String));

      for (const role of ["supervisor", "admin"]) {
        const refused = await call("POST", "/v1/staff", supervisorAToken, { email: `${role}.baru@example.org`, name: "X", role });
        expect(refused.statusCode).toBe(403);
        expect(refused.json()).toEqual(ROLE_NOT_ALLOWED_ID);
      }
      const elsewhere = await call("POST", "/v1/staff", supervisorAToken, { unitId: unitB, email: "lain@example.org", name: "X", role: "peksos" });
      expect(elsewhere.statusCode).toBe(404);
      expect(elsewhere.json()).toEqual(UNIT_NOT_FOUND_ID);
      const own = await call("POST", "/v1/staff", supervisorAToken, { unitId: unitA, email: "sendiri@example.org", name: "X", role: "peksos" });
      expect(own.statusCode).toBe(201);

      const byPeksos = await call("POST", "/v1/staff", peksosAToken, { email: "p@example.org", name: "X", role: "peksos" });
      expect(byPeksos.statusCode).toBe(403);
      expect(byPeksos.json()).toEqual(FORBIDDEN_ID);
      const unknownUnit = await call("POST", "/v1/staff", adminToken, { unitId: randomUUID(), email: "u@example.org", name: "X", role: "peksos" });
      expect(unknownUnit.statusCode).toBe(404);
      for (const email of ["lain@example.org", "supervisor.baru@example.org", "p@example.org", "u@example.org"]) {
        expect(await database.db.select().from(staff).where(eq(staff.email, email))).toEqual([]);
      }
    });

    it("answers 400 naming the field for a bad email, role, name or phone", async () => {
      for (const [payload, path] of [
        [{ email: "not-an-email", name: "X", role: "peksos" }, "email"],
        [{ email: "a@example.org", name: "X", role: "kabid" }, "role"],
        [{ email: "a@example.org", name: "", role: "peksos" }, "name"],
        [{ email: "a@example.org", name: "X", role: "peksos", phone: "ring me" }, "phone"],
      ] as const) {
        const res = await call("POST", "/v1/staff", adminToken, payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.json().fields).toEqual([expect.objectContaining({ in: "body", path })]);
      }
    });

    it("lets admins edit any account and supervisors their unit's peksos, without roles; audited by field name", async () => {
      const peksos = await createStaff(database, { role: "peksos", unitId: unitA });
      const bySupervisor = await call("PATCH", `/v1/staff/${peksos.id}`, supervisorAToken, { name: "Nama Baru", phone: "0813-1111-2222" });
      expect(bySupervisor.statusCode).toBe(200);
      expect(bySupervisor.json()).toMatchObject({ id: peksos.id, name: "Nama Baru", phone: "0813-1111-2222", role: "peksos" });
      expectNoSecrets(bySupervisor.body);
      const [audit] = await auditOf(peksos.id, "staff.updated");
      expect(audit).toMatchObject({ unitId: unitA, actorStaffId: supervisorA.id, data: { fields: ["name", "phone"] } });
      expect(JSON.stringify(audit)).not.toContain("Nama Baru");

      // The same role sent back by a form is no change; another role is.
      expect((await call("PATCH", `/v1/staff/${peksos.id}`, supervisorAToken, { role: "peksos", phone: null })).statusCode).toBe(200);
      const promote = await call("PATCH", `/v1/staff/${peksos.id}`, supervisorAToken, { role: "supervisor" });
      expect(promote.statusCode).toBe(403);
      expect(promote.json()).toEqual(ROLE_NOT_ALLOWED_ID);
      const colleague = await call("PATCH", `/v1/staff/${supervisorB.id}`, supervisorAToken, { name: "X" });
      expect(colleague.statusCode).toBe(404);
      expect(colleague.json()).toEqual(STAFF_NOT_FOUND_ID);
      const otherSupervisor = await createStaff(database, { role: "supervisor", unitId: unitA });
      expect((await call("PATCH", `/v1/staff/${otherSupervisor.id}`, supervisorAToken, { name: "X" })).json()).toEqual(ROLE_NOT_ALLOWED_ID);
      expect((await call("PATCH", `/v1/staff/${adminId}`, supervisorAToken, { name: "X" })).statusCode).toBe(403);
      expect((await call("PATCH", `/v1/staff/${peksosB.id}`, supervisorAToken, { name: "X" })).json()).toEqual(STAFF_NOT_FOUND_ID);
      expect((await call("PATCH", `/v1/staff/${randomUUID()}`, supervisorAToken, { name: "X" })).json()).toEqual(STAFF_NOT_FOUND_ID);
      expect((await call("PATCH", `/v1/staff/${peksos.id}`, peksosAToken, { name: "X" })).json()).toEqual(FORBIDDEN_ID);
      expect((await staffRow(peksosB.id)).name).not.toBe("X");

      const byAdmin = await call("PATCH", `/v1/staff/${peksosB.id}`, adminToken, { role: "supervisor" });
      expect(byAdmin.statusCode).toBe(200);
      expect(byAdmin.json()).toMatchObject({ id: peksosB.id, unitId: unitB, role: "supervisor" });
      const [roleAudit] = await auditOf(peksosB.id, "staff.updated");
      expect(roleAudit).toMatchObject({ unitId: unitB, data: { fields: ["role"], role: { from: "peksos", to: "supervisor" } } });
      expect((await call("PATCH", `/v1/staff/${peksosB.id}`, adminToken, { role: "peksos" })).statusCode).toBe(200);

      const empty = await call("PATCH", `/v1/staff/${peksos.id}`, adminToken, {});
      expect(empty.statusCode).toBe(400);
      expect(empty.json().fields.map((f: { path: string }) => f.path).sort()).toEqual(["active", "name", "phone", "role"]);
    });

    it("deactivates an account: its token stops at once, its Telegram and WhatsApp are unlinked, and it cannot sign in", async () => {
      const peksos = await createStaff(database, { role: "peksos", unitId: unitA });
      const whatsapp = `62812${Date.now() % 1e7}@c.us`;
      await database.db
        .update(staff)
        .set({ telegramChatId: `chat-${peksos.id}`, whatsappAddress: whatsapp, alertChannel: "whatsapp", linkCodeHash: `code-${peksos.id}` })
        .where(eq(staff.id, peksos.id));
      const token = await loginAs(app, peksos.email, peksos.password);
      await loginAs(app, peksos.email, peksos.password);
      const listed = await call("GET", "/v1/staff", adminToken);
      expect(listed.json().items.find((a: { id: string }) => a.id === peksos.id)).toMatchObject({ alertChannel: "whatsapp" });
      expect(listed.body).not.toContain(whatsapp);

      const res = await call("PATCH", `/v1/staff/${peksos.id}`, supervisorAToken, { active: false });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ active: false, alertChannel: null });
      expect((await call("GET", "/v1/auth/me", token)).statusCode).toBe(401);
      expect(await database.db.select().from(staffSessions).where(eq(staffSessions.staffId, peksos.id))).toEqual([]);
      expect(await staffRow(peksos.id)).toMatchObject({
        active: false,
        telegramChatId: null,
        whatsappAddress: null,
        alertChannel: null,
        linkCodeHash: null,
        linkCodeExpiresAt: null,
      });
      expect((await app.inject({ method: "POST", url: "/v1/auth/login", payload: { email: peksos.email, password: peksos.password } })).statusCode).toBe(401);
      const [audit] = await auditOf(peksos.id, "staff.updated");
      expect(audit).toMatchObject({
        data: { fields: ["active"], active: false, sessionsEnded: 2, telegramUnlinked: true, whatsappUnlinked: true },
      });
      expect(JSON.stringify(audit)).not.toContain(whatsapp);

      const reactivated = await call("PATCH", `/v1/staff/${peksos.id}`, supervisorAToken, { active: true });
      expect(reactivated.json()).toMatchObject({ active: true });
      await loginAs(app, peksos.email, peksos.password);
    });

    it("refuses to deactivate or demote oneself, so a unit never loses its last admin that way", async () => {
      for (const change of [{ active: false }, { role: "supervisor" }, { role: "peksos", name: "Admin" }]) {
        const res = await call("PATCH", `/v1/staff/${adminId}`, adminToken, change);
        expect(res.statusCode, JSON.stringify(change)).toBe(409);
        expect(res.json()).toEqual(OWN_ACCOUNT_ID);
      }
      expect(await staffRow(adminId)).toMatchObject({ active: true, role: "admin", name: "Administrator" });
      // Editing one's own name is fine, and so is sending one's own role back unchanged.
      const renamed = await call("PATCH", `/v1/staff/${adminId}`, adminToken, { name: "Admin Dinsos", role: "admin", active: true });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json()).toMatchObject({ name: "Admin Dinsos", role: "admin" });
      // A supervisor manages peksos only, themselves included.
      expect((await call("PATCH", `/v1/staff/${supervisorA.id}`, supervisorAToken, { active: false })).json()).toEqual(ROLE_NOT_ALLOWED_ID);
      expect((await call("GET", "/v1/auth/me", adminToken)).statusCode).toBe(200);
    });

    it("resets a password: a new one-time password, every session ended, a lockout lifted", async () => {
      const peksos = await createStaff(database, { role: "peksos", unitId: unitA });
      const token = await loginAs(app, peksos.email, peksos.password);
      for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
        await app.inject({ method: "POST", url: "/v1/auth/login", payload: { email: peksos.email, password: "wrong-password" } });
      }
      expect((await staffRow(peksos.id)).lockedUntil).not.toBeNull();

      const res = await call("POST", `/v1/staff/${peksos.id}/reset-password`, supervisorAToken);
      expect(res.statusCode).toBe(200);
      const { oneTimePassword } = res.json();
      expect(oneTimePassword).toMatch(/^[A-Za-z0-9_-]{16,}$/);
      expect(Object.keys(res.json())).toEqual(["oneTimePassword"]);
      expect((await call("GET", "/v1/auth/me", token)).statusCode).toBe(401);
      expect(await staffRow(peksos.id)).toMatchObject({ failedLogins: 0, lockedUntil: null });
      expect((await app.inject({ method: "POST", url: "/v1/auth/login", payload: { email: peksos.email, password: peksos.password } })).statusCode).toBe(401);
      await loginAs(app, peksos.email, oneTimePassword);
      const [audit] = await auditOf(peksos.id, "staff.password_reset");
      expect(audit).toMatchObject({ unitId: unitA, actorStaffId: supervisorA.id, data: { sessionsEnded: 1 } });
      expect(JSON.stringify(audit)).not.toContain(oneTimePassword);

      expect((await call("POST", `/v1/staff/${peksosB.id}/reset-password`, adminToken)).statusCode).toBe(200);
      expect((await call("POST", `/v1/staff/${peksosB.id}/reset-password`, supervisorAToken)).json()).toEqual(STAFF_NOT_FOUND_ID);
      expect((await call("POST", `/v1/staff/${randomUUID()}/reset-password`, adminToken)).json()).toEqual(STAFF_NOT_FOUND_ID);
      expect((await call("POST", `/v1/staff/${adminId}/reset-password`, supervisorAToken)).json()).toEqual(ROLE_NOT_ALLOWED_ID);
      expect((await call("POST", `/v1/staff/${peksos.id}/reset-password`, peksosAToken)).json()).toEqual(FORBIDDEN_ID);
      const self = await call("POST", `/v1/staff/${adminId}/reset-password`, adminToken);
      expect(self.statusCode).toBe(409);
      expect(self.json()).toEqual(OWN_ACCOUNT_ID);
      expect((await call("POST", `/v1/staff/${peksos.id}/reset-password`, undefined)).statusCode).toBe(401);
    });
  });

  it("documents every route with its roles' answers and the staff token", async () => {
    const doc = (await app.inject({ method: "GET", url: "/docs/json" })).json();
    const expected: [string, string, string[]][] = [
      ["/v1/units", "get", ["200", "401", "403"]],
      ["/v1/units", "post", ["201", "400", "401", "403", "409"]],
      ["/v1/units/{id}", "patch", ["200", "400", "401", "403", "404"]],
      ["/v1/staff", "get", ["200", "400", "401", "404"]],
      ["/v1/staff", "post", ["201", "400", "401", "403", "404", "409"]],
      ["/v1/staff/{id}", "patch", ["200", "400", "401", "403", "404", "409"]],
      ["/v1/staff/{id}/reset-password", "post", ["200", "400", "401", "403", "404", "409"]],
    ];
    for (const [path, method, statuses] of expected) {
      const route = doc.paths[path][method];
      expect(Object.keys(route.responses).sort(), `${method} ${path}`).toEqual(statuses);
      expect(route.security).toEqual([{ staffToken: [] }, { staffCookie: [] }]);
      expect(route.tags).toEqual(["admin"]);
      expect(route.summary).toEqual(expect.any(String));
    }
  });
});
