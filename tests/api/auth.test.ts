import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import { requireStaff } from "../../api/auth/require-staff.ts";
import { DUMMY_PASSWORD_HASH } from "../../api/auth/login.ts";
import { createStaffSession, findStaffByToken, STAFF_SESSION_LIFETIME_MS } from "../../api/auth/sessions.ts";
import { hashPassword } from "../../api/staff/passwords.ts";
import { staff, staffSessions, units } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { createStaff, loginAs } from "../support/staff.ts";
import { buildTestApp, LogCapture } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

const ADMIN_EMAIL = "admin@example.org";
const ADMIN_PASSWORD = "a-long-test-password";
const LOGIN_FAILED_ID = {
  error: "invalid_credentials",
  message:
    "Email atau kata sandi salah, akun tidak aktif, atau akun dikunci sementara karena terlalu banyak percobaan. Coba lagi nanti atau hubungi admin.",
};
const UNAUTHORIZED_ID = {
  error: "unauthorized",
  message: "Silakan masuk terlebih dahulu: sesi tidak ada, salah, atau sudah berakhir.",
};

describe(`staff sign-in on ${testDbKind}`, () => {
  let database: TestDatabase;
  let app: App;
  let unitId: string;
  const logs = new LogCapture();

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, { adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD });
    const [unit] = await database.db.select({ id: units.id }).from(units);
    unitId = unit!.id;
    app = await buildTestApp(database, {
      logs,
      extend: (a) => {
        // Routes that exist only here, to drive requireStaff's role check.
        a.get("/probe/supervision", { onRequest: requireStaff(database, ["supervisor", "admin"]) }, async (request) => ({
          staffId: request.staff?.id,
        }));
        a.get("/probe/nobody", { onRequest: requireStaff(database, []) }, async () => ({ ok: true }));
      },
    });
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  const login = (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    app.inject({ method: "POST", url: "/v1/auth/login", payload, headers });
  const me = (authorization?: string) =>
    app.inject({ method: "GET", url: "/v1/auth/me", headers: authorization ? { authorization } : {} });

  it("signs the seeded admin in, ignoring case and spaces around the email", async () => {
    const before = Date.now();
    const res = await login({ email: "  Admin@Example.ORG ", password: ADMIN_PASSWORD });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.staff).toEqual({ id: expect.any(String), name: "Administrator", email: ADMIN_EMAIL, role: "admin", unitId });
    const expiresAt = new Date(body.expiresAt).getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(before + STAFF_SESSION_LIFETIME_MS);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + STAFF_SESSION_LIFETIME_MS);
    expect(STAFF_SESSION_LIFETIME_MS).toBe(12 * 60 * 60 * 1000);
  });

  it("gives a wrong password, an unknown email and an inactive account the very same 401", async () => {
    const inactive = await createStaff(database, { role: "peksos", active: false });
    const answers = await Promise.all([
      login({ email: ADMIN_EMAIL, password: "not-the-password" }),
      login({ email: "nobody@example.org", password: ADMIN_PASSWORD }),
      login({ email: inactive.email, password: inactive.password }),
    ]);
    for (const res of answers) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual(LOGIN_FAILED_ID);
    }
    expect(new Set(answers.map((r) => r.body)).size).toBe(1);
    const english = await login({ email: "nobody@example.org", password: "x" }, { "accept-language": "en" });
    expect(english.json()).toEqual({
      error: "invalid_credentials",
      message:
        "Wrong email or password, the account is not active, or it is locked for a while after too many attempts. Try again later or ask an admin.",
    });
  });

  it("answers a missing email or an empty password with 400 naming the field", async () => {
    const missing = await login({ password: ADMIN_PASSWORD });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error: "validation" });
    expect(missing.json().fields).toEqual([expect.objectContaining({ in: "body", path: "email" })]);

    const empty = await login({ email: ADMIN_EMAIL, password: "" });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().fields).toEqual([expect.objectContaining({ in: "body", path: "password" })]);

    const long = await login({ email: ADMIN_EMAIL, password: "x".repeat(201) });
    expect(long.statusCode).toBe(400);
  });

  it("accepts the token on /v1/auth/me, which answers with the staff member", async () => {
    const peksos = await createStaff(database, { role: "peksos", email: "Sari@Example.org" });
    const token = await loginAs(app, "sari@example.org", peksos.password);
    const res = await me(`Bearer ${token}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: peksos.id,
      name: peksos.name,
      email: "sari@example.org",
      role: "peksos",
      unitId,
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      // The console reads rosters and times in the unit's zone, for every role.
      unit: { id: unitId, name: expect.any(String), code: expect.stringMatching(/^[A-Z]{3}$/), timezone: "Asia/Jakarta" },
    });
    // The scheme name is case-insensitive (RFC 9110).
    expect((await me(`bearer ${token}`)).statusCode).toBe(200);
  });

  it("refuses /v1/auth/me without a token, with a garbage one, or with an unknown one", async () => {
    const unknown = randomBytes(32).toString("base64url");
    for (const authorization of [undefined, "Bearer", "Bearer garbage", `Basic ${unknown}`, `Bearer ${unknown}`, `Bearer ${unknown}x`]) {
      const res = await me(authorization);
      expect(res.statusCode, String(authorization)).toBe(401);
      expect(res.json()).toEqual(UNAUTHORIZED_ID);
      expect(res.headers["www-authenticate"]).toBe("Bearer");
    }
    const english = await app.inject({ method: "GET", url: "/v1/auth/me", headers: { "accept-language": "en" } });
    expect(english.json().message).toBe("Please sign in first: the session is missing, invalid or has expired.");
  });

  it("refuses an expired session", async () => {
    const peksos = await createStaff(database, { role: "peksos" });
    // A session opened just over a lifetime ago, through the clock argument.
    const old = await createStaffSession(database.db, peksos.id, new Date(Date.now() - STAFF_SESSION_LIFETIME_MS - 1000));
    expect((await me(`Bearer ${old.token}`)).statusCode).toBe(401);

    // A row written directly with its expiry in the past.
    const token = randomBytes(32).toString("base64url");
    await database.db.insert(staffSessions).values({
      staffId: peksos.id,
      tokenHash: createHash("sha256").update(token).digest("hex"),
      expiresAt: new Date(Date.now() - 60_000),
    });
    const res = await me(`Bearer ${token}`);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual(UNAUTHORIZED_ID);
  });

  it("ends a session exactly at its expiry, by the clock it is given", async () => {
    const peksos = await createStaff(database, { role: "peksos" });
    const start = new Date("2025-07-14T01:00:00Z");
    const { token, expiresAt } = await createStaffSession(database.db, peksos.id, start);
    expect(expiresAt.getTime() - start.getTime()).toBe(STAFF_SESSION_LIFETIME_MS);
    expect(await findStaffByToken(database.db, token, new Date(expiresAt.getTime() - 1))).toMatchObject({ id: peksos.id });
    expect(await findStaffByToken(database.db, token, expiresAt)).toBeNull();
  });

  it("ends the sessions of an account once it is deactivated", async () => {
    const peksos = await createStaff(database, { role: "peksos" });
    const token = await loginAs(app, peksos.email, peksos.password);
    expect((await me(`Bearer ${token}`)).statusCode).toBe(200);
    await database.db.update(staff).set({ active: false }).where(eq(staff.id, peksos.id));
    expect((await me(`Bearer ${token}`)).statusCode).toBe(401);
  });

  it("stores the token only as its sha256", async () => {
    const peksos = await createStaff(database, { role: "peksos" });
    const token = await loginAs(app, peksos.email, peksos.password);
    const rows = await database.db.select().from(staffSessions).where(eq(staffSessions.staffId, peksos.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("keeps the token and the password out of the logs", async () => {
    const peksos = await createStaff(database, { role: "peksos" });
    const before = logs.lines.length;
    const token = await loginAs(app, peksos.email, peksos.password);
    await me(`Bearer ${token}`);
    await login({ email: peksos.email, password: "wrong-password-in-the-log?" });
    const written = logs.lines.slice(before).join("\n");
    expect(written).toContain("/v1/auth/me");
    expect(written).toContain("staff signed in");
    expect(written).not.toContain(token);
    expect(written).not.toContain(peksos.password);
    expect(written).not.toContain("wrong-password-in-the-log?");
    expect(logs.text).not.toContain(token);
  });

  it("answers 403 to a role the route does not allow, and admits the roles it lists", async () => {
    const peksos = await createStaff(database, { role: "peksos" });
    const supervisor = await createStaff(database, { role: "supervisor" });
    const peksosToken = await loginAs(app, peksos.email, peksos.password);
    const supervisorToken = await loginAs(app, supervisor.email, supervisor.password);
    const probe = (url: string, token?: string) =>
      app.inject({ method: "GET", url, headers: token ? { authorization: `Bearer ${token}` } : {} });

    const refused = await probe("/probe/supervision", peksosToken);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({ error: "forbidden", message: "Peran Anda tidak diizinkan melakukan ini." });

    const admitted = await probe("/probe/supervision", supervisorToken);
    expect(admitted.statusCode).toBe(200);
    expect(admitted.json()).toEqual({ staffId: supervisor.id });

    expect((await probe("/probe/supervision")).statusCode).toBe(401);
    // An empty role list admits nobody, not everybody.
    const adminToken = await loginAs(app, ADMIN_EMAIL, ADMIN_PASSWORD);
    expect((await probe("/probe/nobody", adminToken)).statusCode).toBe(403);
  });

  it("documents both routes in the OpenAPI document", async () => {
    const doc = (await app.inject({ method: "GET", url: "/docs/json" })).json();
    const loginDoc = doc.paths["/v1/auth/login"].post;
    expect(loginDoc.tags).toEqual(["auth"]);
    expect(Object.keys(loginDoc.responses).sort()).toEqual(["200", "400", "401"]);
    expect(JSON.stringify(loginDoc.requestBody)).toContain("email");
    const meDoc = doc.paths["/v1/auth/me"].get;
    expect(meDoc.security).toEqual([{ staffToken: [] }, { staffCookie: [] }]);
    expect(Object.keys(meDoc.responses).sort()).toEqual(["200", "401"]);
    expect(doc.components.securitySchemes.staffToken).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("verifies unknown emails against a dummy hash as costly as a real one", async () => {
    const parameters = (encoded: string) => encoded.split("$").slice(1, 4).join("$");
    expect(parameters(DUMMY_PASSWORD_HASH)).toBe(parameters(await hashPassword("any password")));
  });
});
