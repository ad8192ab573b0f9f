import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createI18n } from "../../api/i18n.ts";
import type { InboundContent, IntakeResponse } from "../../api/intake/schemas.ts";
import { createIntake, type Intake } from "../../api/intake/intake-service.ts";
import { createLogger } from "../../api/logging.ts";
import { linkButtonAllowed } from "../../api/oncall/alert-text.ts";
import { createAlerts } from "../../api/oncall/alerts.ts";
import type { Alerts } from "../../api/oncall/alerts-types.ts";
import { tickets, units } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";
import { addShift, addStaff, eventsOf, HOUR, insertTicket, MINUTE, newUnit, outboundOf, outboundTo, ticketRow } from "./support.ts";

/*
 * Alerts to staff as outbox rows: who gets one, what it says (and never says), its buttons, the
 * timeline events that record it, the throttle on a chatty reporter, and the hourly digest.
 * Every instant is fixed; 00:00 UTC is 07:00 in the units' Asia/Jakarta.
 */

const PUBLIC_URL = "https://aduan.example.go.id";
const T0 = new Date("2025-07-14T00:00:00.000Z");
const after = (ms: number) => new Date(T0.getTime() + ms);

describe(`alerts on ${testDbKind}`, () => {
  let database: TestDatabase;
  let alerts: Alerts;
  let intake: Intake;
  const dispatched: string[] = [];
  /** The instant the intake stamps messages with and alerts at. */
  let now = T0;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
    const i18n = await createI18n("id");
    const logger = createLogger("silent");
    alerts = createAlerts({
      database,
      i18n,
      logger,
      publicUrl: PUBLIC_URL,
      dispatch: async (ids) => {
        dispatched.push(...ids);
      },
    });
    intake = createIntake({ database, i18n, logger, onTicketAlert: (id, reason) => alerts.ticketAlert(id, reason, now) });
  });
  afterAll(async () => {
    await database.destroy();
  });

  /** A reporter's chat through the real intake, every message at the current `now`. */
  function newChat(address: string) {
    let update = 0;
    let last: IntakeResponse | undefined;
    const send = async (content: InboundContent) => {
      last = await intake.handle({ channel: "telegram", externalId: `${address}-${++update}`, address, sentAt: now.toISOString(), content }, now);
      return last;
    };
    return {
      text: (text: string) => send({ type: "text", text }),
      press: (value: string) => {
        const choice = last?.replies.flatMap((r) => r.choices.flat()).find((c) => c.id.endsWith(`:${value}`));
        if (!choice) throw new Error(`no button "${value}"`);
        return send({ type: "choice", choiceId: choice.id });
      },
    };
  }

  /** A unit with a linked primary on call all day, and a linked supervisor. */
  async function staffedUnit() {
    const unit = await newUnit(database);
    const primary = await addStaff(database, { role: "peksos", unitId: unit.id, linked: true });
    const supervisor = await addStaff(database, { role: "supervisor", unitId: unit.id, linked: true });
    await addShift(database, { unitId: unit.id, staffId: primary.id, tier: "primary", startsAt: after(-HOUR), endsAt: after(23 * HOUR) });
    return { unit, primary, supervisor };
  }

  const ticketIn = (unit: { id: string; code: string }, options: Omit<Parameters<typeof insertTicket>[1], "unitId" | "unitCode" | "createdAt"> & { createdAt?: Date }) =>
    insertTicket(database, { unitId: unit.id, unitCode: unit.code, createdAt: T0, ...options });

  it("alerts the primary on call once for a darurat report, with buttons and none of the reporter's words", async () => {
    const [seeded] = await database.db.select().from(units).where(eq(units.code, "MTR"));
    const primary = await addStaff(database, { role: "peksos", unitId: seeded!.id, name: "Sari Piket", linked: true });
    await addShift(database, { unitId: seeded!.id, staffId: primary.id, tier: "primary", startsAt: T0, endsAt: after(12 * HOUR) });

    now = after(MINUTE);
    const story = "dia lagi nungguin aku di gerbang bawa celurit, aku gak berani keluar";
    const chat = newChat("5550001");
    await chat.text("halo");
    await chat.press("anak_diri");
    await chat.press("tidak");
    await chat.press("dipukul");
    await chat.text(story);
    await chat.press("sudah");
    await chat.text("kelas 7 SMPN 3");
    await chat.press("masih_terjadi");
    await chat.press("anonim");
    const sent = await chat.press("kirim");
    const [ticket] = await database.db.select().from(tickets).where(eq(tickets.code, sent.ticketCode ?? ""));
    expect(ticket?.priority).toBe("darurat");
    const id = ticket!.id;

    const rows = await outboundOf(database, id);
    expect(rows).toHaveLength(1);
    const alert = rows[0]!;
    expect(alert).toMatchObject({ staffId: primary.id, reporterId: null, channel: "telegram", purpose: "alert", status: "pending" });
    expect(alert.choices).toEqual([
      [{ id: `ack:${id}`, label: "✅ Terima" }],
      [{ id: `open:${id}`, label: "Buka tiket", url: `${PUBLIC_URL}/tickets/${id}` }],
    ]);
    expect(alert.text).toContain("🔴 DARURAT");
    expect(alert.text).toContain(ticket!.code);
    expect(alert.text).toContain("Pelapor: anak");
    // Created at 07:01 WIB with a 5-minute SLA.
    expect(alert.text).toContain("Harus diterima sebelum 07:06 WIB");
    expect(alert.text).toContain(`${PUBLIC_URL}/tickets/${id}`);
    for (const words of ["celurit", "gerbang", "berani", "5550001", ticket!.description ?? story]) expect(alert.text).not.toContain(words);
    expect(dispatched).toContain(alert.id);

    const alerted = (await eventsOf(database, id)).filter((e) => e.type === "alerted");
    expect(alerted.map((e) => e.data)).toEqual([{ tier: "primary", staffId: primary.id, reason: "created" }]);
    expect((await ticketRow(database, id)).alertedAt).toEqual(now);

    // The child keeps typing: the peksos hears of it once per five minutes, never what was said.
    for (const [minute, line] of [[2, "kak tolong cepet"], [3, "aku di kamar mandi sekolah"], [4, "hp ku mau habis"]] as const) {
      now = after(minute * MINUTE);
      await chat.text(line);
    }
    now = after(7 * MINUTE);
    await chat.text("kak masih di sana?");
    const told = (await outboundOf(database, id)).filter((r) => r.purpose === "reporter_message");
    expect(told).toHaveLength(2);
    expect(told.every((r) => r.staffId === primary.id)).toBe(true);
    expect(told[0]!.text).toContain("Pesan baru dari pelapor");
    for (const words of ["tolong", "kamar mandi", "masih di sana"]) expect(told.map((r) => r.text).join("\n")).not.toContain(words);
    const messageEvents = (await eventsOf(database, id)).filter((e) => e.type === "alerted" && e.data["reason"] === "reporter_message");
    expect(messageEvents.map((e) => e.createdAt)).toEqual([after(2 * MINUTE), after(7 * MINUTE)]);
  });

  it("alerts every linked supervisor when nobody is on call, and records the gap on the timeline", async () => {
    const unit = await newUnit(database);
    const linked = await addStaff(database, { role: "supervisor", unitId: unit.id, linked: true });
    await addStaff(database, { role: "supervisor", unitId: unit.id });
    const elsewhere = await staffedUnit();

    const ticket = await ticketIn(unit, { priority: "tinggi", category: "kekerasan_fisik", victimAge: 12, schoolName: "SMP Negeri Contoh 3" });
    await alerts.ticketAlert(ticket.id, "created", T0);
    const rows = await outboundOf(database, ticket.id);
    expect(rows.map((r) => r.staffId)).toEqual([linked.id]);
    expect(rows[0]!.text).toContain("🟠 TINGGI");
    expect(rows[0]!.text).toContain("TIDAK ADA petugas piket");
    expect(rows[0]!.text).toContain("Usia anak: 12 tahun");
    expect(rows[0]!.text).toContain("Sekolah: SMP Negeri Contoh 3");
    // 07:00 WIB plus an hour.
    expect(rows[0]!.text).toContain("Harus diterima sebelum 08:00 WIB");
    expect((await outboundTo(database, elsewhere.supervisor.id))).toEqual([]);
    const events = await eventsOf(database, ticket.id);
    expect(events.map((e) => [e.type, e.data])).toEqual([["escalation", { step: "no_oncall", staffIds: [linked.id], reason: "created" }]]);
    expect((await ticketRow(database, ticket.id)).alertedAt).toEqual(T0);

    // A primary whom no alert can reach is no primary.
    const unlinked = await addStaff(database, { role: "peksos", unitId: unit.id });
    await addShift(database, { unitId: unit.id, staffId: unlinked.id, tier: "primary", startsAt: T0, endsAt: after(HOUR) });
    const second = await ticketIn(unit, { priority: "darurat" });
    await alerts.ticketAlert(second.id, "created", T0);
    expect((await outboundOf(database, second.id)).map((r) => r.staffId)).toEqual([linked.id]);
    expect((await eventsOf(database, second.id))[0]?.data).toEqual({
      step: "no_oncall",
      staffIds: [linked.id],
      reason: "created",
      unlinkedPrimaryId: unlinked.id,
    });

    // Nobody reachable at all: nothing to send, and the hole is still on the timeline.
    const empty = await newUnit(database);
    const orphan = await ticketIn(empty, { priority: "darurat" });
    await alerts.ticketAlert(orphan.id, "created", T0);
    expect(await outboundOf(database, orphan.id)).toEqual([]);
    expect((await eventsOf(database, orphan.id)).map((e) => e.data)).toEqual([{ step: "no_oncall", staffIds: [], reason: "created" }]);
    expect((await ticketRow(database, orphan.id)).alertedAt).toBeNull();
  });

  it("leaves sedang and rendah to the digest, acknowledged and closed tickets alone, and tells an assignee of a raise", async () => {
    const { unit, primary } = await staffedUnit();
    const assignee = await addStaff(database, { role: "peksos", unitId: unit.id, linked: true });

    const sedang = await ticketIn(unit, { priority: "sedang" });
    await alerts.ticketAlert(sedang.id, "created", T0);
    const taken = await ticketIn(unit, { priority: "darurat", status: "diterima", assigneeId: assignee.id, acknowledgedAt: T0 });
    await alerts.ticketAlert(taken.id, "created", T0);
    const closed = await ticketIn(unit, { priority: "tinggi", status: "ditutup" });
    await alerts.ticketAlert(closed.id, "raised", T0);
    for (const id of [sedang.id, taken.id, closed.id]) {
      expect(await outboundOf(database, id)).toEqual([]);
      expect(await eventsOf(database, id)).toEqual([]);
    }

    await alerts.ticketAlert(taken.id, "raised", T0);
    const rows = await outboundOf(database, taken.id);
    expect(rows.map((r) => [r.staffId, r.purpose])).toEqual([[assignee.id, "alert"]]);
    expect(rows[0]!.text).toContain("prioritas laporan naik");
    // Already acknowledged: no "Terima" button, only the link.
    expect(rows[0]!.choices).toEqual([[{ id: `open:${taken.id}`, label: "Buka tiket", url: `${PUBLIC_URL}/tickets/${taken.id}` }]]);
    expect((await eventsOf(database, taken.id)).map((e) => e.data)).toEqual([{ tier: "assignee", staffId: assignee.id, reason: "raised" }]);
    expect(await outboundTo(database, primary.id)).toEqual([]);

    // An unacknowledged ticket raised to tinggi goes to the primary.
    const raised = await ticketIn(unit, { priority: "tinggi" });
    await alerts.ticketAlert(raised.id, "raised", T0);
    expect((await outboundOf(database, raised.id)).map((r) => r.staffId)).toEqual([primary.id]);
  });

  it("tells the assignee of a reporter's message (else the primary), at most once per five minutes", async () => {
    const { unit, primary } = await staffedUnit();
    const assignee = await addStaff(database, { role: "peksos", unitId: unit.id, linked: true });
    const mine = await ticketIn(unit, { priority: "sedang", status: "ditangani", assigneeId: assignee.id, acknowledgedAt: T0 });

    for (const at of [0, MINUTE, 5 * MINUTE - 1000, 5 * MINUTE + 1000, 6 * MINUTE]) await alerts.ticketAlert(mine.id, "reporter_message", after(at));
    const rows = await outboundOf(database, mine.id);
    expect(rows.map((r) => [r.staffId, r.purpose])).toEqual([
      [assignee.id, "reporter_message"],
      [assignee.id, "reporter_message"],
    ]);
    expect(rows[0]!.choices).toEqual([[{ id: `open:${mine.id}`, label: "Buka tiket", url: `${PUBLIC_URL}/tickets/${mine.id}` }]]);
    const events = await eventsOf(database, mine.id);
    expect(events.map((e) => [e.data, e.createdAt])).toEqual([
      [{ tier: "assignee", staffId: assignee.id, reason: "reporter_message" }, T0],
      [{ tier: "assignee", staffId: assignee.id, reason: "reporter_message" }, after(5 * MINUTE + 1000)],
    ]);

    // Nobody has it yet, or its assignee cannot be reached: the primary on call.
    const unassigned = await ticketIn(unit, { priority: "rendah" });
    const unreachable = await addStaff(database, { role: "peksos", unitId: unit.id });
    const theirs = await ticketIn(unit, { priority: "rendah", assigneeId: unreachable.id });
    for (const ticket of [unassigned, theirs]) {
      await alerts.ticketAlert(ticket.id, "reporter_message", T0);
      expect((await outboundOf(database, ticket.id)).map((r) => r.staffId)).toEqual([primary.id]);
      expect((await eventsOf(database, ticket.id))[0]?.data).toEqual({ tier: "primary", staffId: primary.id, reason: "reporter_message" });
    }
  });

  it("puts a link button only on a public host name; the link is in the text either way", async () => {
    expect(linkButtonAllowed("https://aduan.example.go.id")).toBe(true);
    expect(linkButtonAllowed("http://lapor.dinsos.example:8080/console")).toBe(true);
    for (const url of ["http://localhost:3000", "http://127.0.0.1:3000", "http://[::1]:3000", "http://intranet:3000", "http://10.0.0.5", "http://app.localhost"]) {
      expect(linkButtonAllowed(url), url).toBe(false);
    }

    const local = createAlerts({
      database,
      i18n: await createI18n("id"),
      logger: createLogger("silent"),
      publicUrl: "http://localhost:3000",
      dispatch: async () => {},
    });
    const { unit } = await staffedUnit();
    const ticket = await ticketIn(unit, { priority: "darurat" });
    await local.ticketAlert(ticket.id, "created", T0);
    const [row] = await outboundOf(database, ticket.id);
    expect(row!.choices).toEqual([[{ id: `ack:${ticket.id}`, label: "✅ Terima" }]]);
    expect(row!.text).toContain(`http://localhost:3000/tickets/${ticket.id}`);
  });

  it("sends new sedang and rendah tickets as one hourly digest per unit, once", async () => {
    const { unit, primary } = await staffedUnit();
    const waiting = [];
    for (let i = 0; i < 22; i++) {
      waiting.push(await ticketIn(unit, { priority: i % 2 === 0 ? "rendah" : "sedang", createdAt: after(i * MINUTE) }));
    }
    const urgent = await ticketIn(unit, { priority: "darurat" });
    const acknowledged = await ticketIn(unit, { priority: "sedang", status: "diterima", acknowledgedAt: T0 });
    const closed = await ticketIn(unit, { priority: "rendah", status: "ditutup" });

    // Units where nobody is reachable keep their tickets for a later hour.
    const empty = await newUnit(database);
    const unheard = await ticketIn(empty, { priority: "sedang" });
    const supervised = await newUnit(database);
    const supervisor = await addStaff(database, { role: "supervisor", unitId: supervised.id, linked: true });
    const toSupervisor = await ticketIn(supervised, { priority: "rendah" });

    const at = after(HOUR);
    await alerts.sendDigests(at);
    const [digest, ...more] = await outboundTo(database, primary.id);
    expect(more).toEqual([]);
    expect(digest).toMatchObject({ purpose: "digest", ticketId: null, channel: "telegram", choices: [] });
    const lines = digest!.text.split("\n");
    expect(lines[0]).toBe("🗂 Laporan baru belum diterima: 22");
    const listed = lines.filter((l) => l.startsWith("• "));
    expect(listed).toHaveLength(20);
    // sedang first, oldest first within a priority.
    expect(listed[0]).toBe(`• ${waiting[1]!.code} · 🟡 SEDANG · perundungan verbal`);
    expect(listed.slice(0, 11).every((l) => l.includes("SEDANG"))).toBe(true);
    expect(lines).toContain("+2 lainnya");
    expect(digest!.text).toContain(`${PUBLIC_URL}/tickets`);
    for (const ticket of [urgent, acknowledged, closed]) expect(digest!.text).not.toContain(ticket.code);

    for (const ticket of waiting) {
      expect((await ticketRow(database, ticket.id)).alertedAt).toEqual(at);
      expect((await eventsOf(database, ticket.id)).map((e) => e.data)).toEqual([{ tier: "primary", digest: true, staffIds: [primary.id] }]);
    }
    for (const ticket of [urgent, acknowledged, closed, unheard]) expect((await ticketRow(database, ticket.id)).alertedAt).toBeNull();
    const [supervisorDigest] = await outboundTo(database, supervisor.id);
    expect(supervisorDigest?.text).toContain(toSupervisor.code);
    expect((await eventsOf(database, toSupervisor.id))[0]?.data).toEqual({ tier: "supervisor", digest: true, staffIds: [supervisor.id] });

    expect(await alerts.sendDigests(after(2 * HOUR))).toEqual({ digests: 0 });
    expect(await outboundTo(database, primary.id)).toHaveLength(1);
  });
});
