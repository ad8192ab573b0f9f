import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import { LOCKOUT_MS, MAX_FAILED_LOGINS } from "../../api/auth/login.ts";
import { STAFF_SESSION_LIFETIME_MS } from "../../api/auth/sessions.ts";
import { auditEvents, staff, staffSessions, units } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { createStaff, loginAs, type CreatedStaff } from "../support/staff.ts";
import { buildTestApp, LogCapture } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

const MINUTE = 60_000;
const LOGIN_FAILED_ID = {
  error: "invalid_credentials",
  message:
    "Email atau kata sandi salah, akun tidak aktif, atau akun dikunci sementara karena terlalu banyak percobaan. Coba lagi nanti atau hubungi admin.",
};
const CSRF_ID = {
  error: "csrf",
  message: "Permintaan ini perlu token CSRF sesi Anda di header x-csrf-token. Muat ulang halaman lalu coba lagi.",
};

/** What a browser holds after signing in: the cookie (sent on its own) and the CSRF token the page keeps. */
interface BrowserSession {
  token: string;
  csrfToken: string;
  cookie: string;
}

describe(`sessions, cookies, CSRF, logout, password change and lockout on ${testDbKind}`, () => {
  let database: TestDatabase;
  let app: App;
  let httpsApp: App;
  const logs = new LogCapture();
  // In the future, so the guards of other route modules (on the system clock) agree a session is live.
  let now = new Date("2031-03-03T01:00:00.000Z");
  const clock = () => now;
  let unitId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
    const [unit] = await database.db.select({ id: units.id }).from(units);
    unitId = unit!.id;
    app = await buildTestApp(database, { clock, logs });
    // Behind one trusted proxy that terminated TLS: the request counts as https.
    httpsApp = await buildTestApp(database, { clock, trustProxy: 1 });
  });
  afterAll(async () => {
    await app.close();
    await httpsApp.close();
    await database.destroy();
  });

  const login = (email: string, password: string, target: App = app, headers: Record<string, string> = {}) =>
    target.inject({ method: "POST", url: "/v1/auth/login", payload: { email, password }, headers });

  async function browserLogin(person: CreatedStaff): Promise<BrowserSession> {
    const res = await login(person.email, person.password);
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers["set-cookie"]);
    return { token: res.json().token, csrfToken: res.json().csrfToken, cookie: setCookie.split(";")[0]! };
  }

  const me = (headers: Record<string, string>) => app.inject({ method: "GET", url: "/v1/auth/me", headers });
  const changePassword = (headers: Record<string, string>, payload: Record<string, unknown>) =>
    app.inject({ method: "POST", url: "/v1/auth/password", headers, payload });
  const logout = (headers: Record<string, string>) => app.inject({ method: "POST", url: "/v1/auth/logout", headers });

  async function staffRow(id: string) {
    const [row] = await database.db.select().from(staff).where(eq(staff.id, id));
    return row!;
  }

  async function auditOf(staffId: string, action: string) {
    return database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, staffId), eq(auditEvents.action, action)));
  }

  it("sets the token as an httpOnly, SameSite=Strict cookie for the session's lifetime, Secure only over https", async () => {
    const peksos = await createStaff(database, { role: "peksos" });
    const res = await login(peksos.email, peksos.password);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.expiresAt).toBe(new Date(now.getTime() + STAFF_SESSION_LIFETIME_MS).toISOString());
    expect(res.headers["set-cookie"]).toBe(`lapor_sesi=${body.token}; Max-Age=43200; Path=/; HttpOnly; SameSite=Strict`);

    const secure = await login(peksos.email, peksos.password, httpsApp, { "x-forwarded-proto": "https" });
    expect(secure.statusCode).toBe(200);
    expect(secure.headers["set-cookie"]).toBe(`lapor_sesi=${secure.json().token}; Max-Age=43200; Path=/; HttpOnly; SameSite=Strict; Secure`);
  });

  it("accepts the cookie on a GET, and /me hands the same CSRF token out again after a reload", async () => {
    const peksos = await createStaff(database, { role: "peksos" });
    const session = await browserLogin(peksos);
    const res = await me({ cookie: `theme=dark; ${session.cookie}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: peksos.id, role: "peksos", unitId, csrfToken: session.csrfToken });
    // Another session of the same person has its own CSRF token.
    const other = await browserLogin(peksos);
    expect(other.csrfToken).not.toBe(session.csrfToken);
    // An empty or foreign cookie is no session.
    expect((await me({ cookie: "lapor_sesi=" })).statusCode).toBe(401);
    expect((await me({ cookie: "lapor_sesi=garbage" })).statusCode).toBe(401);
  });

  it("refuses a cookie POST without the CSRF token, with a wrong one or another session's, and admits the right one", async () => {
    const peksos = await createStaff(database, { role: "peksos" });
    const session = await browserLogin(peksos);
    const other = await browserLogin(peksos);
    const attempt = { currentPassword: "not-the-password", newPassword: "a brand new passphrase" };

    for (const csrf of [undefined, "wrong", other.csrfToken, `${session.csrfToken}x`]) {
      const res = await changePassword({ cookie: session.cookie, ...(csrf !== undefined && { "x-csrf-token": csrf }) }, attempt);
      expect(res.statusCode, String(csrf)).toBe(403);
      expect(res.json()).toEqual(CSRF_ID);
    }
    // With it, the request reaches the route: the wrong current password is now the only problem.
    const passed = await changePassword({ cookie: session.cookie, "x-csrf-token": session.csrfToken }, attempt);
    expect(passed.statusCode).toBe(400);
    expect(passed.json().fields).toEqual([expect.objectContaining({ in: "body", path: "currentPassword" })]);

    const english = await changePassword({ cookie: session.cookie, "accept-language": "en" }, attempt);
    expect(english.json()).toEqual({
      error: "csrf",
      message: "This request needs your session's CSRF token in the x-csrf-token header. Reload the page and try again.",
    });
  });

  it("needs no CSRF token with a bearer token, and the bearer token wins over a cookie", async () => {
    const peksos = await createStaff(database, { role: "peksos" });
    const supervisor = await createStaff(database, { role: "supervisor" });
    const peksosSession = await browserLogin(peksos);
    const supervisorToken = await loginAs(app, supervisor.email, supervisor.password);

    const attempt = { currentPassword: "not-the-password", newPassword: "a brand new passphrase" };
    const bearer = await changePassword({ authorization: `Bearer ${supervisorToken}` }, attempt);
    expect(bearer.statusCode).toBe(400);

    // Both sent: the request acts for the bearer token's owner, and needs no CSRF token.
    const both = await me({ authorization: `Bearer ${supervisorToken}`, cookie: peksosSession.cookie });
    expect(both.json()).toMatchObject({ id: supervisor.id });
    expect((await changePassword({ authorization: `Bearer ${supervisorToken}`, cookie: peksosSession.cookie }, attempt)).statusCode).toBe(400);
    // A bad Authorization header is not rescued by a good cookie.
    expect((await me({ authorization: "Bearer garbage", cookie: peksosSession.cookie })).statusCode).toBe(401);
  });

  it("logs out: the session ends, the cookie is cleared, other sessions stay", async () => {
    const peksos = await createStaff(database, { role: "peksos" });
    const bearerToken = await loginAs(app, peksos.email, peksos.password);
    const session = await browserLogin(peksos);

    const bearerOut = await logout({ authorization: `Bearer ${bearerToken}` });
    expect(bearerOut.statusCode).toBe(204);
    expect(bearerOut.body).toBe("");
    expect(bearerOut.headers["set-cookie"]).toBe("lapor_sesi=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict");
    expect((await me({ authorization: `Bearer ${bearerToken}` })).statusCode).toBe(401);
    expect((await me({ cookie: session.cookie })).statusCode).toBe(200);

    // A cookie logout is a POST like any other: CSRF token first.
    expect((await logout({ cookie: session.cookie })).statusCode).toBe(403);
    const cookieOut = await logout({ cookie: session.cookie, "x-csrf-token": session.csrfToken });
    expect(cookieOut.statusCode).toBe(204);
    expect(cookieOut.headers["set-cookie"]).toContain("lapor_sesi=; Max-Age=0");
    expect((await me({ cookie: session.cookie })).statusCode).toBe(401);
    expect((await me({ authorization: `Bearer ${session.token}` })).statusCode).toBe(401);
    expect(await database.db.select().from(staffSessions).where(eq(staffSessions.staffId, peksos.id))).toEqual([]);
    expect((await logout({ authorization: `Bearer ${bearerToken}` })).statusCode).toBe(401);
  });

  it("changes a password: the current one is checked, the new one must be new and long, other sessions end", async () => {
    const peksos = await createStaff(database, { role: "peksos" });
    const otherToken = await loginAs(app, peksos.email, peksos.password);
    const session = await browserLogin(peksos);
    const headers = { cookie: session.cookie, "x-csrf-token": session.csrfToken };

    for (const [payload, path] of [
      [{ currentPassword: "wrong-password", newPassword: "a brand new passphrase" }, "currentPassword"],
      [{ currentPassword: peksos.password, newPassword: "too short" }, "newPassword"],
      [{ currentPassword: peksos.password, newPassword: "x".repeat(201) }, "newPassword"],
      [{ currentPassword: peksos.password, newPassword: peksos.password }, "newPassword"],
      [{ newPassword: "a brand new passphrase" }, "currentPassword"],
    ] as const) {
      const res = await changePassword(headers, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toMatchObject({ error: "validation" });
      expect(res.json().fields).toEqual([expect.objectContaining({ in: "body", path })]);
    }
    // A wrong current password is a form error, not a sign-in attempt: it locks nothing.
    expect((await staffRow(peksos.id)).failedLogins).toBe(0);
    expect((await me({ authorization: `Bearer ${otherToken}` })).statusCode).toBe(200);

    const newPassword = "kopi pagi di balai desa";
    const res = await changePassword(headers, { currentPassword: peksos.password, newPassword });
    expect(res.statusCode).toBe(204);
    expect((await me({ cookie: session.cookie })).statusCode).toBe(200);
    expect((await me({ authorization: `Bearer ${otherToken}` })).statusCode).toBe(401);
    expect((await login(peksos.email, peksos.password)).statusCode).toBe(401);
    expect((await login(peksos.email, newPassword)).statusCode).toBe(200);

    const [audit] = await auditOf(peksos.id, "staff.password_changed");
    expect(audit).toMatchObject({ unitId, actorStaffId: peksos.id, entityType: "staff", data: { sessionsEnded: 1 } });
    expect(JSON.stringify(audit)).not.toContain(newPassword);
  });

  it(`locks an account for 15 minutes after ${MAX_FAILED_LOGINS} wrong passwords, with the very same answer as a wrong password`, async () => {
    const peksos = await createStaff(database, { role: "peksos" });
    const liveToken = await loginAs(app, peksos.email, peksos.password);
    const wrongAnswers = [];
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) wrongAnswers.push(await login(peksos.email, `wrong-password-${i}`));
    const lockedAt = now;
    const rightButLocked = await login(peksos.email, peksos.password);
    for (const res of [...wrongAnswers, rightButLocked]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual(LOGIN_FAILED_ID);
      expect(res.headers["set-cookie"]).toBeUndefined();
    }
    expect(new Set([...wrongAnswers, rightButLocked].map((r) => r.body)).size).toBe(1);

    const row = await staffRow(peksos.id);
    expect(row.lockedUntil).toEqual(new Date(lockedAt.getTime() + LOCKOUT_MS));
    const audits = await auditOf(peksos.id, "session.locked");
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ unitId, actorStaffId: null, entityType: "staff", data: { failedLogins: MAX_FAILED_LOGINS } });
    expect(JSON.stringify(audits[0])).not.toContain(peksos.email);
    // A session opened before the lock is the owner's own: it keeps working.
    expect((await me({ authorization: `Bearer ${liveToken}` })).statusCode).toBe(200);

    // More guesses during the lock neither extend it nor count towards the next one.
    now = new Date(now.getTime() + 10 * MINUTE);
    expect((await login(peksos.email, "another-guess")).statusCode).toBe(401);
    expect((await staffRow(peksos.id)).lockedUntil).toEqual(new Date(lockedAt.getTime() + LOCKOUT_MS));
    now = new Date(lockedAt.getTime() + LOCKOUT_MS - 1);
    expect((await login(peksos.email, peksos.password)).statusCode).toBe(401);

    now = new Date(lockedAt.getTime() + LOCKOUT_MS);
    expect((await login(peksos.email, peksos.password)).statusCode).toBe(200);
    expect(await staffRow(peksos.id)).toMatchObject({ failedLogins: 0, lockedUntil: null });
    expect(await auditOf(peksos.id, "session.locked")).toHaveLength(1);
  });

  it("counts wrong passwords in a row only: a successful sign-in starts the count again", async () => {
    const peksos = await createStaff(database, { role: "peksos" });
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) expect((await login(peksos.email, "wrong-password")).statusCode).toBe(401);
      expect((await staffRow(peksos.id)).failedLogins).toBe(MAX_FAILED_LOGINS - 1);
      expect((await login(peksos.email, peksos.password)).statusCode).toBe(200);
      expect(await staffRow(peksos.id)).toMatchObject({ failedLogins: 0, lockedUntil: null });
    }
  });

  it("counts simultaneous wrong passwords each, so parallel guessing locks the account too", async () => {
    const peksos = await createStaff(database, { role: "peksos" });
    const answers = await Promise.all(Array.from({ length: MAX_FAILED_LOGINS }, (_, i) => login(peksos.email, `parallel-guess-${i}`)));
    expect(answers.map((r) => r.statusCode)).toEqual(Array(MAX_FAILED_LOGINS).fill(401));
    expect((await staffRow(peksos.id)).lockedUntil).toEqual(new Date(now.getTime() + LOCKOUT_MS));
    expect(await auditOf(peksos.id, "session.locked")).toHaveLength(1);
    expect((await login(peksos.email, peksos.password)).statusCode).toBe(401);
  });

  it("never locks anything for an unknown email, and does not count sign-ins to a deactivated account", async () => {
    const inactive = await createStaff(database, { role: "peksos", active: false });
    const auditsBefore = (await database.db.select().from(auditEvents)).length;
    const staffBefore = await database.db.select({ id: staff.id, failedLogins: staff.failedLogins, lockedUntil: staff.lockedUntil }).from(staff);
    for (let i = 0; i < MAX_FAILED_LOGINS + 2; i++) {
      const unknown = await login("nobody-at-all@example.org", `guess-${i}`);
      expect(unknown.statusCode).toBe(401);
      expect(unknown.json()).toEqual(LOGIN_FAILED_ID);
      expect((await login(inactive.email, `guess-${i}`)).json()).toEqual(LOGIN_FAILED_ID);
    }
    const staffAfter = await database.db.select({ id: staff.id, failedLogins: staff.failedLogins, lockedUntil: staff.lockedUntil }).from(staff);
    expect(staffAfter).toEqual(expect.arrayContaining(staffBefore));
    expect(staffAfter).toHaveLength(staffBefore.length);
    expect((await database.db.select().from(auditEvents)).length).toBe(auditsBefore);
  });

  it("ends a session when the clock passes its expiry, for the bearer token and the cookie alike", async () => {
    const peksos = await createStaff(database, { role: "peksos" });
    const signedInAt = now;
    const session = await browserLogin(peksos);
    now = new Date(signedInAt.getTime() + STAFF_SESSION_LIFETIME_MS - 1);
    expect((await me({ authorization: `Bearer ${session.token}` })).statusCode).toBe(200);
    expect((await me({ cookie: session.cookie })).statusCode).toBe(200);
    now = new Date(signedInAt.getTime() + STAFF_SESSION_LIFETIME_MS);
    expect((await me({ authorization: `Bearer ${session.token}` })).statusCode).toBe(401);
    expect((await me({ cookie: session.cookie })).statusCode).toBe(401);
    expect((await logout({ authorization: `Bearer ${session.token}` })).statusCode).toBe(401);
  });

  it("keeps passwords, tokens and CSRF tokens out of the logs, and logs the lock with the id only", async () => {
    const peksos = await createStaff(database, { role: "peksos" });
    const before = logs.lines.length;
    const session = await browserLogin(peksos);
    await changePassword({ cookie: session.cookie, "x-csrf-token": session.csrfToken }, {
      currentPassword: peksos.password,
      newPassword: "sebuah kata sandi baru",
    });
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await login(peksos.email, `wrong-password-${i}-in-the-log`);
    const written = logs.lines.slice(before).join("\n");
    expect(written).toContain("staff account locked after repeated wrong passwords");
    expect(written).toContain(peksos.id);
    for (const secret of [session.token, session.csrfToken, peksos.password, "sebuah kata sandi baru", "in-the-log", peksos.email]) {
      expect(written).not.toContain(secret);
    }
  });

  it("documents logout and password change with every answer they give", async () => {
    const doc = (await app.inject({ method: "GET", url: "/docs/json" })).json();
    expect(Object.keys(doc.paths["/v1/auth/logout"].post.responses).sort()).toEqual(["204", "401", "403"]);
    expect(Object.keys(doc.paths["/v1/auth/password"].post.responses).sort()).toEqual(["204", "400", "401", "403"]);
    expect(doc.paths["/v1/auth/password"].post.security).toEqual([{ staffToken: [] }, { staffCookie: [] }]);
    expect(JSON.stringify(doc.paths["/v1/auth/login"].post.responses["200"])).toContain("csrfToken");
    expect(JSON.stringify(doc.paths["/v1/auth/me"].get.responses["200"])).toContain("csrfToken");
  });
});
