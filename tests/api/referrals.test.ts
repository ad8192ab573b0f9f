import { randomBytes, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import type { Outbox } from "../../api/outbox/outbox.ts";
import type { AgencyType, Language, ReporterRole, TicketStatus } from "../../db/schema/enums.ts";
import { agencies, auditEvents, outboundMessages, referrals, reporters, ticketEvents, tickets, units } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { createStaff, loginAs, type CreatedStaff } from "../support/staff.ts";
import { buildTestApp, LogCapture } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

const HOUR = 60 * 60_000;
const START = new Date("2025-07-14T03:00:00.000Z");
// The peksos's name, the note and the agency's own name and number: none may reach the reporter.
const PEKSOS_NAME = "Sari Wulandari";
const NOTE = "Mohon pendampingan psikologis; ibu korban bernama Bu Rina, rumah dekat pasar.";
const AGENCY_NAME = "UPTD PPA Kota Contoh";
const AGENCY_PHONE = "0725-555123";

/** Records what the routes hand to the outbox after their commit; delivers nothing. */
class RecordingOutbox implements Outbox {
  readonly dispatched: string[][] = [];
  isAvailable = () => true;
  dispatch = async (ids: readonly string[]) => {
    this.dispatched.push([...ids]);
  };
  claim = async () => [];
  report = async () => ({ ok: false, error: "not_found" }) as const;
  sweep = async () => ({ dispatched: 0, failed: 0 });
}

describe(`referrals on ${testDbKind}`, () => {
  let database: TestDatabase;
  let app: App;
  let now = START;
  const outbox = new RecordingOutbox();
  const logs = new LogCapture();
  let unit: { id: string; code: string };
  let otherUnit: { id: string; code: string };
  let peksos: CreatedStaff;
  let supervisor: CreatedStaff;
  const tokens = { peksos: "", supervisor: "", admin: "", otherPeksos: "" };
  const agency: Record<"uptd" | "police" | "school" | "retired" | "foreign", string> = {
    uptd: "",
    police: "",
    school: "",
    retired: "",
    foreign: "",
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
    const [seeded] = await database.db.select({ id: units.id, code: units.code }).from(units);
    unit = seeded!;
    const [other] = await database.db
      .insert(units)
      .values({ name: "Dinas Sosial Kabupaten Lain", code: "LIN" })
      .returning({ id: units.id, code: units.code });
    otherUnit = other!;
    app = await buildTestApp(database, { clock: () => now, outbox, logs });
    peksos = await createStaff(database, { role: "peksos", unitId: unit.id, name: PEKSOS_NAME });
    supervisor = await createStaff(database, { role: "supervisor", unitId: unit.id });
    const admin = await createStaff(database, { role: "admin", unitId: unit.id });
    const otherPeksos = await createStaff(database, { role: "peksos", unitId: otherUnit.id });
    tokens.peksos = await loginAs(app, peksos.email, peksos.password);
    tokens.supervisor = await loginAs(app, supervisor.email, supervisor.password);
    tokens.admin = await loginAs(app, admin.email, admin.password);
    tokens.otherPeksos = await loginAs(app, otherPeksos.email, otherPeksos.password);

    const add = async (unitId: string, name: string, type: AgencyType, active = true) => {
      const [row] = await database.db
        .insert(agencies)
        .values({ unitId, name, type, active, phone: AGENCY_PHONE })
        .returning({ id: agencies.id });
      return row!.id;
    };
    agency.uptd = await add(unit.id, AGENCY_NAME, "uptd_ppa");
    agency.police = await add(unit.id, "Unit PPA Polres Contoh", "polisi_ppa");
    agency.school = await add(unit.id, "TPPK SMP Negeri Contoh", "sekolah_tppk");
    agency.retired = await add(unit.id, "Lembaga Lama", "lainnya", false);
    agency.foreign = await add(otherUnit.id, "UPTD PPA Kabupaten Lain", "uptd_ppa");
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  const call = (method: "GET" | "POST" | "PATCH", url: string, token: string | undefined, payload?: Record<string, unknown>) =>
    app.inject({
      method,
      url,
      ...(payload !== undefined && { payload }),
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
  const dueIn = (ms: number) => new Date(now.getTime() + ms).toISOString();
  const refer = (ticketId: string, body: Record<string, unknown> = {}, token = tokens.peksos) =>
    call("POST", `/v1/tickets/${ticketId}/referrals`, token, { agencyId: agency.uptd, note: NOTE, dueAt: dueIn(72 * HOUR), ...body });
  const move = (referralId: string, body: Record<string, unknown>, token = tokens.peksos) =>
    call("PATCH", `/v1/referrals/${referralId}`, token, body);

  interface TicketOptions {
    status?: TicketStatus;
    unitRow?: { id: string; code: string };
    consent?: boolean;
    withReporter?: boolean;
    purged?: boolean;
    language?: Language;
    role?: ReporterRole | null;
  }

  /** A ticket as the intake would have stored it, with its reporter's chat; written directly. */
  async function insertTicket(options: TicketOptions = {}) {
    const owner = options.unitRow ?? unit;
    const language = options.language ?? "id";
    let reporterId: string | null = null;
    if (options.withReporter ?? true) {
      const [reporter] = await database.db
        .insert(reporters)
        .values({ channel: "telegram", address: `${Date.now()}${randomBytes(3).readUIntBE(0, 3)}`, language })
        .returning({ id: reporters.id });
      reporterId = reporter!.id;
    }
    const [row] = await database.db
      .insert(tickets)
      .values({
        unitId: owner.id,
        code: `${owner.code}-${randomCode()}`,
        status: options.status ?? "ditangani",
        priority: "sedang",
        category: "perundungan_verbal",
        reporterId,
        channel: reporterId === null ? null : "telegram",
        language,
        reporterRole: options.role === undefined ? "anak" : options.role,
        description: "kakak kelas mengejek aku tiap hari",
        consentToContact: options.consent ?? true,
        slaDueAt: new Date(now.getTime() + 24 * HOUR),
        ...(options.purged && { purgedAt: now }),
      })
      .returning();
    return row!;
  }

  async function ticketRow(id: string) {
    const [row] = await database.db.select().from(tickets).where(eq(tickets.id, id));
    return row!;
  }
  const eventsOf = (ticketId: string) =>
    database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(ticketEvents.createdAt);
  const outboundOf = (ticketId: string) => database.db.select().from(outboundMessages).where(eq(outboundMessages.ticketId, ticketId));

  describe("referring a ticket", () => {
    it("refuses callers without a session, and admins (referring is case work)", async () => {
      const ticket = await insertTicket();
      const anonymous = await call("POST", `/v1/tickets/${ticket.id}/referrals`, undefined, { agencyId: agency.uptd, note: NOTE, dueAt: dueIn(HOUR) });
      expect(anonymous.statusCode).toBe(401);
      const refused = await refer(ticket.id, {}, tokens.admin);
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ error: "forbidden" });
      expect((await ticketRow(ticket.id)).status).toBe("ditangani");
    });

    it("stores the referral, moves the ticket to dirujuk with its events and audit, and tells the child simply", async () => {
      const ticket = await insertTicket({ status: "ditangani" });
      const res = await refer(ticket.id);
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({
        ticket: { id: ticket.id, code: ticket.code },
        agency: { id: agency.uptd, name: AGENCY_NAME, type: "uptd_ppa", active: true },
        status: "dikirim",
        note: NOTE,
        dueAt: dueIn(72 * HOUR),
        overdue: false,
        rejectionReason: null,
        createdBy: { id: peksos.id, name: PEKSOS_NAME },
        allowedNext: ["diterima", "ditindaklanjuti", "selesai", "ditolak"],
        closedAt: null,
        createdAt: now.toISOString(),
        reporterNotified: true,
      });

      const [row] = await database.db.select().from(referrals).where(eq(referrals.id, body.id));
      expect(row).toMatchObject({ ticketId: ticket.id, agencyId: agency.uptd, createdById: peksos.id, status: "dikirim", note: NOTE });
      expect((await ticketRow(ticket.id)).status).toBe("dirujuk");

      const events = await eventsOf(ticket.id);
      const referral = events.find((e) => e.type === "referral");
      const status = events.find((e) => e.type === "status_changed");
      expect(referral).toMatchObject({ actorKind: "staff", actorStaffId: peksos.id });
      expect(referral?.data).toMatchObject({ referralId: body.id, agencyId: agency.uptd, status: "dikirim", reporterNotified: true });
      expect(status).toMatchObject({ actorKind: "staff", actorStaffId: peksos.id, data: { from: "ditangani", to: "dirujuk" } });

      const audits = await database.db.select().from(auditEvents).where(eq(auditEvents.actorStaffId, peksos.id));
      expect(audits.find((a) => a.entityId === body.id)).toMatchObject({ action: "referral.created", entityType: "referral", unitId: unit.id });
      expect(audits.find((a) => a.entityId === ticket.id && a.action === "ticket.status_changed")?.data).toMatchObject({
        from: "ditangani",
        to: "dirujuk",
      });
      expect(JSON.stringify(audits)).not.toContain("Bu Rina");

      const [message] = await outboundOf(ticket.id);
      expect(message).toMatchObject({ reporterId: ticket.reporterId, channel: "telegram", purpose: "referral", choices: [], status: "pending" });
      expect(message?.text).toContain("Laporanmu sudah kami teruskan ke layanan yang tepat untuk membantu");
      expect(message?.text).toContain("layanan perlindungan perempuan dan anak (UPTD PPA)");
      expect(message?.text).toContain(ticket.code);
      for (const secret of [PEKSOS_NAME, "Sari", NOTE, "Bu Rina", AGENCY_NAME, AGENCY_PHONE, "Bapak/Ibu"]) {
        expect(message?.text).not.toContain(secret);
      }
      expect(outbox.dispatched).toContainEqual([message!.id]);
    });

    it("speaks to an adult as Bapak/Ibu, and in English when the report was in English", async () => {
      const parent = await insertTicket({ role: "orang_tua" });
      await refer(parent.id, { agencyId: agency.police });
      const [toParent] = await outboundOf(parent.id);
      expect(toParent?.text).toContain("Bapak/Ibu");
      expect(toParent?.text).toContain("Unit Perlindungan Perempuan dan Anak (PPA) kepolisian");
      expect(toParent?.text).not.toContain("Polres Contoh");

      const english = await insertTicket({ language: "en", role: "anak" });
      await refer(english.id, { agencyId: agency.school });
      const [toChild] = await outboundOf(english.id);
      expect(toChild?.text).toContain("We have passed your report on to the right service to help");
      expect(toChild?.text).toContain("the team at school whose job is to protect students (TPPK)");
      expect(toChild?.text).not.toContain("SMP Negeri Contoh");
    });

    it("tells nobody without consent, after retention purged the contact, or for a walk-in report", async () => {
      for (const options of [{ consent: false }, { purged: true }, { withReporter: false }] satisfies TicketOptions[]) {
        const ticket = await insertTicket(options);
        const res = await refer(ticket.id);
        expect(res.statusCode, JSON.stringify(options)).toBe(201);
        expect(res.json().reporterNotified).toBe(false);
        expect(await outboundOf(ticket.id)).toEqual([]);
        expect((await ticketRow(ticket.id)).status).toBe("dirujuk");
      }
    });

    it("refers a diterima ticket too, and adds further referrals to a dirujuk ticket without a status event", async () => {
      const ticket = await insertTicket({ status: "diterima" });
      expect((await refer(ticket.id)).statusCode).toBe(201);
      expect((await ticketRow(ticket.id)).status).toBe("dirujuk");
      const second = await refer(ticket.id, { agencyId: agency.police }, tokens.supervisor);
      expect(second.statusCode).toBe(201);
      expect(second.json().createdBy.id).toBe(supervisor.id);
      const events = await eventsOf(ticket.id);
      expect(events.filter((e) => e.type === "referral")).toHaveLength(2);
      expect(events.filter((e) => e.type === "status_changed")).toHaveLength(1);
    });

    it("answers 409 for a ticket nobody acknowledged yet, or one already finished or closed", async () => {
      const fresh = await insertTicket({ status: "baru" });
      const early = await refer(fresh.id);
      expect(early.statusCode).toBe(409);
      expect(early.json()).toEqual({ error: "ticket_not_acknowledged", message: "Terima tiket ini dulu sebelum merujuknya." });
      for (const status of ["selesai", "ditutup"] as const) {
        const ticket = await insertTicket({ status });
        const res = await refer(ticket.id);
        expect(res.statusCode).toBe(409);
        expect(res.json().error).toBe("ticket_closed");
        expect((await ticketRow(ticket.id)).status).toBe(status);
      }
      expect(await database.db.select().from(referrals).where(eq(referrals.ticketId, fresh.id))).toEqual([]);
    });

    it("answers another unit's ticket exactly like an unknown one", async () => {
      const foreign = await insertTicket({ unitRow: otherUnit });
      const res = await refer(foreign.id);
      const unknown = await refer(randomUUID());
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual(unknown.json());
      expect(res.json()).toEqual({ error: "ticket_not_found", message: "Tiket tidak ditemukan." });
      expect((await call("GET", `/v1/tickets/${foreign.id}/referrals`, tokens.peksos)).statusCode).toBe(404);
    });

    it("answers 400 naming agencyId for another unit's, a retired or an unknown agency", async () => {
      const ticket = await insertTicket();
      for (const agencyId of [agency.foreign, agency.retired, randomUUID()]) {
        const res = await refer(ticket.id, { agencyId });
        expect(res.statusCode).toBe(400);
        expect(res.json().fields).toEqual([expect.objectContaining({ in: "body", path: "agencyId" })]);
      }
      expect((await ticketRow(ticket.id)).status).toBe("ditangani");
    });

    it("answers 400 naming dueAt when it is not in the future, and note when it is empty or too long", async () => {
      const ticket = await insertTicket();
      for (const dueAt of [now.toISOString(), dueIn(-HOUR), "besok"]) {
        const res = await refer(ticket.id, { dueAt });
        expect(res.statusCode, dueAt).toBe(400);
        expect(res.json().fields.map((f: { path: string }) => f.path)).toEqual(["dueAt"]);
      }
      for (const note of ["   ", "x".repeat(2001)]) {
        const res = await refer(ticket.id, { note });
        expect(res.statusCode).toBe(400);
        expect(res.json().fields.map((f: { path: string }) => f.path)).toEqual(["note"]);
      }
      const english = await app.inject({
        method: "POST",
        url: `/v1/tickets/${ticket.id}/referrals`,
        headers: { authorization: `Bearer ${tokens.peksos}`, "accept-language": "en" },
        payload: { agencyId: agency.uptd, note: NOTE, dueAt: dueIn(-HOUR) },
      });
      expect(english.json().fields[0].message).toBe("The due date must be in the future.");
      expect(await database.db.select().from(referrals).where(eq(referrals.ticketId, ticket.id))).toEqual([]);
    });
  });

  describe("following a referral up", () => {
    async function referred(options: TicketOptions = {}) {
      const ticket = await insertTicket(options);
      const res = await refer(ticket.id);
      expect(res.statusCode).toBe(201);
      return { ticket, referralId: res.json().id as string };
    }

    it("moves forward a step or several at once, and closes on selesai", async () => {
      const { ticket, referralId } = await referred();
      const accepted = await move(referralId, { status: "diterima", note: "Diterima konselor piket." });
      expect(accepted.statusCode).toBe(200);
      expect(accepted.json()).toMatchObject({ status: "diterima", allowedNext: ["ditindaklanjuti", "selesai", "ditolak"], closedAt: null });
      now = new Date(now.getTime() + HOUR);
      const done = await move(referralId, { status: "selesai" }, tokens.supervisor);
      expect(done.json()).toMatchObject({ status: "selesai", allowedNext: [], closedAt: now.toISOString() });

      const events = (await eventsOf(ticket.id)).filter((e) => e.type === "referral");
      expect(events.map((e) => e.data)).toEqual([
        expect.objectContaining({ status: "dikirim" }),
        { referralId, from: "dikirim", to: "diterima", note: "Diterima konselor piket." },
        { referralId, from: "diterima", to: "selesai" },
      ]);
      expect(events[2]?.actorStaffId).toBe(supervisor.id);
      // Finishing a referral leaves the ticket to the peksos.
      expect((await ticketRow(ticket.id)).status).toBe("dirujuk");
      const audit = await database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, referralId), eq(auditEvents.action, "referral.status_changed")));
      expect(audit.map((a) => a.data)).toEqual(
        expect.arrayContaining([expect.objectContaining({ from: "diterima", to: "selesai", ticketId: ticket.id })]),
      );
      expect(JSON.stringify(audit)).not.toContain("konselor");
    });

    it("never goes back, and a closed referral stays closed: 409 with the allowed statuses", async () => {
      const { referralId } = await referred();
      await move(referralId, { status: "ditindaklanjuti" });
      const back = await move(referralId, { status: "diterima" });
      expect(back.statusCode).toBe(409);
      expect(back.json()).toEqual({
        error: "invalid_transition",
        message: "Status rujukan tidak bisa diubah dari ditindaklanjuti ke diterima. Yang bisa: selesai, ditolak.",
        allowed: ["selesai", "ditolak"],
      });
      expect((await move(referralId, { status: "ditindaklanjuti" })).json().allowed).toEqual(["selesai", "ditolak"]);
      await move(referralId, { status: "selesai" });
      const closed = await move(referralId, { status: "ditolak", reason: "Terlambat menolak" });
      expect(closed.statusCode).toBe(409);
      expect(closed.json()).toMatchObject({ error: "invalid_transition", allowed: [] });
    });

    it("needs a reason for ditolak (400 naming reason), and a refused last referral sends the ticket back to ditangani", async () => {
      const { ticket, referralId } = await referred();
      const bare = await move(referralId, { status: "ditolak" });
      expect(bare.statusCode).toBe(400);
      expect(bare.json().fields.map((f: { path: string }) => f.path)).toEqual(["reason"]);

      const refused = await move(referralId, { status: "ditolak", reason: "Di luar wilayah layanan." });
      expect(refused.statusCode).toBe(200);
      expect(refused.json()).toMatchObject({ status: "ditolak", rejectionReason: "Di luar wilayah layanan.", closedAt: now.toISOString() });
      expect((await ticketRow(ticket.id)).status).toBe("ditangani");
      const events = await eventsOf(ticket.id);
      expect(events.find((e) => e.type === "referral" && e.data.to === "ditolak")?.data).toEqual({
        referralId,
        from: "dikirim",
        to: "ditolak",
        reason: "Di luar wilayah layanan.",
      });
      const back = events.filter((e) => e.type === "status_changed").at(-1);
      expect(back).toMatchObject({ actorStaffId: peksos.id, data: { from: "dirujuk", to: "ditangani", reason: "referral_rejected" } });
    });

    it("keeps the ticket dirujuk when another referral is still open", async () => {
      const { ticket, referralId } = await referred();
      const other = await refer(ticket.id, { agencyId: agency.police });
      await move(referralId, { status: "ditolak", reason: "Kapasitas penuh bulan ini." });
      expect((await ticketRow(ticket.id)).status).toBe("dirujuk");
      await move(other.json().id, { status: "ditolak", reason: "Bukan ranah kepolisian." });
      expect((await ticketRow(ticket.id)).status).toBe("ditangani");
    });

    it("refuses admins, and answers another unit's referral like an unknown one", async () => {
      const { referralId } = await referred();
      expect((await move(referralId, { status: "diterima" }, tokens.admin)).statusCode).toBe(403);
      const foreign = await move(referralId, { status: "diterima" }, tokens.otherPeksos);
      const unknown = await move(randomUUID(), { status: "diterima" }, tokens.otherPeksos);
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json()).toEqual(unknown.json());
      expect(foreign.json()).toEqual({ error: "referral_not_found", message: "Rujukan tidak ditemukan." });
      const [row] = await database.db.select().from(referrals).where(eq(referrals.id, referralId));
      expect(row?.status).toBe("dikirim");
      expect((await move(referralId, { status: "hilang" })).statusCode).toBe(400);
    });
  });

  describe("reading referrals", () => {
    it("lists a ticket's referrals with their notes to any staff, oldest first, and audits the read", async () => {
      const ticket = await insertTicket();
      const first = (await refer(ticket.id)).json();
      now = new Date(now.getTime() + 60_000);
      const second = (await refer(ticket.id, { agencyId: agency.police })).json();
      const res = await call("GET", `/v1/tickets/${ticket.id}/referrals`, tokens.admin);
      expect(res.statusCode).toBe(200);
      expect(res.json().referrals.map((r: { id: string; note: string }) => [r.id, r.note])).toEqual([
        [first.id, NOTE],
        [second.id, NOTE],
      ]);
      const [audit] = await database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, ticket.id), eq(auditEvents.action, "ticket.referrals_viewed")));
      expect(audit).toMatchObject({ entityType: "ticket", data: { count: 2 } });
      expect((await call("GET", `/v1/tickets/${ticket.id}/referrals`, undefined)).statusCode).toBe(401);
    });

    it("flags a referral overdue once its due date passes on the clock, until it is closed", async () => {
      const ticket = await insertTicket();
      const created = (await refer(ticket.id, { dueAt: dueIn(HOUR) })).json();
      expect(created.overdue).toBe(false);
      const overdueIds = async () =>
        (await call("GET", "/v1/referrals?overdue=true&limit=100", tokens.peksos)).json().referrals.map((r: { id: string }) => r.id);
      expect(await overdueIds()).not.toContain(created.id);

      now = new Date(now.getTime() + 2 * HOUR);
      expect(await overdueIds()).toContain(created.id);
      const [onTicket] = (await call("GET", `/v1/tickets/${ticket.id}/referrals`, tokens.peksos)).json().referrals;
      expect(onTicket).toMatchObject({ id: created.id, overdue: true });
      const notOverdue = (await call("GET", "/v1/referrals?overdue=false&limit=100", tokens.peksos)).json().referrals;
      expect(notOverdue.map((r: { id: string }) => r.id)).not.toContain(created.id);
      expect(notOverdue.every((r: { overdue: boolean }) => !r.overdue)).toBe(true);

      // Still overdue while the agency is working on it; no longer once it answered.
      expect((await move(created.id, { status: "ditindaklanjuti" })).json().overdue).toBe(true);
      expect((await move(created.id, { status: "selesai" })).json().overdue).toBe(false);
      expect(await overdueIds()).not.toContain(created.id);
    });

    it("lists the unit's referrals newest first a page at a time, filtered, without notes", async () => {
      const ticket = await insertTicket();
      for (let i = 0; i < 3; i++) {
        now = new Date(now.getTime() + 1000);
        await refer(ticket.id, { agencyId: agency.school });
      }
      const all = (await call("GET", "/v1/referrals?limit=100", tokens.peksos)).json();
      expect(all.nextCursor).toBeNull();
      const ids = all.referrals.map((r: { id: string }) => r.id);
      const times = all.referrals.map((r: { createdAt: string }) => r.createdAt);
      expect(times).toEqual([...times].sort().reverse());
      expect(JSON.stringify(all)).not.toContain(NOTE);
      expect(all.referrals[0]).not.toHaveProperty("note");

      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
        const page = (await call("GET", `/v1/referrals?limit=2${query}`, tokens.peksos)).json();
        expect(page.referrals.length).toBeLessThanOrEqual(2);
        paged.push(...page.referrals.map((r: { id: string }) => r.id));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(paged).toEqual(ids);

      const school = (await call("GET", `/v1/referrals?agencyId=${agency.school}&status=dikirim`, tokens.peksos)).json().referrals;
      expect(school.length).toBeGreaterThanOrEqual(3);
      expect(school.every((r: { agency: { id: string }; status: string }) => r.agency.id === agency.school && r.status === "dikirim")).toBe(
        true,
      );

      expect((await call("GET", "/v1/referrals", tokens.otherPeksos)).json()).toEqual({ referrals: [], nextCursor: null });
      const badCursor = await call("GET", "/v1/referrals?cursor=not-a-cursor", tokens.peksos);
      expect(badCursor.statusCode).toBe(400);
      expect(badCursor.json().fields.map((f: { path: string }) => f.path)).toEqual(["cursor"]);
      const badQuery = await call("GET", "/v1/referrals?limit=0&overdue=ya&status=hilang", tokens.peksos);
      expect(badQuery.statusCode).toBe(400);
      expect(badQuery.json().fields.map((f: { path: string }) => f.path).sort()).toEqual(["limit", "overdue", "status"]);
    });
  });

  it("logs ids only: no note, reason, or message to the reporter", async () => {
    expect(logs.text).toContain("ticket referred");
    expect(logs.text).toContain("referral status changed");
    for (const words of ["Bu Rina", "konselor piket", "Di luar wilayah", "sudah kami teruskan"]) expect(logs.text).not.toContain(words);
  });

  it("documents the routes under the referrals tag with every status they send", async () => {
    const doc = (await app.inject({ method: "GET", url: "/docs/json" })).json();
    const routes = [
      [doc.paths["/v1/tickets/{id}/referrals"].post, ["201", "400", "401", "403", "404", "409"]],
      [doc.paths["/v1/tickets/{id}/referrals"].get, ["200", "400", "401", "404"]],
      [doc.paths["/v1/referrals"].get, ["200", "400", "401"]],
      [doc.paths["/v1/referrals/{id}"].patch, ["200", "400", "401", "403", "404", "409"]],
    ] as const;
    for (const [route, codes] of routes) {
      expect(route.tags).toEqual(["referrals"]);
      expect(route.security).toEqual([{ staffToken: [] }, { staffCookie: [] }]);
      expect(Object.keys(route.responses).sort()).toEqual(codes);
    }
  });
});

/** Five characters as ticket codes have them (the table's check allows A–Z and 0–9). */
function randomCode(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return [...randomBytes(5)].map((byte) => alphabet[byte % alphabet.length]).join("");
}
