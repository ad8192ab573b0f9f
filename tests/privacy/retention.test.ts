import { join } from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createI18n } from "../../api/i18n.ts";
import { runRetention } from "../../api/retention/retention.ts";
import { mediaFiles, outboundMessages, reporters, shifts, staff, tickets, transcriptMessages, units } from "../../db/schema/index.ts";
import { waitUntil } from "../channels/whatsapp/harness.ts";
import { createStaff, type CreatedStaff } from "../support/staff.ts";
import { testDbKind } from "../support/test-db.ts";
import { expectStatus, injectApi, login, staffTexts, workTheCase, type CallApi } from "./case-work.ts";
import { startClockedHotline, type ClockedHotline } from "./clocked-hotline.ts";
import { columnsOf, textualValues, whereFound, type ColumnValue } from "./db-scan.ts";
import { asText, filesUnder } from "./disk.ts";
import {
  foundIn,
  identifiersOf,
  pinLeaks,
  SECOND_TELEGRAM_PARENT,
  SECOND_WHATSAPP_PARENT,
  TELEGRAM_PARENT,
  WHATSAPP_PARENT,
  whatsappAddress,
  type Reporter,
} from "./people.ts";
import { reporterOnTelegram, reportOnTelegram, waitFor } from "./telegram-reporter.ts";
import { reportOnWhatsApp } from "./whatsapp-reporter.ts";

/*
 * The retention purge, over a year of a unit's life (Kota Metro keeps 365 days): two parents
 * report on day 0 (one on Telegram, one on WhatsApp, with a photo), their cases are worked and
 * closed; two more report on day 300 and are closed too. On day 370 the retention job runs.
 *
 * Past the period, what identifies or reaches the day-0 parents (the name and number they typed,
 * every spelling of the number, their chat id and the idempotency keys built on it, their
 * Telegram profile, their WhatsApp number, the status PIN) must be in no text, varchar or jsonb
 * column of any table (pg-boss's job payloads and the outbox included), their photo's stored file
 * must be gone, and the adapters' spool under DATA_DIR must hold nothing of them. What stays on
 * purpose (api/retention/retention.ts): the ticket, its story and transcript (the case record the
 * Dinas Sosial must be able to show later) and every count the statistics give.
 *
 * Inside the period, the day-300 parents keep everything: name, number, chat, PIN, photo.
 */

const DAY = 24 * 3_600_000;
const HOUR = 3_600_000;
/** The statistics over both reports' months, the same before and after the purge. */
const STATS_PERIOD = (from: Date) => ({ since: from.toISOString().slice(0, 10), until: new Date(from.getTime() + 400 * DAY).toISOString().slice(0, 10) });

interface Case {
  reporter: Reporter;
  channel: "telegram" | "whatsapp";
  code: string;
  pin: string;
  ticketId: string;
  /** The reporter's row: its address is what the purge rewrites. */
  reporterId: string;
}

describe(`retention past the unit's period, and inside it (${testDbKind})`, () => {
  let hotline: ClockedHotline;
  let api: CallApi;
  let peksos: CreatedStaff;
  let supervisor: CreatedStaff;
  let unitId: string;
  let dayZero: Date;
  const pastPeriod: Case[] = [];
  const insidePeriod: Case[] = [];
  let statsBefore: unknown;
  let countsBefore: Record<string, number>;
  let values: ColumnValue[];
  let purgedAt: Date;
  /** The line under WhatsApp's numbered lists, to count the parts of each answer. */
  let hint: string;

  async function ticketOf(code: string): Promise<{ id: string; reporterId: string }> {
    const [row] = await hotline.database.db.select({ id: tickets.id, reporterId: tickets.reporterId }).from(tickets).where(eq(tickets.code, code));
    if (!row?.reporterId) throw new Error(`no ticket ${code} with a reporter`);
    return { id: row.id, reporterId: row.reporterId };
  }

  /** The on-call roster for the day the clock is at, so reports alert the peksos as they would. */
  async function onCallNow(): Promise<void> {
    const at = hotline.now().getTime();
    await hotline.database.db.insert(shifts).values({ unitId, staffId: peksos.id, tier: "primary", startsAt: new Date(at - HOUR), endsAt: new Date(at + 8 * HOUR) });
  }

  /** A report on either channel, taken, worked and closed, with the answer seen in the reporter's chat. */
  async function reportAndClose(reporter: Reporter, channel: "telegram" | "whatsapp"): Promise<Case> {
    let code: string;
    let pin: string;
    let answered: () => boolean;
    const reply = staffTexts(reporter).reply;
    if (channel === "telegram") {
      const user = reporterOnTelegram(hotline.emulator, reporter);
      ({ code, pin } = await reportOnTelegram(user, reporter));
      answered = () => user.history().some((m) => m.text === reply);
    } else {
      const phone = hotline.whatsapp.phone(whatsappAddress(reporter));
      ({ code, pin } = await reportOnWhatsApp(hotline.whatsappClient, phone, reporter, hint));
      answered = () => phone.received().includes(reply);
    }
    const { id: ticketId, reporterId } = await ticketOf(code);
    const token = await login(api, peksos.email, peksos.password);
    await expectStatus(api("POST", `/v1/tickets/${ticketId}/acknowledge`, token), 200);
    await workTheCase(api, token, ticketId, reporter, hotline.now());
    await waitUntil(answered, "the peksos's answer in the reporter's chat", 30_000);
    return { reporter, channel, code, pin, ticketId, reporterId };
  }

  async function settled(): Promise<void> {
    // Every message handed to the adapters delivered: nothing left in flight for the scan to miss.
    await waitFor(async () => {
      const pending = await hotline.database.db.select({ id: outboundMessages.id }).from(outboundMessages).where(eq(outboundMessages.status, "pending"));
      return pending.length === 0 && hotline.telegram.adapter.spooled() === 0 && hotline.whatsapp.adapter.spooled() === 0 ? true : undefined;
    }, "every outbound message delivered and the spools empty");
  }

  async function stats(): Promise<unknown> {
    const token = await login(api, supervisor.email, supervisor.password);
    const { since, until } = STATS_PERIOD(dayZero);
    return (await expectStatus(api("GET", `/v1/stats?since=${since}&until=${until}`, token), 200)).body;
  }

  async function counts(): Promise<Record<string, number>> {
    const db = hotline.database.db;
    return {
      tickets: (await db.select({ id: tickets.id }).from(tickets)).length,
      transcript: (await db.select({ id: transcriptMessages.id }).from(transcriptMessages)).length,
      reporters: (await db.select({ id: reporters.id }).from(reporters)).length,
    };
  }

  beforeAll(async () => {
    hotline = await startClockedHotline({ databaseOnDisk: true });
    hint = (await createI18n("id")).getFixedT("id", "whatsapp")("choose_hint");
    api = injectApi(hotline.app);
    const [unit] = await hotline.database.db.select({ id: units.id }).from(units);
    unitId = unit!.id;
    peksos = await createStaff(hotline.database, { role: "peksos", unitId, name: "Peksos Retensi" });
    supervisor = await createStaff(hotline.database, { role: "supervisor", unitId, name: "Kabid Retensi" });
    const peksosChat = hotline.emulator.user({ chatId: 5_550_002, firstName: "Peksos" });
    await hotline.database.db.update(staff).set({ telegramChatId: String(peksosChat.chatId), alertChannel: "telegram" }).where(eq(staff.id, peksos.id));
  });

  afterAll(async () => {
    await hotline?.stop();
  });

  it("takes two reports on day 0 and two on day 300, each worked and closed", async () => {
    dayZero = hotline.now();
    await onCallNow();
    pastPeriod.push(await reportAndClose(TELEGRAM_PARENT, "telegram"));
    pastPeriod.push(await reportAndClose(WHATSAPP_PARENT, "whatsapp"));

    hotline.advance(300 * DAY);
    await onCallNow();
    insidePeriod.push(await reportAndClose(SECOND_TELEGRAM_PARENT, "telegram"));
    insidePeriod.push(await reportAndClose(SECOND_WHATSAPP_PARENT, "whatsapp"));
    await settled();

    // Before the purge every parent is in the database, as the scan below would see them.
    const before = await textualValues(hotline.database.db);
    for (const c of [...pastPeriod, ...insidePeriod]) {
      const found = whereFound(before, identifiersOf(c.reporter, { channel: c.channel }));
      expect(found, c.reporter.contactName).toContain(`public.tickets.reporter_phone: ${c.reporter.phoneStored}`);
      expect(found, c.reporter.contactName).toContain(`public.transcript_messages.text: ${c.reporter.contactName}`);
      if (c.channel === "telegram") expect(found, c.reporter.contactName).toContain(`public.inbound_messages.external_id: m:${c.reporter.chatId}:`);
      expect(before.some((v) => pinLeaks(v.value, c.code, c.pin).length > 0), c.reporter.contactName).toBe(true);
    }
    // The photo of the WhatsApp parents is stored by the API.
    for (const c of [pastPeriod[1]!, insidePeriod[1]!]) expect(await storedMediaOf(c.ticketId), c.reporter.contactName).toHaveLength(1);
  });

  it("purges on day 370 (the day-0 cases are 370 days closed, the day-300 ones 70)", async () => {
    expect(insidePeriod, "the reports must have been taken").toHaveLength(2);
    statsBefore = await stats();
    countsBefore = await counts();
    hotline.advance(70 * DAY);
    purgedAt = hotline.now();
    // As the job runs it (api/hotline.ts): PGlite's tables are rewritten, PostgreSQL's vacuumed.
    const result = await runRetention(hotline.database.db, purgedAt, { reclaim: hotline.database.kind === "pglite" ? "full" : "plain" });
    expect(result).toMatchObject({ ticketsPurged: 2, reportersPurged: 2, mediaDeleted: 1 });
    values = await textualValues(hotline.database.db);
  });

  it("leaves nothing that identifies or reaches a purged reporter in any text column of any table", () => {
    expect(values, "the purge must have run").toBeDefined();
    // The scan saw the tables where reporters' words and ids live, pg-boss's jobs included.
    const scanned = columnsOf(values);
    for (const column of ["public.transcript_messages.text", "public.inbound_messages.external_id", "public.outbound_messages.text", "public.ticket_events.data", "public.referrals.note"]) {
      expect(scanned, column).toContain(column);
    }
    expect([...scanned].some((column) => column.startsWith("pgboss.job"))).toBe(true);

    for (const c of pastPeriod) {
      expect(whereFound(values, identifiersOf(c.reporter, { channel: c.channel })), c.reporter.contactName).toEqual([]);
      const pins = values.flatMap((v) => pinLeaks(v.value, c.code, c.pin).map((p) => `${v.column}: ${p}`));
      expect(pins, c.reporter.contactName).toEqual([]);
    }
  });

  it("keeps the case record: the ticket, its story and transcript, and every count", async () => {
    expect(await counts()).toEqual(countsBefore);
    expect(await stats()).toEqual(statsBefore);
    for (const c of pastPeriod) {
      const [ticket] = await hotline.database.db.select().from(tickets).where(eq(tickets.id, c.ticketId));
      expect(ticket).toMatchObject({ status: "selesai", reporterName: null, reporterPhone: null, pinHash: null, purgedAt });
      expect(ticket?.description).toContain(c.reporter.story);
      expect(whereFound(values, c.reporter.words)).toContain(`public.tickets.description: ${c.reporter.words[0]}`);
    }
  });

  it("deletes the purged photo's stored file and keeps the one inside the period", async () => {
    expect(await storedMediaOf(pastPeriod[1]!.ticketId)).toEqual([]);
    expect(await storedMediaOf(insidePeriod[1]!.ticketId)).toHaveLength(1);
  });

  it("keeps everything of the reports still inside the period: name, number, chat, PIN", async () => {
    for (const c of insidePeriod) {
      const { contactName, phoneStored } = c.reporter;
      const [ticket] = await hotline.database.db.select().from(tickets).where(eq(tickets.id, c.ticketId));
      expect(ticket).toMatchObject({ reporterName: contactName, reporterPhone: phoneStored, purgedAt: null });
      expect(ticket?.pinHash).not.toBeNull();
      const address = c.channel === "telegram" ? String(c.reporter.chatId) : whatsappAddress(c.reporter);
      const [row] = await hotline.database.db.select().from(reporters).where(eq(reporters.id, c.reporterId));
      expect(row?.address).toBe(address);
      // The answer to "your name?" is still in the transcript, as the peksos handling it reads it.
      expect(whereFound(values, [`${contactName} ${c.reporter.phoneTyped}`])).toContain(`public.transcript_messages.text: ${contactName} ${c.reporter.phoneTyped}`);
    }
  });

  it("leaves nothing of any reporter in the adapters' spool under DATA_DIR once delivered", () => {
    const spooled = [...filesUnder(join(hotline.dataDir, "spool")), ...filesUnder(join(hotline.dataDir, "whatsapp", "spool"))];
    expect(spooled.map((f) => f.path).filter((path) => !path.endsWith(".lock"))).toEqual([]);
    const everyone = [...pastPeriod, ...insidePeriod].flatMap((c) => [...identifiersOf(c.reporter, { channel: c.channel }), ...c.reporter.words]);
    expect(foundIn(asText(spooled), everyone)).toEqual([]);
  });

  it.skipIf(testDbKind !== "pglite")("leaves none of it in the database's own files under DATA_DIR either (PGlite, as npm start keeps it)", async () => {
    // What is in memory reaches the files at a checkpoint, as at every stop.
    await hotline.database.db.execute(sql`checkpoint`);
    // The write-ahead log keeps old row versions until its segments are recycled: the database's
    // own business. menus.json (the WhatsApp adapter's numbered menus) forgets a chat 7 days after
    // its last menu, by the adapter's real clock, which this test does not move.
    const files = filesUnder(hotline.dataDir).filter((f) => !f.path.startsWith(join("pglite", "pg_wal")) && f.path !== join("whatsapp", "menus.json"));
    const onDisk = asText(files);
    const purgedPhoto = `foto ${WHATSAPP_PARENT.words[0]}`;
    expect(foundIn(onDisk, [...pastPeriod.flatMap((c) => identifiersOf(c.reporter, { channel: c.channel })), purgedPhoto])).toEqual([]);
    // Not a scan of empty files: what is kept is found.
    const keptPhoto = `foto ${SECOND_WHATSAPP_PARENT.words[0]}`;
    expect(foundIn(onDisk, [SECOND_WHATSAPP_PARENT.contactName, keptPhoto, TELEGRAM_PARENT.story])).toEqual([SECOND_WHATSAPP_PARENT.contactName, keptPhoto, TELEGRAM_PARENT.story]);
  });

  async function storedMediaOf(ticketId: string): Promise<string[]> {
    const rows = await hotline.database.db
      .select({ media: transcriptMessages.media })
      .from(transcriptMessages)
      .where(and(eq(transcriptMessages.ticketId, ticketId), eq(transcriptMessages.kind, "media")));
    const ids = rows.flatMap((r) => (r.media?.fileId?.startsWith("media:") ? [r.media.fileId.slice("media:".length)] : []));
    if (ids.length === 0) return [];
    return (await hotline.database.db.select({ id: mediaFiles.id }).from(mediaFiles).where(inArray(mediaFiles.id, ids))).map((r) => r.id);
  }
});
