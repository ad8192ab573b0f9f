import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInjectClient } from "../../bot/client.ts";
import { outboundMessages, shifts, staff, tickets, transcriptMessages, units } from "../../db/schema/index.ts";
import { createStaff } from "../support/staff.ts";
import { TEST_CHANNEL_TOKEN } from "../support/test-app.ts";
import { testDbKind } from "../support/test-db.ts";
import { insertTicket } from "../api/tickets-support.ts";
import { expectStatus, injectApi, login, staffTexts, type ApiAnswer, type CallApi } from "./case-work.ts";
import { startClockedHotline, type ClockedHotline } from "./clocked-hotline.ts";
import { openEventStream } from "./event-stream.ts";
import { foundIn, identifiersOf, pinLeaks, WHATSAPP_PARENT, whatsappAddress } from "./people.ts";
import { WhatsAppChat } from "./whatsapp-chat.ts";

/*
 * Who sees a reporter's contact, surface by surface. The rule is mayReadReporterContact
 * (api/tickets/visibility.ts), after DESIGN.md ("never shown to staff who do not need it") and UU
 * PDP's minimisation: the peksos the ticket is assigned to and the supervisors (of its unit: every
 * read is of the caller's unit) see it; everyone else gets it masked. The status PIN is the
 * reporter's alone (api/tickets/status-pin.ts): no staff member sees it.
 *
 *   who                          name, phone, chat address,          status PIN
 *                                the contact step's answer and file
 *   supervisor of the unit       sees                                never
 *   peksos assigned              sees                                never
 *   peksos not assigned          never (null, •••, file 404)         never
 *   admin                        never (null, •••, file 404)         never
 *   peksos of another unit       never (404: not their unit's)       never
 *   supervisor of another unit   never (404)                         never
 *
 * Where it is shown, it is shown on the ticket detail, its referrals' notes, its triage (override
 * reasons) and the contact step's file. Everywhere else it is shown to no one, by design: the
 * queue and its ?code= / ?school= search, the unit's referral list, live events, statistics and
 * their CSV, the audit trail, and the alerts staff get on their phones.
 *
 * "Never" means in no field of the answer: the bot's summary and confirmation repeat the name,
 * number and PIN, the reporter types the number again later in another spelling, and staff quote
 * the name and number in notes, override reasons, referral notes and replies.
 */

const reporter = WHATSAPP_PARENT;
const address = whatsappAddress(reporter);
const secrets = identifiersOf(reporter, { channel: "whatsapp" });
const ALL_STATUSES = "baru,diterima,ditangani,dirujuk,selesai,ditutup";
const EVIDENCE_PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("foto pipi bengkak"), Buffer.from([0xff, 0xd9])]);
const CONTACT_PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`KTP ${reporter.contactName}`), Buffer.from([0xff, 0xd9])]);
/** Written by the reporter after the report, with their number spelled unlike the stored one. */
const FOLLOW_UP = `Nomor saya yang aktif +62 ${reporter.phoneStored.slice(1, 4)} ${reporter.phoneStored.slice(4, 8)} ${reporter.phoneStored.slice(8)}, atas nama ${reporter.contactName.split(" ")[0]}`;
const OVERRIDE_REASON = `Sudah ditelepon ke ${reporter.phoneTyped}, anak sudah di rumah neneknya`;
const COLLEAGUE_NOTE = `Dikonfirmasi lewat ${reporter.phoneStored}`;

interface Viewer {
  who: string;
  token: string;
  /** May read the reporter's contact on this ticket. */
  sees: boolean;
  /** Of the ticket's unit: the only ones the ticket exists for. */
  sameUnit: boolean;
  role: "peksos" | "supervisor" | "admin";
}

describe(`the reporter's contact and PIN, surface by surface and role by role (${testDbKind})`, () => {
  let hotline: ClockedHotline;
  let api: CallApi;
  let viewers: Viewer[];
  let assigned: Viewer;
  let colleague: Viewer;
  let ticketId: string;
  let code: string;
  let pin: string;
  let referralId: string;
  let colleaguePatch: ApiAnswer;

  const as = (viewer: Viewer, url: string) => api("GET", url, viewer.token);
  /** Nothing of the reporter's contact in `text`, nor their PIN. */
  const expectNoContact = (text: string, where: string) => {
    expect(foundIn(text, secrets), where).toEqual([]);
    expect(pinLeaks(text, code, pin), where).toEqual([]);
  };

  beforeAll(async () => {
    hotline = await startClockedHotline();
    api = injectApi(hotline.app);
    const db = hotline.database.db;
    const [unit] = await db.select({ id: units.id, code: units.code }).from(units);
    const [otherUnit] = await db.insert(units).values({ name: "Dinas Sosial Kabupaten Lain", code: "LIN" }).returning({ id: units.id });
    const member = async (role: Viewer["role"], unitId: string, name: string) => {
      const created = await createStaff(hotline.database, { role, unitId, name });
      return { id: created.id, token: await login(api, created.email, created.password) };
    };
    const supervisor = await member("supervisor", unit!.id, "Kabid Penanggung");
    const peksos = await member("peksos", unit!.id, "Peksos Penanggung");
    const other = await member("peksos", unit!.id, "Peksos Sejawat");
    const adminToken = await login(api, "admin@example.org", "a-long-test-password");
    viewers = [
      { who: "supervisor", token: supervisor.token, sees: true, sameUnit: true, role: "supervisor" },
      { who: "assigned peksos", token: peksos.token, sees: true, sameUnit: true, role: "peksos" },
      { who: "peksos not assigned", token: other.token, sees: false, sameUnit: true, role: "peksos" },
      { who: "admin", token: adminToken, sees: false, sameUnit: true, role: "admin" },
      { who: "peksos of another unit", token: (await member("peksos", otherUnit!.id, "Peksos Kabupaten Lain")).token, sees: false, sameUnit: false, role: "peksos" },
      { who: "supervisor of another unit", token: (await member("supervisor", otherUnit!.id, "Kabid Kabupaten Lain")).token, sees: false, sameUnit: false, role: "supervisor" },
    ];
    assigned = viewers[1]!;
    colleague = viewers[2]!;

    // The peksos is on call with Telegram linked, the supervisor linked too: alerts and escalations reach them.
    const at = Date.now();
    await db.insert(shifts).values({ unitId: unit!.id, staffId: peksos.id, tier: "primary", startsAt: new Date(at - 3_600_000), endsAt: new Date(at + 8 * 3_600_000) });
    for (const [id, chat] of [[peksos.id, "5550101"], [supervisor.id, "5550102"]] as const) {
      await db.update(staff).set({ telegramChatId: chat, alertChannel: "telegram" }).where(eq(staff.id, id));
    }

    // The parent's report, danger "ya": a photo as evidence, a photo of their ID card at the contact step.
    const chat = new WhatsAppChat(createInjectClient(hotline.app, TEST_CHANNEL_TOKEN), address);
    await chat.text("halo");
    await chat.press("orang_tua");
    await chat.press("ya");
    await chat.press("dipukul");
    await chat.text(reporter.story);
    await chat.photo(EVIDENCE_PHOTO, reporter.caption);
    await chat.press("sudah");
    await chat.text(reporter.child);
    await chat.press("masih_terjadi");
    await chat.press("nama");
    await chat.photo(CONTACT_PHOTO, "ini KTP saya");
    await chat.text(`${reporter.contactName} ${reporter.phoneTyped}`);
    const sent = await chat.press("kirim");
    code = sent.ticketCode!;
    pin = /PIN: (\d{4})/.exec(chat.texts)![1]!;
    await chat.text(`/status ${code} ${pin}`);
    expect(chat.texts).toContain(`Laporan ${code}`);
    const [row] = await db.select({ id: tickets.id }).from(tickets).where(eq(tickets.code, code));
    ticketId = row!.id;

    // Nobody took it: it climbs (the supervisor is alerted), then the peksos takes it.
    await hotline.alerts.runEscalations(new Date(Date.now() + 6 * 60_000));
    await hotline.alerts.runEscalations(new Date(Date.now() + 12 * 60_000));
    await expectStatus(api("POST", `/v1/tickets/${ticketId}/acknowledge`, peksos.token), 200);
    await chat.text(FOLLOW_UP);

    const texts = staffTexts(reporter);
    await expectStatus(api("POST", `/v1/tickets/${ticketId}/notes`, peksos.token, { text: texts.note }), 201);
    await expectStatus(api("POST", `/v1/tickets/${ticketId}/triage/override`, peksos.token, { category: "kekerasan_psikis", reason: OVERRIDE_REASON }), 200);
    const agencies = await expectStatus(api("GET", "/v1/agencies", peksos.token), 200);
    const agencyId = (agencies.body as { agencies: { id: string; active: boolean }[] }).agencies.find((a) => a.active)!.id;
    const dueAt = new Date(Date.now() + 3 * 24 * 3_600_000).toISOString();
    const referral = await expectStatus(api("POST", `/v1/tickets/${ticketId}/referrals`, peksos.token, { agencyId, note: texts.referral, dueAt }), 201);
    referralId = (referral.body as { id: string }).id;
    await expectStatus(api("POST", `/v1/tickets/${ticketId}/messages`, peksos.token, { text: texts.reply }), 202);
    colleaguePatch = await expectStatus(api("PATCH", `/v1/referrals/${referralId}`, colleague.token, { status: "diterima", note: COLLEAGUE_NOTE }), 200);
  });

  afterAll(async () => {
    await hotline?.stop();
  });

  it("has the contact and the PIN in the database to hide (the checks below are not vacuous)", async () => {
    const [ticket] = await hotline.database.db.select().from(tickets).where(eq(tickets.id, ticketId));
    expect(ticket).toMatchObject({ reporterName: reporter.contactName, reporterPhone: reporter.phoneStored, assigneeId: expect.any(String) });
    const transcript = (await hotline.database.db.select({ text: transcriptMessages.text }).from(transcriptMessages).where(eq(transcriptMessages.ticketId, ticketId)))
      .map((r) => r.text ?? "")
      .join("\n");
    expect(pinLeaks(transcript, code, pin)).not.toEqual([]);
    expect(transcript).toContain(FOLLOW_UP);
    expect(transcript).toContain(`${reporter.contactName} ${reporter.phoneTyped}`);
  });

  it("ticket detail: contact, the contact step's answer and its file for the assignee and supervisors only; the PIN for no one", async () => {
    for (const viewer of viewers) {
      const res = await as(viewer, `/v1/tickets/${ticketId}`);
      if (!viewer.sameUnit) {
        expect(res.status, viewer.who).toBe(404);
        expectNoContact(res.text, viewer.who);
        continue;
      }
      expect(res.status, viewer.who).toBe(200);
      const body = res.body as {
        reporter: Record<string, unknown>;
        transcript: { direction: string; step: string | null; kind: string; text: string | null; redacted: boolean }[];
        evidence: { caption: string | null }[];
      };
      expect(pinLeaks(res.text, code, pin), viewer.who).toEqual([]);
      // The story is the case record: everyone on the unit's duty reads it.
      expect(res.text, viewer.who).toContain(reporter.story);
      const contactStep = body.transcript.filter((m) => m.direction === "in" && m.step === "name");
      expect(contactStep, viewer.who).toHaveLength(2);
      if (viewer.sees) {
        expect(body.reporter, viewer.who).toMatchObject({ name: reporter.contactName, phone: reporter.phoneStored, address, masked: false });
        expect(contactStep.map((m) => m.text), viewer.who).toContain(`${reporter.contactName} ${reporter.phoneTyped}`);
        expect(body.evidence.map((e) => e.caption), viewer.who).toEqual([reporter.caption, "ini KTP saya"]);
        expect(res.text, viewer.who).toContain(FOLLOW_UP);
      } else {
        expect(body.reporter, viewer.who).toMatchObject({ name: null, phone: null, address: null, masked: true });
        expect(contactStep, viewer.who).toEqual(contactStep.map((m) => ({ ...m, text: null, redacted: true })));
        expect(body.evidence.map((e) => e.caption), viewer.who).toEqual([reporter.caption]);
        expectNoContact(res.text, viewer.who);
      }
    }
  });

  it("evidence and stored-file routes: the contact step's photo only for those who see the contact; other photos for the unit", async () => {
    const detail = (await as(assigned, `/v1/tickets/${ticketId}`)).body as { evidence: { id: string; fileId: string; url: string; caption: string | null }[] };
    const contactFile = detail.evidence.find((e) => e.caption === "ini KTP saya")!;
    const evidenceFile = detail.evidence.find((e) => e.caption === reporter.caption)!;
    for (const viewer of viewers) {
      for (const [file, bytes, shown] of [
        [contactFile, CONTACT_PHOTO, viewer.sees],
        [evidenceFile, EVIDENCE_PHOTO, viewer.sameUnit],
      ] as const) {
        const mediaId = file.fileId.slice("media:".length);
        for (const url of [file.url, `/v1/tickets/${ticketId}/media/${mediaId}`]) {
          const res = await hotline.app.inject({ method: "GET", url, headers: { authorization: `Bearer ${viewer.token}` } });
          expect(res.statusCode, `${viewer.who} ${url}`).toBe(shown ? 200 : 404);
          if (shown) expect(Buffer.compare(res.rawPayload, bytes), `${viewer.who} ${url}`).toBe(0);
          else expectNoContact(res.body, `${viewer.who} ${url}`);
        }
      }
    }
  });

  it("the queue and its search carry no contact for anyone, and a search by the reporter's name or number finds nothing", async () => {
    for (const viewer of viewers) {
      const byCode = await as(viewer, `/v1/tickets?code=${code}&status=${ALL_STATUSES}`);
      expect(byCode.status, viewer.who).toBe(200);
      expect((byCode.body as { items: { id: string }[] }).items.map((i) => i.id), viewer.who).toEqual(viewer.sameUnit ? [ticketId] : []);
      expectNoContact(byCode.text, viewer.who);
      for (const probe of [reporter.phoneStored, reporter.contactName, address]) {
        const bySchool = await as(viewer, `/v1/tickets?school=${encodeURIComponent(probe)}&status=${ALL_STATUSES}`);
        expect(bySchool.status, `${viewer.who} school=${probe}`).toBe(200);
        expect((bySchool.body as { items: unknown[] }).items, `${viewer.who} school=${probe}`).toEqual([]);
        // There is no free-text search: an unknown ?q= is ignored or refused, never an oracle.
        const byQ = await as(viewer, `/v1/tickets?q=${encodeURIComponent(probe)}&status=${ALL_STATUSES}`);
        expect([200, 400], `${viewer.who} q=${probe}`).toContain(byQ.status);
        expectNoContact(byQ.text, `${viewer.who} q=${probe}`);
      }
    }
  });

  it("the triage and its overrides: a reason quoting the reporter is masked like the detail masks it", async () => {
    for (const viewer of viewers) {
      const res = await as(viewer, `/v1/tickets/${ticketId}/triage`);
      if (!viewer.sameUnit) {
        expect(res.status, viewer.who).toBe(404);
        continue;
      }
      expect(res.status, viewer.who).toBe(200);
      if (viewer.sees) expect(res.text, viewer.who).toContain(reporter.phoneTyped);
      else expectNoContact(res.text, viewer.who);
      const stats = await as(viewer, "/v1/triage/overrides");
      if (viewer.role === "peksos") expect(stats.status, viewer.who).toBe(403);
      else expectNoContact(stats.text, viewer.who);
    }
  });

  it("referrals: the ticket's notes as the detail shows them; the unit's list and a colleague's update carry none", async () => {
    expectNoContact(colleaguePatch.text, "the update's answer to a colleague not assigned");
    for (const viewer of viewers) {
      const list = await as(viewer, `/v1/tickets/${ticketId}/referrals`);
      if (!viewer.sameUnit) expect(list.status, viewer.who).toBe(404);
      else if (viewer.sees) expect(list.text, viewer.who).toContain(reporter.contactName);
      else expectNoContact(list.text, viewer.who);

      const unitList = await as(viewer, "/v1/referrals");
      expect(unitList.status, viewer.who).toBe(200);
      expectNoContact(unitList.text, viewer.who);
      expect(unitList.text.includes(referralId), viewer.who).toBe(viewer.sameUnit);
    }
  });

  it("live events name tickets by id, code, priority and status only", async () => {
    const url = await hotline.app.listen({ port: 0, host: "127.0.0.1" });
    const streams = await Promise.all(viewers.map(async (viewer) => ({ viewer, stream: await openEventStream(url, viewer.token) })));
    try {
      for (const { viewer, stream } of streams) {
        expect(stream.status, viewer.who).toBe(200);
        await stream.waitFor((e) => e.event === "ready", `${viewer.who}: ready`);
      }
      // A change on the ticket, then one in the other unit: each stream hears its own unit's.
      await expectStatus(api("POST", `/v1/tickets/${ticketId}/notes`, assigned.token, { text: staffTexts(reporter).note }), 201);
      const [otherUnit] = await hotline.database.db.select({ id: units.id, code: units.code }).from(units).where(eq(units.code, "LIN"));
      const fence = await insertTicket(hotline.database, otherUnit!, { createdAt: new Date(), status: "baru" });
      for (const { viewer, stream } of streams) {
        const expected = viewer.sameUnit ? ticketId : fence.id;
        await stream.waitFor((e) => e.event === "tickets" && e.data.includes(expected), `${viewer.who}: the change`);
        expectNoContact(stream.raw(), viewer.who);
        if (!viewer.sameUnit) expect(stream.raw(), viewer.who).not.toContain(ticketId);
      }
    } finally {
      for (const { stream } of streams) stream.close();
    }
  });

  it("statistics and their CSV: counts only, for supervisors and admins", async () => {
    for (const viewer of viewers) {
      for (const url of ["/v1/stats", "/v1/stats.csv"]) {
        const res = await as(viewer, url);
        if (viewer.role === "peksos") {
          expect(res.status, `${viewer.who} ${url}`).toBe(403);
          continue;
        }
        expect(res.status, `${viewer.who} ${url}`).toBe(200);
        expectNoContact(res.text, `${viewer.who} ${url}`);
        expect(foundIn(res.text, reporter.words), `${viewer.who} ${url}`).toEqual([]);
      }
    }
  });

  it("the audit trail: admins only, ids and flags, never the contact", async () => {
    for (const viewer of viewers) {
      const res = await as(viewer, `/v1/audit?entityId=${ticketId}&limit=200`);
      if (viewer.role !== "admin") {
        expect(res.status, viewer.who).toBe(403);
        continue;
      }
      expect(res.status, viewer.who).toBe(200);
      expect((res.body as { items: unknown[] }).items.length, viewer.who).toBeGreaterThan(5);
      expectNoContact(res.text, viewer.who);
      expectNoContact((await as(viewer, "/v1/audit?limit=200")).text, `${viewer.who}, the whole trail`);
    }
  });

  it("staff alerts as queued for their phones: the ticket, never the reporter or what they wrote", async () => {
    const alerts = await hotline.database.db
      .select({ purpose: outboundMessages.purpose, text: outboundMessages.text })
      .from(outboundMessages)
      .where(and(eq(outboundMessages.ticketId, ticketId), isNotNull(outboundMessages.staffId)));
    // The first alert, the escalation to the supervisor, and "the reporter wrote again" to the assignee.
    expect(alerts.length).toBeGreaterThanOrEqual(3);
    for (const alert of alerts) {
      expect(alert.text, alert.purpose).toContain(code);
      expectNoContact(alert.text, alert.purpose);
      expect(foundIn(alert.text, reporter.words), alert.purpose).toEqual([]);
    }
  });
});
