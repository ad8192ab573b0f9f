import { randomUUID } from "node:crypto";
import { and, count, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import { LOCKOUT_MS, MAX_FAILED_LOGINS } from "../../api/auth/login.ts";
import { STAFF_SESSION_LIFETIME_MS } from "../../api/auth/sessions.ts";
import { createI18n } from "../../api/i18n.ts";
import { createIntake } from "../../api/intake/intake-service.ts";
import { createLogger } from "../../api/logging.ts";
import { inboundMessages, reporters, schools, staff, ticketEvents, tickets, units } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { TELEGRAM_WEBHOOK_PATH, telegramWebhookRoutes } from "../../bot/channels/telegram/webhook.ts";
import { insertTicket } from "../api/tickets-support.ts";
import { ChatDriver } from "../intake/support.ts";
import { createStaff, loginAs, type CreatedStaff } from "../support/staff.ts";
import { buildTestApp, TEST_CHANNEL_TOKEN } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

/*
 * What someone trying to break the API sends it, through app.inject and the real database:
 * bodies too big or of the wrong shape, SQL and script in every free-text field, paths that
 * climb out of an id, tokens that should be dead, another unit's ids in the places the
 * authorization matrix does not look (filters), and a password guessed over and over.
 */

const SQL_DROP = "'; DROP TABLE tickets; --";
const SQL_ALWAYS = "' OR 1=1 --";
const SCRIPT = `<script>window.__pwned=2</script><img src=x onerror="window.__pwned=1">`;
const ADMIN = { email: "admin@example.org", password: "a-long-test-password" };
/** What a leaked file would start with: /etc/passwd, and this project's package.json. */
const FILE_BYTES = [/root:.*:0:0:/, /"name":\s*"lapor-aman"/];

let database: TestDatabase;
let app: App;
/** The B unit's hotline: the same API and database, its intake configured for unit B. */
let hotlineB: App;
/** Added to the app's clock: sessions are judged by it. */
let clockOffsetMs = 0;
let unitA: { id: string; code: string };
let unitB: { id: string; code: string };
let adminToken: string;
let peksosA: CreatedStaff;
let supervisorA: CreatedStaff;
let peksosAToken: string;
let supervisorAToken: string;
let peksosB: CreatedStaff;
let supervisorBToken: string;
let chats = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedIfEmpty(database.db, { adminEmail: ADMIN.email, adminPassword: ADMIN.password });
  [unitA] = (await database.db.select({ id: units.id, code: units.code }).from(units)) as [{ id: string; code: string }];
  [unitB] = (await database.db.insert(units).values({ name: "Dinas Sosial Kabupaten Seberang", code: "SBR" }).returning({ id: units.id, code: units.code })) as [
    { id: string; code: string },
  ];
  app = await buildTestApp(database, { clock: () => new Date(Date.now() + clockOffsetMs) });
  hotlineB = await buildTestApp(database, {
    intake: createIntake({ database, i18n: await createI18n("id"), logger: createLogger("silent"), unitCode: unitB.code }),
  });
  adminToken = await loginAs(app, ADMIN.email, ADMIN.password);
  peksosA = await createStaff(database, { role: "peksos", unitId: unitA.id });
  supervisorA = await createStaff(database, { role: "supervisor", unitId: unitA.id });
  peksosB = await createStaff(database, { role: "peksos", unitId: unitB.id });
  const supervisorB = await createStaff(database, { role: "supervisor", unitId: unitB.id });
  peksosAToken = await loginAs(app, peksosA.email, peksosA.password);
  supervisorAToken = await loginAs(app, supervisorA.email, supervisorA.password);
  supervisorBToken = await loginAs(app, supervisorB.email, supervisorB.password);
});
afterAll(async () => {
  await hotlineB.close();
  await app.close();
  await database.destroy();
});

interface Call {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  url: string;
  token?: string;
  headers?: Record<string, string>;
  payload?: unknown;
  remoteAddress?: string;
}

async function call({ method, url, token, headers = {}, payload, remoteAddress }: Call) {
  return app.inject({
    method,
    url,
    headers: { ...(token !== undefined && { authorization: `Bearer ${token}` }), ...headers },
    ...(payload !== undefined && { payload: payload as string | object }),
    ...(remoteAddress !== undefined && { remoteAddress }),
  });
}

function fieldPaths(response: { json(): unknown }): string[] {
  return ((response.json() as { fields?: { path: string }[] }).fields ?? []).map((f) => f.path);
}

const newChat = (hotline: App = app) => new ChatDriver(hotline, `9${process.pid}${++chats}${Date.now() % 100_000}`);

/** A child's whole report, named, with the given words as the story, the child's answer and the name. */
async function reportWith(words: { story: string; child: string; name: string }, hotline: App = app): Promise<{ code: string; chat: ChatDriver }> {
  const chat = newChat(hotline);
  await chat.text("halo");
  await chat.press("anak_diri");
  await chat.press("tidak");
  await chat.press("diejek");
  await chat.text(words.story);
  await chat.press("sudah");
  await chat.text(words.child);
  await chat.press("masih_terjadi");
  await chat.press("nama");
  await chat.text(words.name);
  const sent = await chat.press("kirim");
  if (!sent.ticketCode) throw new Error("the report made no ticket");
  return { code: sent.ticketCode, chat };
}

async function ticketIdOf(code: string): Promise<string> {
  const [row] = await database.db.select({ id: tickets.id }).from(tickets).where(eq(tickets.code, code));
  if (!row) throw new Error(`no ticket ${code}`);
  return row.id;
}

async function rows(table: typeof tickets | typeof inboundMessages | typeof ticketEvents | typeof reporters | typeof staff | typeof schools): Promise<number> {
  const [result] = await database.db.select({ n: count() }).from(table);
  return result?.n ?? 0;
}

describe(`hostile API input on ${testDbKind}`, () => {
  it("refuses oversized and absurdly nested bodies with 413 or 400, never a 5xx, and stores nothing", async () => {
    const ticket = await insertTicket(database, unitA);
    const before = { inbound: await rows(inboundMessages), reporters: await rows(reporters), events: await rows(ticketEvents) };
    const twoMegabytes = "a".repeat(2 * 1024 * 1024);
    const oversized = [
      await call({
        method: "POST",
        url: "/v1/intake/messages",
        token: TEST_CHANNEL_TOKEN,
        payload: { channel: "telegram", externalId: "big-1", address: "big-chat", sentAt: new Date().toISOString(), content: { type: "text", text: twoMegabytes } },
      }),
      await call({ method: "POST", url: "/v1/auth/login", payload: { email: ADMIN.email, password: twoMegabytes } }),
      await call({ method: "POST", url: `/v1/tickets/${ticket.id}/notes`, token: peksosAToken, payload: { text: twoMegabytes } }),
    ];
    for (const response of oversized) {
      expect(response.statusCode).toBe(413);
      expect(response.json()).toMatchObject({ error: "too_large" });
    }
    // Under the body limit but over the field's: a 400 naming the field.
    const long = await call({
      method: "POST",
      url: "/v1/intake/messages",
      token: TEST_CHANNEL_TOKEN,
      payload: { channel: "telegram", externalId: "big-2", address: "big-chat", sentAt: new Date().toISOString(), content: { type: "text", text: "a".repeat(65_537) } },
    });
    expect(long.statusCode).toBe(400);
    expect(fieldPaths(long)).toContain("content.text");
    const longNote = await call({ method: "POST", url: `/v1/tickets/${ticket.id}/notes`, token: peksosAToken, payload: { text: "catatan ".repeat(20_000) } });
    expect(longNote.statusCode).toBe(400);
    expect(fieldPaths(longNote)).toContain("text");
    // 100,000 nested arrays: small enough to pass the body limit, deep enough to overflow a recursive walk.
    const nested = "[".repeat(100_000) + "]".repeat(100_000);
    for (const url of ["/v1/intake/messages", "/v1/auth/login"]) {
      const response = await call({ method: "POST", url, token: TEST_CHANNEL_TOKEN, headers: { "content-type": "application/json" }, payload: nested });
      expect(response.statusCode, url).toBe(400);
    }
    expect({ inbound: await rows(inboundMessages), reporters: await rows(reporters), events: await rows(ticketEvents) }).toEqual(before);
  });

  it("refuses NUL and half surrogate pairs (which PostgreSQL cannot store) with a 400 naming the field, except on Telegram's webhook", async () => {
    const ticket = await insertTicket(database, unitA);
    const eventsBefore = await rows(ticketEvents);
    const cases: { request: Call; field: string }[] = [
      {
        request: { method: "POST", url: "/v1/intake/messages", token: TEST_CHANNEL_TOKEN, payload: { channel: "telegram", externalId: "nul-1", address: "nul-chat", sentAt: new Date().toISOString(), content: { type: "text", text: "aku\u0000dipukul" } } },
        field: "content.text",
      },
      { request: { method: "POST", url: `/v1/tickets/${ticket.id}/notes`, token: peksosAToken, payload: { text: "catatan \uD800 setengah" } }, field: "text" },
      { request: { method: "GET", url: "/v1/tickets?school=%00", token: peksosAToken }, field: "school" },
      { request: { method: "POST", url: "/v1/auth/login", payload: { email: "a\u0000@example.org", password: "x" } }, field: "email" },
    ];
    for (const { request, field } of cases) {
      const response = await call(request);
      expect(response.statusCode, `${request.method} ${request.url}`).toBe(400);
      expect(fieldPaths(response), `${request.method} ${request.url}`).toContain(field);
    }
    expect(await rows(ticketEvents)).toBe(eventsBefore);
    expect(await database.db.select().from(reporters).where(eq(reporters.address, "nul-chat"))).toEqual([]);

    // Telegram's webhook answers 200 and hands the update on: a 400 would make Telegram send it forever.
    const handed: unknown[] = [];
    const webhook = await buildTestApp(database, {
      extend: (extended) => void extended.register(telegramWebhookRoutes, { secretToken: "rahasia-webhook", handleUpdate: async (update) => void handed.push(update) }),
    });
    try {
      const update = { update_id: 41, message: { message_id: 1, date: 0, chat: { id: 5, type: "private" }, text: "tolong\u0000" } };
      const response = await webhook.inject({ method: "POST", url: TELEGRAM_WEBHOOK_PATH, headers: { "x-telegram-bot-api-secret-token": "rahasia-webhook" }, payload: update });
      expect(response.statusCode).toBe(200);
      expect(handed).toEqual([update]);
    } finally {
      await webhook.close();
    }
  });

  it("answers wrong types with a 400 naming each field, on the routes people and adapters call most", async () => {
    const ticket = await insertTicket(database, unitA, { status: "diterima", assigneeId: peksosA.id });
    const cases: { request: Call; fields: string[] }[] = [
      { request: { method: "POST", url: "/v1/auth/login", payload: { email: 5, password: ["x"] } }, fields: ["email", "password"] },
      {
        request: {
          method: "POST",
          url: "/v1/intake/messages",
          token: TEST_CHANNEL_TOKEN,
          payload: { channel: "telegram", externalId: 17, address: "wrong-types", sentAt: "kemarin", content: { type: "text", text: { story: "x" } } },
        },
        fields: ["externalId", "sentAt", "content.text"],
      },
      { request: { method: "POST", url: `/v1/tickets/${ticket.id}/status`, token: peksosAToken, payload: { status: 3 } }, fields: ["status"] },
      { request: { method: "POST", url: `/v1/tickets/${ticket.id}/notes`, token: peksosAToken, payload: { text: null } }, fields: ["text"] },
      { request: { method: "GET", url: "/v1/tickets?limit=banyak&since=kemarin", token: peksosAToken }, fields: ["limit", "since"] },
      { request: { method: "POST", url: "/v1/shifts", token: supervisorAToken, payload: { staffId: "budi", tier: 1 } }, fields: ["staffId", "tier"] },
      { request: { method: "POST", url: "/v1/schools", token: supervisorAToken, payload: { code: ["smp"], name: {} } }, fields: ["code", "name"] },
    ];
    for (const { request, fields } of cases) {
      const response = await call(request);
      expect(response.statusCode, `${request.method} ${request.url}`).toBe(400);
      expect(response.json(), `${request.method} ${request.url}`).toMatchObject({ error: "validation" });
      expect(fieldPaths(response), `${request.method} ${request.url}`).toEqual(expect.arrayContaining(fields));
    }
  });

  it("stores SQL typed into a report, a filter and staff fields as text, and every table is still there", async () => {
    const words = { story: `kakak kelas bilang ${SQL_DROP} lalu ${SQL_ALWAYS} dan aku takut`, child: `kelas 5 SD ${SQL_ALWAYS}`, name: `Rani ${SQL_DROP}` };
    const { code } = await reportWith(words);
    const id = await ticketIdOf(code);
    const ticketsBefore = await rows(tickets);

    const detail = await call({ method: "GET", url: `/v1/tickets/${id}`, token: supervisorAToken });
    expect(detail.statusCode).toBe(200);
    const body = detail.json() as { description: string; reporter: { name: string | null }; transcript: { direction: string; text: string | null }[] };
    expect(body.description).toContain(words.story);
    expect(body.reporter.name).toBe(words.name);
    expect(body.transcript.filter((m) => m.direction === "in").map((m) => m.text)).toEqual(expect.arrayContaining([words.story, words.child, words.name]));

    // Filters: the words are searched for as written, so they match nothing, not everything.
    for (const school of [SQL_ALWAYS, SQL_DROP, "%", "_", "\\"]) {
      const queue = await call({ method: "GET", url: `/v1/tickets?school=${encodeURIComponent(school)}&limit=100`, token: supervisorAToken });
      expect(queue.statusCode, school).toBe(200);
      expect((queue.json() as { items: unknown[] }).items, school).toEqual([]);
      const list = await call({ method: "GET", url: `/v1/schools?q=${encodeURIComponent(school)}`, token: supervisorAToken });
      expect(list.statusCode, school).toBe(200);
      expect((list.json() as { schools: unknown[] }).schools, school).toEqual([]);
    }
    const badCode = await call({ method: "GET", url: `/v1/tickets?code=${encodeURIComponent(SQL_ALWAYS)}`, token: supervisorAToken });
    expect(badCode.statusCode).toBe(400);
    expect(fieldPaths(badCode)).toContain("code");
    const audit = await call({ method: "GET", url: `/v1/audit?entityType=ticket&entityId=${encodeURIComponent(SQL_DROP)}`, token: adminToken });
    expect(audit.statusCode).toBe(200);

    // Staff fields: a note, a colleague's name, a school's name.
    const note = await call({ method: "POST", url: `/v1/tickets/${id}/notes`, token: supervisorAToken, payload: { text: `Catatan ${SQL_DROP}` } });
    expect(note.statusCode).toBe(201);
    const colleague = await call({ method: "POST", url: "/v1/staff", token: adminToken, payload: { unitId: unitA.id, email: `sql-${Date.now()}@example.org`, name: `Budi ${SQL_ALWAYS}`, role: "peksos" } });
    expect(colleague.statusCode).toBe(201);
    const school = await call({ method: "POST", url: "/v1/schools", token: supervisorAToken, payload: { code: `sql-${Date.now() % 100_000}`, name: `SMP ${SQL_DROP}` } });
    expect(school.statusCode).toBe(201);
    const [staffRow] = await database.db.select({ name: staff.name }).from(staff).where(eq(staff.name, `Budi ${SQL_ALWAYS}`));
    expect(staffRow?.name).toBe(`Budi ${SQL_ALWAYS}`);
    const [schoolRow] = await database.db.select({ name: schools.name }).from(schools).where(eq(schools.name, `SMP ${SQL_DROP}`));
    expect(schoolRow?.name).toBe(`SMP ${SQL_DROP}`);
    const timeline = (await call({ method: "GET", url: `/v1/tickets/${id}`, token: supervisorAToken })).json() as { timeline: { data: Record<string, unknown> }[] };
    expect(JSON.stringify(timeline.timeline)).toContain(JSON.stringify(`Catatan ${SQL_DROP}`).slice(1, -1));

    expect(await rows(tickets)).toBe(ticketsBefore);
    expect(await rows(staff)).toBeGreaterThan(0);
    expect(await rows(schools)).toBeGreaterThan(0);
  });

  it("stores script typed by a reporter or a colleague exactly as typed, for the console to show as text", async () => {
    const words = { story: `cerita ${SCRIPT} selesai`, child: `<a href="javascript:alert(1)">SD 2</a>`, name: `<img src=x onerror="window.__pwned=1">` };
    const { code } = await reportWith(words);
    const id = await ticketIdOf(code);
    await call({ method: "POST", url: `/v1/tickets/${id}/notes`, token: supervisorAToken, payload: { text: SCRIPT } });
    const detail = await call({ method: "GET", url: `/v1/tickets/${id}`, token: supervisorAToken });
    expect(detail.headers["content-type"]).toMatch(/^application\/json/);
    const body = detail.json() as { description: string; location: string | null; reporter: { name: string | null }; timeline: unknown[] };
    // Neither escaped nor stripped here: escaping is the console's job (tests/console/hostile-render.test.ts).
    expect(body.description).toBe(words.story);
    expect(body.reporter.name).toBe(words.name);
    expect(detail.body).toContain(JSON.stringify(words.child).slice(1, -1));
    expect(JSON.stringify(body.timeline)).toContain(JSON.stringify(SCRIPT).slice(1, -1));
  });

  it("answers ids that climb out of their place with 400 or 404, never a 5xx and never a file's bytes", async () => {
    const ticket = await insertTicket(database, unitA);
    const climbs = ["..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%252F..%252Fetc%252Fpasswd", "....%2F%2F....%2F%2Fetc%2Fpasswd", `${ticket.id}%00`, `${ticket.id}%00.jpg`, "%00", "..", "%2e%2e"];
    const urls = climbs.flatMap((climb) => [
      `/v1/tickets/${climb}`,
      `/v1/tickets/${climb}/evidence/${randomUUID()}/file`,
      `/v1/tickets/${ticket.id}/evidence/${climb}/file`,
      `/v1/tickets/${ticket.id}/media/${climb}`,
      `/v1/schools/${climb}/leaflet`,
      `/v1/referrals/${climb}`,
    ]);
    urls.push("/v1/tickets/../../etc/passwd", "/v1/../package.json", "/../../etc/passwd", "/v1/tickets/%2F..%2F..%2Fpackage.json");
    for (const url of urls) {
      const response = await call({ method: "GET", url, token: supervisorAToken });
      expect([400, 404], url).toContain(response.statusCode);
      for (const bytes of FILE_BYTES) expect(response.body, url).not.toMatch(bytes);
    }

    // A channel naming a stored file by a path instead of its id: the evidence has no file to give.
    const whatsapp = new ChatDriver(app, `62812${Date.now() % 10_000_000}`);
    const payload = (content: object, n: number) => ({ channel: "whatsapp", externalId: `wa-climb-${Date.now()}-${n}`, address: whatsapp.address, sentAt: new Date().toISOString(), content });
    const post = (content: object, n: number) => call({ method: "POST", url: "/v1/intake/messages", token: TEST_CHANNEL_TOKEN, payload: payload(content, n) });
    expect((await post({ type: "text", text: "tolong" }, 1)).statusCode).toBe(200);
    const asked = (await post({ type: "text", text: "1" }, 2)).json() as { replies: { choices: { id: string }[][] }[] };
    const yes = asked.replies.flatMap((r) => r.choices.flat()).find((c) => c.id.endsWith(":ya"));
    expect(yes).toBeDefined();
    const danger = (await post({ type: "choice", choiceId: yes!.id }, 3)).json() as { ticketCode: string };
    await post({ type: "media", kind: "photo", fileId: "media:../../../../etc/passwd", mimeType: "image/jpeg" }, 4);
    const id = await ticketIdOf(danger.ticketCode);
    const detail = (await call({ method: "GET", url: `/v1/tickets/${id}`, token: supervisorAToken })).json() as { evidence: { id: string; url: string | null }[] };
    expect(detail.evidence).toHaveLength(1);
    const file = await call({ method: "GET", url: `/v1/tickets/${id}/evidence/${detail.evidence[0]!.id}/file`, token: supervisorAToken });
    expect(file.statusCode).toBe(404);
    expect(file.json()).toMatchObject({ error: "file_unavailable", reason: "no_file" });
  });

  describe("dead and borrowed credentials", () => {
    /** Reads and writes a thief would try; none may answer or change anything. */
    async function everyUseRefused(credentials: { token?: string; headers?: Record<string, string> }, ticketId: string, status: number) {
      const eventsBefore = await changesOf(ticketId);
      const uses: Call[] = [
        { method: "GET", url: "/v1/tickets" },
        { method: "GET", url: `/v1/tickets/${ticketId}` },
        { method: "POST", url: `/v1/tickets/${ticketId}/notes`, payload: { text: "ditulis dengan sesi curian" } },
        { method: "POST", url: `/v1/tickets/${ticketId}/acknowledge` },
        { method: "GET", url: "/v1/auth/me" },
      ];
      for (const use of uses) {
        const response = await call({ ...use, ...credentials });
        expect(response.statusCode, `${use.method} ${use.url}`).toBe(use.method === "GET" && status === 403 ? 200 : status);
      }
      expect(await changesOf(ticketId)).toBe(eventsBefore);
    }

    /** The ticket's timeline without "viewed" (a read the CSRF case lets through is recorded as one). */
    async function changesOf(ticketId: string): Promise<number> {
      const [result] = await database.db
        .select({ n: count() })
        .from(ticketEvents)
        .where(and(eq(ticketEvents.ticketId, ticketId), ne(ticketEvents.type, "viewed")));
      return result?.n ?? 0;
    }

    it("refuses a token after its owner signed out, and one made up or altered", async () => {
      const ticket = await insertTicket(database, unitA);
      const token = await loginAs(app, peksosA.email, peksosA.password);
      expect((await call({ method: "POST", url: "/v1/auth/logout", token })).statusCode).toBe(204);
      await everyUseRefused({ token }, ticket.id, 401);
      const live = await loginAs(app, peksosA.email, peksosA.password);
      const altered = `${live.slice(0, -1)}${live.endsWith("A") ? "B" : "A"}`;
      for (const forged of [altered, randomUUID(), "null", "' OR 1=1 --", live.toUpperCase()]) await everyUseRefused({ token: forged }, ticket.id, 401);
      expect((await call({ method: "GET", url: "/v1/events", token: altered })).statusCode).toBe(401);
    });

    it("refuses every session of a deactivated account, and its password", async () => {
      const ticket = await insertTicket(database, unitA);
      const leaving = await createStaff(database, { role: "peksos", unitId: unitA.id });
      const token = await loginAs(app, leaving.email, leaving.password);
      const deactivated = await call({ method: "PATCH", url: `/v1/staff/${leaving.id}`, token: supervisorAToken, payload: { active: false } });
      expect(deactivated.statusCode).toBe(200);
      await everyUseRefused({ token }, ticket.id, 401);
      expect((await call({ method: "POST", url: "/v1/auth/login", payload: { email: leaving.email, password: leaving.password } })).statusCode).toBe(401);
    });

    it("refuses a session past its lifetime", async () => {
      const ticket = await insertTicket(database, unitA);
      const token = await loginAs(app, peksosA.email, peksosA.password);
      clockOffsetMs = STAFF_SESSION_LIFETIME_MS + 1000;
      try {
        await everyUseRefused({ token }, ticket.id, 401);
      } finally {
        clockOffsetMs = 0;
      }
    });

    it("refuses a cookie session's writes without its own CSRF token, and lets its reads through", async () => {
      const ticket = await insertTicket(database, unitA);
      const signIn = async () => {
        const response = await call({ method: "POST", url: "/v1/auth/login", payload: { email: peksosA.email, password: peksosA.password } });
        const cookie = String(response.headers["set-cookie"]).split(";")[0]!;
        return { cookie, csrfToken: (response.json() as { csrfToken: string }).csrfToken };
      };
      const mine = await signIn();
      const another = await signIn();
      await everyUseRefused({ headers: { cookie: mine.cookie } }, ticket.id, 403);
      await everyUseRefused({ headers: { cookie: mine.cookie, "x-csrf-token": another.csrfToken } }, ticket.id, 403);
      await everyUseRefused({ headers: { cookie: mine.cookie, "x-csrf-token": "" } }, ticket.id, 403);
      const allowed = await call({ method: "POST", url: `/v1/tickets/${ticket.id}/notes`, headers: { cookie: mine.cookie, "x-csrf-token": mine.csrfToken }, payload: { text: "boleh" } });
      expect(allowed.statusCode).toBe(201);
    });
  });

  it("answers filters naming another unit's code, staff, school or agency exactly as for ones nobody has", async () => {
    const schoolB = `sbr-${Date.now() % 100_000}`;
    const ticketB = await insertTicket(database, unitB, { status: "diterima", assigneeId: peksosB.id, schoolCode: schoolB, schoolName: "SMP Negeri 9 Seberang" });
    const agencyB = await call({ method: "POST", url: "/v1/agencies", token: supervisorBToken, payload: { name: "UPTD PPA Seberang", type: "uptd_ppa" } });
    expect(agencyB.statusCode).toBe(201);
    const schoolRowB = await call({ method: "POST", url: "/v1/schools", token: supervisorBToken, payload: { code: schoolB, name: "SMP Negeri 9 Seberang" } });
    expect(schoolRowB.statusCode).toBe(201);
    const agencyBId = (agencyB.json() as { id: string }).id;
    // Unit B itself sees them: the filters do find something there.
    expect(((await call({ method: "GET", url: `/v1/tickets?code=${ticketB.code}`, token: supervisorBToken })).json() as { items: unknown[] }).items).toHaveLength(1);
    expect(((await call({ method: "GET", url: `/v1/tickets?school=${schoolB}`, token: supervisorBToken })).json() as { items: unknown[] }).items).toHaveLength(1);
    expect(((await call({ method: "GET", url: "/v1/schools?q=Seberang", token: supervisorBToken })).json() as { schools: unknown[] }).schools).toHaveLength(1);

    const pairs: [string, string][] = [
      [`/v1/tickets?code=${ticketB.code}`, `/v1/tickets?code=${unitA.code}-ZZZZZ`],
      [`/v1/tickets?code=${ticketB.code}&status=baru,diterima,ditangani,dirujuk,selesai,ditutup`, `/v1/tickets?code=${unitA.code}-ZZZZZ&status=baru,diterima,ditangani,dirujuk,selesai,ditutup`],
      [`/v1/tickets?assignee=${peksosB.id}`, `/v1/tickets?assignee=${randomUUID()}`],
      [`/v1/tickets?school=${schoolB}`, "/v1/tickets?school=tidak-ada-sekolah-ini"],
      [`/v1/referrals?agencyId=${agencyBId}`, `/v1/referrals?agencyId=${randomUUID()}`],
      [`/v1/schools?q=Seberang`, "/v1/schools?q=tidak-ada-sekolah-ini"],
    ];
    for (const token of [peksosAToken, supervisorAToken]) {
      for (const [other, unknown] of pairs) {
        const [answer, control] = [await call({ method: "GET", url: other, token }), await call({ method: "GET", url: unknown, token })];
        expect({ status: answer.statusCode, body: answer.json() }, other).toEqual({ status: control.statusCode, body: control.json() });
        expect(answer.body, other).not.toContain(ticketB.id);
      }
    }
    // A report reaching unit B's hotline is unit B's: unit A's queue never shows it.
    const { code } = await reportWith({ story: "kakak kelas memalak uang jajanku tiap hari", child: "kelas 4", name: "Sari" }, hotlineB);
    const [row] = await database.db.select({ unitId: tickets.unitId }).from(tickets).where(eq(tickets.code, code));
    expect(row?.unitId).toBe(unitB.id);
    const queue = await call({ method: "GET", url: `/v1/tickets?code=${code}`, token: supervisorAToken });
    expect((queue.json() as { items: unknown[] }).items).toEqual([]);
  });

  describe("guessing a password", () => {
    it(`locks the account after ${MAX_FAILED_LOGINS} wrong passwords (the right one refused too), leaves others signing in, and an admin lifts it`, async () => {
      const target = await createStaff(database, { role: "peksos", unitId: unitA.id });
      const colleague = await createStaff(database, { role: "peksos", unitId: unitA.id });
      const login = (email: string, password: string) => call({ method: "POST", url: "/v1/auth/login", payload: { email, password } });
      const wrong = [];
      for (let i = 0; i < MAX_FAILED_LOGINS; i++) wrong.push(await login(target.email, `tebakan-${i}`));
      const right = await login(target.email, target.password);
      expect([...wrong, right].map((r) => r.statusCode)).toEqual(Array(MAX_FAILED_LOGINS + 1).fill(401));
      // The lock looks exactly like a wrong password: the guesser learns nothing.
      expect(new Set([...wrong, right].map((r) => r.body)).size).toBe(1);
      const [locked] = await database.db.select({ lockedUntil: staff.lockedUntil }).from(staff).where(eq(staff.id, target.id));
      expect(locked?.lockedUntil?.getTime()).toBeGreaterThan(Date.now() + LOCKOUT_MS - 60_000);

      expect((await login(colleague.email, colleague.password)).statusCode).toBe(200);
      expect((await login(ADMIN.email, ADMIN.password)).statusCode).toBe(200);

      const reset = await call({ method: "POST", url: `/v1/staff/${target.id}/reset-password`, token: adminToken });
      expect(reset.statusCode).toBe(200);
      const { oneTimePassword } = reset.json() as { oneTimePassword: string };
      expect((await login(target.email, oneTimePassword)).statusCode).toBe(200);
      expect((await login(target.email, target.password)).statusCode).toBe(401);
    });

    it("also meets the API's per-address limit on the login route: 429 from one address, others unaffected", async () => {
      // The login route has no tighter limit of its own: the API-wide 600 requests per minute per address applies.
      const guesser = "198.51.100.23";
      const statuses = new Map<number, number>();
      for (let i = 0; i < 600; i++) {
        const response = await call({ method: "POST", url: "/v1/auth/login", payload: { email: "x" }, remoteAddress: guesser });
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      }
      expect(Object.fromEntries(statuses)).toEqual({ 400: 600 });
      const limited = await call({ method: "POST", url: "/v1/auth/login", payload: { email: ADMIN.email, password: ADMIN.password }, remoteAddress: guesser });
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ error: "rate_limited" });
      const elsewhere = await call({ method: "POST", url: "/v1/auth/login", payload: { email: ADMIN.email, password: ADMIN.password }, remoteAddress: "203.0.113.5" });
      expect(elsewhere.statusCode).toBe(200);
    });
  });
});
