import { randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import { explain } from "../../api/triage/explain.ts";
import { triage } from "../../api/triage/triage.ts";
import type { Category, Priority } from "../../db/schema/enums.ts";
import { ticketEvents, tickets, units } from "../../db/schema/index.ts";
import type { TriageSignal } from "../../db/schema/tickets.ts";
import type { SlaMinutes } from "../../db/schema/units.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { createStaff, loginAs, type CreatedStaff } from "../support/staff.ts";
import { buildTestApp, LogCapture } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

// Words standing for what a caller tells a peksos on the phone; none may reach a log line.
const SUICIDAL = "aku capek hidup, pengen ilang aja";
const TIME_WORD = "pukul 3 sore ada rapat";
// Not the defaults, so a recomputed SLA can only have come from the unit's own settings.
const SLA: SlaMinutes = { darurat: 10, tinggi: 90, sedang: 600, rendah: 1440 };
const MINUTE = 60_000;
const WISH_TO_DIE: TriageSignal[] = [
  { rule: "darurat.self_harm.wish_to_die", phrase: "capek hidup", weight: 95 },
  { rule: "darurat.self_harm.wish_to_die", phrase: "pengen ilang", weight: 95 },
];
const HIT: TriageSignal[] = [{ rule: "sedang.physical.hit", phrase: "dipukul", weight: 60 }];
const NOT_FOUND_ID = { error: "ticket_not_found", message: "Tiket tidak ditemukan." };

describe(`triage routes on ${testDbKind}`, () => {
  let database: TestDatabase;
  let app: App;
  const logs = new LogCapture();
  let unit: { id: string; code: string };
  let otherUnit: { id: string; code: string };
  let peksos: CreatedStaff;
  let peksosToken: string;
  let supervisorToken: string;
  let otherPeksosToken: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
    const [seeded] = await database.db.update(units).set({ slaMinutes: SLA }).returning({ id: units.id, code: units.code });
    unit = seeded!;
    const [other] = await database.db
      .insert(units)
      .values({ name: "Dinas Sosial Kabupaten Lain", code: "LIN" })
      .returning({ id: units.id, code: units.code });
    otherUnit = other!;
    app = await buildTestApp(database, { logs });
    peksos = await createStaff(database, { role: "peksos", unitId: unit.id });
    const supervisor = await createStaff(database, { role: "supervisor", unitId: unit.id });
    const otherPeksos = await createStaff(database, { role: "peksos", unitId: otherUnit.id });
    peksosToken = await loginAs(app, peksos.email, peksos.password);
    supervisorToken = await loginAs(app, supervisor.email, supervisor.password);
    otherPeksosToken = await loginAs(app, otherPeksos.email, otherPeksos.password);
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  const call = (method: "GET" | "POST", url: string, token?: string, payload?: Record<string, unknown>, lang?: string) =>
    app.inject({
      method,
      url,
      ...(payload !== undefined && { payload }),
      headers: { ...(token !== undefined && { authorization: `Bearer ${token}` }), ...(lang !== undefined && { "accept-language": lang }) },
    });
  const preview = (payload: Record<string, unknown>, token = peksosToken) => call("POST", "/v1/triage", token, payload);
  const override = (id: string, payload: Record<string, unknown>, token = peksosToken) =>
    call("POST", `/v1/tickets/${id}/triage/override`, token, payload);

  /** A ticket as intake would have stored it, written directly: the route only needs the row. */
  async function insertTicket(
    options: { unitRow?: { id: string; code: string }; priority: Priority; category: Category; signals: TriageSignal[] },
  ) {
    const owner = options.unitRow ?? unit;
    const createdAt = new Date(Date.now() - 30 * MINUTE);
    const [row] = await database.db
      .insert(tickets)
      .values({
        unitId: owner.id,
        code: `${owner.code}-${randomCode()}`,
        priority: options.priority,
        category: options.category,
        triageSignals: options.signals,
        slaDueAt: new Date(createdAt.getTime() + SLA[options.priority] * MINUTE),
        createdAt,
        updatedAt: createdAt,
      })
      .returning();
    return row!;
  }

  async function ticketRow(id: string) {
    const [row] = await database.db.select().from(tickets).where(eq(tickets.id, id));
    return row!;
  }

  async function overrideEvents(id: string) {
    return database.db
      .select()
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketId, id))
      .orderBy(ticketEvents.createdAt);
  }

  it("refuses every route without a token", async () => {
    const id = randomUUID();
    for (const [method, url] of [
      ["POST", "/v1/triage"],
      ["GET", `/v1/tickets/${id}/triage`],
      ["POST", `/v1/tickets/${id}/triage/override`],
      ["GET", "/v1/triage/overrides"],
    ] as const) {
      const res = await call(method, url, undefined, method === "POST" ? { text: SUICIDAL, reason: "alasan" } : undefined);
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json()).toMatchObject({ error: "unauthorized" });
    }
  });

  it("previews the triage of a phoned-in report: darurat for a death wish, rendah for a time of day", async () => {
    const urgent = await preview({ text: SUICIDAL });
    expect(urgent.statusCode).toBe(200);
    const body = urgent.json();
    expect(body).toMatchObject({ priority: "darurat", category: "menyakiti_diri" });
    expect(body.signals).toContainEqual({ rule: "darurat.self_harm.wish_to_die", phrase: "capek hidup", weight: 95 });
    expect(body.explanation.id).toContain("DARURAT");
    expect(body.explanation.en).toContain("EMERGENCY");

    const time = await preview({ text: TIME_WORD });
    expect(time.statusCode).toBe(200);
    expect(time.json()).toMatchObject({ priority: "rendah" });
    expect(time.json().signals).toContainEqual(expect.objectContaining({ rule: "ignored.false_friend.physical.hit" }));

    // The danger answer counts as in the conversation: "ya" is darurat whatever was said.
    const answered = await preview({ text: TIME_WORD, reporter: "guru", danger: "ya" });
    expect(answered.json()).toMatchObject({ priority: "darurat" });
    expect(answered.json()).toEqual(triage({ text: TIME_WORD, reporter: "guru", answers: { danger: "ya" } }));
  });

  it("answers 400 naming the field for a missing, empty or too long text and an unknown answer", async () => {
    for (const [payload, path] of [
      [{}, "text"],
      [{ text: "" }, "text"],
      [{ text: "x".repeat(20_001) }, "text"],
      [{ text: SUICIDAL, danger: "mungkin" }, "danger"],
      [{ text: SUICIDAL, reporter: "polisi" }, "reporter"],
    ] as const) {
      const res = await preview(payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 60)).toBe(400);
      expect(res.json()).toMatchObject({ error: "validation" });
      expect(res.json().fields).toEqual([expect.objectContaining({ in: "body", path })]);
    }
  });

  it("stores nothing and keeps the text out of the logs", async () => {
    const before = logs.lines.length;
    const ticketsBefore = await database.db.select({ id: tickets.id }).from(tickets);
    expect((await preview({ text: SUICIDAL, reporter: "anak" })).statusCode).toBe(200);
    expect((await preview({ text: SUICIDAL, danger: "mungkin" })).statusCode).toBe(400);
    const written = logs.lines.slice(before).join("\n");
    expect(written).toContain("/v1/triage");
    for (const words of ["capek hidup", "pengen ilang", "capek", "ilang"]) expect(written).not.toContain(words);
    expect(await database.db.select({ id: tickets.id }).from(tickets)).toEqual(ticketsBefore);
  });

  it("shows a ticket's triage to its unit, explained in both languages from the stored signals", async () => {
    const ticket = await insertTicket({ priority: "darurat", category: "menyakiti_diri", signals: WISH_TO_DIE });
    const res = await call("GET", `/v1/tickets/${ticket.id}/triage`, peksosToken);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      priority: "darurat",
      category: "menyakiti_diri",
      signals: WISH_TO_DIE,
      explanation: explain("darurat", "menyakiti_diri", WISH_TO_DIE),
      overrides: [],
    });
    expect(res.json().explanation.id).toContain("capek hidup");
    expect(res.json().explanation.en).toContain("wish to die");
  });

  it("lets a peksos lower a priority with a reason: recorded, explained, and the SLA recomputed", async () => {
    const ticket = await insertTicket({ priority: "darurat", category: "menyakiti_diri", signals: WISH_TO_DIE });
    const started = Date.now();
    const res = await override(ticket.id, {
      priority: "sedang",
      category: "perundungan_verbal",
      reason: "  Ditelepon balik: anak aman, kalimat itu ejekan temannya.  ",
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ priority: "sedang", category: "perundungan_verbal", signals: WISH_TO_DIE });
    expect(body.explanation).toEqual(explain("sedang", "perundungan_verbal", WISH_TO_DIE));
    expect(body.overrides).toEqual([
      {
        at: expect.any(String),
        by: { id: peksos.id, name: peksos.name },
        from: { priority: "darurat", category: "menyakiti_diri" },
        to: { priority: "sedang", category: "perundungan_verbal" },
        reason: "Ditelepon balik: anak aman, kalimat itu ejekan temannya.",
      },
    ]);

    const row = await ticketRow(ticket.id);
    expect(row.priority).toBe("sedang");
    expect(row.category).toBe("perundungan_verbal");
    expect(row.slaDueAt.getTime()).toBe(ticket.createdAt.getTime() + SLA.sedang * MINUTE);
    expect(row.updatedAt.getTime()).toBeGreaterThanOrEqual(started);
    expect(row.triageSignals).toEqual(WISH_TO_DIE);

    const events = await overrideEvents(ticket.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "override",
      actorKind: "staff",
      actorStaffId: peksos.id,
      data: {
        from: { priority: "darurat", category: "menyakiti_diri" },
        to: { priority: "sedang", category: "perundungan_verbal" },
        reason: "Ditelepon balik: anak aman, kalimat itu ejekan temannya.",
        signals: WISH_TO_DIE,
      },
    });
    expect(new Date(body.overrides[0].at).getTime()).toBe(events[0]!.createdAt.getTime());

    // GET shows the same, and the reason stays out of the logs.
    const shown = await call("GET", `/v1/tickets/${ticket.id}/triage`, peksosToken);
    expect(shown.json()).toEqual(body);
    expect(logs.text).toContain("triage overridden");
    expect(logs.text).not.toContain("ejekan temannya");
  });

  it("keeps the SLA when only the category changes, and lists overrides oldest first", async () => {
    const ticket = await insertTicket({ priority: "sedang", category: "perundungan_fisik", signals: HIT });
    const first = await override(ticket.id, { category: "kekerasan_fisik", reason: "Pelakunya guru olahraga." });
    expect(first.statusCode).toBe(200);
    expect((await ticketRow(ticket.id)).slaDueAt.getTime()).toBe(ticket.slaDueAt.getTime());

    const second = await override(ticket.id, { priority: "tinggi", reason: "Ada luka memar." }, supervisorToken);
    expect(second.statusCode).toBe(200);
    expect((await ticketRow(ticket.id)).slaDueAt.getTime()).toBe(ticket.createdAt.getTime() + SLA.tinggi * MINUTE);
    expect(second.json().overrides.map((o: { from: unknown; to: unknown }) => [o.from, o.to])).toEqual([
      [{ priority: "sedang", category: "perundungan_fisik" }, { priority: "sedang", category: "kekerasan_fisik" }],
      [{ priority: "sedang", category: "kekerasan_fisik" }, { priority: "tinggi", category: "kekerasan_fisik" }],
    ]);
  });

  it("answers 409 when the override would change nothing, and writes no event", async () => {
    const ticket = await insertTicket({ priority: "tinggi", category: "kekerasan_fisik", signals: HIT });
    for (const payload of [
      { priority: "tinggi", reason: "Sudah benar." },
      { priority: "tinggi", category: "kekerasan_fisik", reason: "Sudah benar." },
    ]) {
      const res = await override(ticket.id, payload);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toEqual({
        error: "override_no_change",
        message: "Prioritas dan kategori itu sudah tercatat di tiket ini; tidak ada yang diubah.",
      });
    }
    const english = await call("POST", `/v1/tickets/${ticket.id}/triage/override`, peksosToken, { category: "kekerasan_fisik", reason: "Same." }, "en");
    expect(english.json().message).toBe("The ticket already has that priority and category; nothing was changed.");
    expect(await overrideEvents(ticket.id)).toEqual([]);
    expect((await ticketRow(ticket.id)).updatedAt.getTime()).toBe(ticket.updatedAt.getTime());
  });

  it("answers 400 naming the field without a reason, with a blank one, or with nothing to change", async () => {
    const ticket = await insertTicket({ priority: "darurat", category: "menyakiti_diri", signals: WISH_TO_DIE });
    for (const payload of [{ priority: "rendah" }, { priority: "rendah", reason: "   ok   " }, { priority: "rendah", reason: "x".repeat(1001) }]) {
      const res = await override(ticket.id, payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().fields).toEqual([expect.objectContaining({ in: "body", path: "reason" })]);
    }
    const nothing = await override(ticket.id, { reason: "Tidak ada yang diubah." });
    expect(nothing.statusCode).toBe(400);
    expect(nothing.json()).toMatchObject({ error: "validation", message: "Data yang dikirim tidak valid. Periksa kolom yang disebutkan." });
    expect(nothing.json().fields.map((f: { path: string }) => f.path)).toEqual(["priority", "category"]);
    expect(nothing.json().fields[0].message).toBe("Isi prioritas atau kategori yang baru.");

    const badPriority = await override(ticket.id, { priority: "segera", reason: "Salah ketik." });
    expect(badPriority.json().fields).toEqual([expect.objectContaining({ path: "priority" })]);
    expect((await ticketRow(ticket.id)).priority).toBe("darurat");
    expect(await overrideEvents(ticket.id)).toEqual([]);
  });

  it("answers another unit's ticket exactly like an unknown one, and changes nothing", async () => {
    const foreign = await insertTicket({ unitRow: otherUnit, priority: "darurat", category: "menyakiti_diri", signals: WISH_TO_DIE });
    const unknown = randomUUID();
    for (const id of [foreign.id, unknown]) {
      const read = await call("GET", `/v1/tickets/${id}/triage`, peksosToken);
      expect(read.statusCode).toBe(404);
      expect(read.json()).toEqual(NOT_FOUND_ID);
      const write = await override(id, { priority: "rendah", reason: "Bukan tiket kami." });
      expect(write.statusCode).toBe(404);
      expect(write.json()).toEqual(NOT_FOUND_ID);
    }
    const english = await call("GET", `/v1/tickets/${foreign.id}/triage`, peksosToken, undefined, "en");
    expect(english.json()).toEqual({ error: "ticket_not_found", message: "Ticket not found." });
    expect((await ticketRow(foreign.id)).priority).toBe("darurat");
    expect(await overrideEvents(foreign.id)).toEqual([]);
    // Its own unit does see it.
    expect((await call("GET", `/v1/tickets/${foreign.id}/triage`, otherPeksosToken)).statusCode).toBe(200);
    // A malformed id is a 400 on the parameter, before any query.
    const malformed = await call("GET", "/v1/tickets/not-a-uuid/triage", peksosToken);
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().fields).toEqual([expect.objectContaining({ in: "params", path: "id" })]);
  });

  it("counts overrides for supervisors, unit-scoped and by period; refuses a peksos", async () => {
    const refused = await call("GET", "/v1/triage/overrides", peksosToken);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: "forbidden" });

    const since = new Date().toISOString();
    const a = await insertTicket({ priority: "darurat", category: "menyakiti_diri", signals: WISH_TO_DIE });
    const b = await insertTicket({ priority: "darurat", category: "menyakiti_diri", signals: [...WISH_TO_DIE, ...HIT] });
    const c = await insertTicket({ priority: "sedang", category: "perundungan_fisik", signals: HIT });
    const lowered = { priority: "sedang", category: "perundungan_verbal", reason: "Kutipan ejekan, bukan niat." };
    expect((await override(a.id, lowered)).statusCode).toBe(200);
    expect((await override(b.id, lowered)).statusCode).toBe(200);
    expect((await override(c.id, { priority: "tinggi", category: "kekerasan_fisik", reason: "Pelakunya orang dewasa." })).statusCode).toBe(200);
    // Another unit's override in the same period is not this unit's business.
    const foreign = await insertTicket({ unitRow: otherUnit, priority: "darurat", category: "menyakiti_diri", signals: WISH_TO_DIE });
    expect((await override(foreign.id, lowered, otherPeksosToken)).statusCode).toBe(200);
    const until = new Date(Date.now() + 1000).toISOString();

    const res = await call("GET", `/v1/triage/overrides?since=${since}&until=${until}`, supervisorToken);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      total: 3,
      byChange: [
        { from: { priority: "darurat", category: "menyakiti_diri" }, to: { priority: "sedang", category: "perundungan_verbal" }, count: 2 },
        { from: { priority: "sedang", category: "perundungan_fisik" }, to: { priority: "tinggi", category: "kekerasan_fisik" }, count: 1 },
      ],
      // Each override counts a rule once, however many phrases matched it.
      byRule: [
        { rule: "darurat.self_harm.wish_to_die", count: 2 },
        { rule: "sedang.physical.hit", count: 2 },
      ],
    });

    const before = await call("GET", `/v1/triage/overrides?until=${since}`, supervisorToken);
    expect(before.statusCode).toBe(200);
    expect(before.json().total).toBeGreaterThan(0);
    expect(before.json().total).toBe((await call("GET", "/v1/triage/overrides", supervisorToken)).json().total - 3);

    const reversed = await call("GET", `/v1/triage/overrides?since=${until}&until=${since}`, supervisorToken);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().fields).toEqual([expect.objectContaining({ in: "querystring", path: "until" })]);
    const garbled = await call("GET", "/v1/triage/overrides?since=yesterday", supervisorToken);
    expect(garbled.statusCode).toBe(400);
    expect(garbled.json().fields).toEqual([expect.objectContaining({ path: "since" })]);
  });

  it("documents the routes under the triage tag", async () => {
    const doc = (await app.inject({ method: "GET", url: "/docs/json" })).json();
    const routes = [
      [doc.paths["/v1/triage"].post, ["200", "400", "401"]],
      [doc.paths["/v1/tickets/{id}/triage"].get, ["200", "400", "401", "404"]],
      [doc.paths["/v1/tickets/{id}/triage/override"].post, ["200", "400", "401", "403", "404", "409"]],
      [doc.paths["/v1/triage/overrides"].get, ["200", "400", "401", "403"]],
    ] as const;
    for (const [route, codes] of routes) {
      expect(route.tags).toEqual(["triage"]);
      expect(route.security).toEqual([{ staffToken: [] }, { staffCookie: [] }]);
      expect(Object.keys(route.responses).sort()).toEqual(codes);
    }
    expect(JSON.stringify(doc.paths["/v1/triage"].post.requestBody)).toContain("capek hidup");
  });
});

/** Five characters as ticket codes have them (the table's check allows A–Z and 0–9). */
function randomCode(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return [...randomBytes(5)].map((byte) => alphabet[byte % alphabet.length]).join("");
}
