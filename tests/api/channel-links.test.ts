import { asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import { createChannelLinks, type ChannelLinks } from "../../api/channels/channel-links.ts";
import { createI18n } from "../../api/i18n.ts";
import { createLogger } from "../../api/logging.ts";
import type { Outbox } from "../../api/outbox/outbox.ts";
import { auditEvents, channelLinks, outboundMessages, staff, units } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { createStaff, loginAs, type CreatedStaff } from "../support/staff.ts";
import { buildTestApp, LogCapture, TEST_CHANNEL_TOKEN } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

/*
 * The WhatsApp link as the adapter reports it and the console reads it: state reports, the QR,
 * the admins' and supervisors' messages when the link breaks and when it works again, and the
 * minute watch that counts a silent adapter as disconnected. One story, in order, on one clock.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const START = new Date("2030-05-06T07:08:00.000Z");
const PUBLIC_URL = "https://lapor.metro.example.go.id";
const QR_1 = "2@Qm9ndXNRUi1zYXR1,AbCdEfGhIjKlMnOp,ZmFrZS1rZXk=,1a2b3c";
const QR_2 = "2@Qm9ndXNRUi1kdWE,QrStUvWxYz012345,ZmFrZS1rZXk=,4d5e6f";
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe(`the WhatsApp link's state, QR and admin alerts on ${testDbKind}`, () => {
  let database: TestDatabase;
  let app: App;
  const logs = new LogCapture();
  let now = START;
  const dispatched: string[] = [];
  /** A second API instance's watch, on the same database. */
  let watcher: ChannelLinks;
  let otherWatcher: ChannelLinks;

  let supervisorToken: string;
  let adminToken: string;
  let peksosToken: string;
  /** Who must be told, and on which channel, when WhatsApp is down. */
  let told: Map<string, "telegram" | "whatsapp">;
  let whatsappOnly: CreatedStaff;

  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };

  /** Only dispatch matters here: the rows stay pending, as without a job queue. */
  const outbox: Outbox = {
    isAvailable: () => false,
    dispatch: async (ids) => {
      dispatched.push(...ids);
    },
    claim: async () => [],
    report: async () => ({ ok: false, error: "not_found" }),
    sweep: async () => ({ dispatched: 0, failed: 0 }),
  };

  async function linkChats(member: CreatedStaff, chats: { telegram?: boolean; whatsapp?: boolean; alertChannel: "telegram" | "whatsapp" | null }) {
    const suffix = member.id.slice(0, 8);
    await database.db
      .update(staff)
      .set({
        telegramChatId: chats.telegram ? `77${parseInt(suffix, 16)}` : null,
        whatsappAddress: chats.whatsapp ? `62812${parseInt(suffix, 16)}@c.us` : null,
        alertChannel: chats.alertChannel,
      })
      .where(eq(staff.id, member.id));
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
    const [other] = await database.db.insert(units).values({ name: "Dinas Sosial Kabupaten Lain", code: "LIN" }).returning({ id: units.id });
    app = await buildTestApp(database, { logs, clock: () => now, publicUrl: PUBLIC_URL, outbox });
    const i18n = await createI18n("id");
    const watchDeps = { database, i18n, logger: createLogger("silent"), publicUrl: PUBLIC_URL, dispatch: outbox.dispatch };
    watcher = createChannelLinks(watchDeps);
    otherWatcher = createChannelLinks(watchDeps);

    const admin = await createStaff(database, { role: "admin" });
    await linkChats(admin, { telegram: true, alertChannel: "telegram" });
    const supervisor = await createStaff(database, { role: "supervisor" });
    await linkChats(supervisor, { telegram: true, whatsapp: true, alertChannel: "whatsapp" });
    const otherSupervisor = await createStaff(database, { role: "supervisor", unitId: other!.id });
    await linkChats(otherSupervisor, { telegram: true, alertChannel: "telegram" });
    whatsappOnly = await createStaff(database, { role: "admin" });
    await linkChats(whatsappOnly, { whatsapp: true, alertChannel: "whatsapp" });
    // Never told: a peksos, a deactivated admin, and the seeded admin, who linked no chat.
    const peksos = await createStaff(database, { role: "peksos" });
    await linkChats(peksos, { telegram: true, alertChannel: "telegram" });
    const retired = await createStaff(database, { role: "admin", active: false });
    await linkChats(retired, { telegram: true, alertChannel: "telegram" });

    told = new Map([
      [admin.id, "telegram"],
      // Prefers WhatsApp, which is the channel that is down: Telegram instead.
      [supervisor.id, "telegram"],
      [otherSupervisor.id, "telegram"],
    ]);
    supervisorToken = await loginAs(app, supervisor.email, supervisor.password);
    adminToken = await loginAs(app, "admin@example.org", "a-long-test-password");
    peksosToken = await loginAs(app, peksos.email, peksos.password);
  });

  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  const report = (body: Record<string, unknown>, options: { channel?: string; token?: string | null } = {}) =>
    app.inject({
      method: "POST",
      url: `/v1/channels/${options.channel ?? "whatsapp"}/state`,
      payload: body,
      headers: options.token === null ? {} : { authorization: `Bearer ${options.token ?? TEST_CHANNEL_TOKEN}` },
    });

  async function mustReport(body: Record<string, unknown>) {
    const response = await report(body);
    expect(response.statusCode, response.body).toBe(204);
  }

  const asStaff = (url: string, token: string) => app.inject({ method: "GET", url, headers: { authorization: `Bearer ${token}` } });

  async function linkRow() {
    const [row] = await database.db.select().from(channelLinks).where(eq(channelLinks.channel, "whatsapp"));
    return row!;
  }

  /** The link's messages to staff, oldest first (rows are stamped by the database's own clock). */
  async function allLinkMessages() {
    return database.db
      .select()
      .from(outboundMessages)
      .where(inArray(outboundMessages.purpose, ["channel_down", "channel_restored"]))
      .orderBy(asc(outboundMessages.createdAt), asc(outboundMessages.id));
  }

  /** Messages written after the first `seen` ones. */
  async function messagesAfter(seen: number) {
    return (await allLinkMessages()).slice(seen);
  }

  /** Exactly one message of `purpose` to each person who must be told, on the channel they can be told on. */
  function expectToldOnce(messages: Awaited<ReturnType<typeof allLinkMessages>>, purpose: string) {
    const ofPurpose = messages.filter((message) => message.purpose === purpose);
    expect(new Map(ofPurpose.map((message) => [message.staffId, message.channel]))).toEqual(told);
    expect(ofPurpose).toHaveLength(told.size);
    expect(ofPurpose.every((message) => message.ticketId === null && message.reporterId === null && message.choices.length === 0)).toBe(true);
    expect(new Set(ofPurpose.map((message) => message.text)).size).toBe(1);
    return ofPurpose[0]!.text;
  }

  describe("state reports", () => {
    it("need the channel token, a linked channel and a valid body", async () => {
      expect((await report({ state: "connected" }, { token: null })).statusCode).toBe(401);
      expect((await report({ state: "connected" }, { token: adminToken })).statusCode).toBe(401);

      const telegram = await report({ state: "connected" }, { channel: "telegram" });
      expect(telegram.statusCode).toBe(404);
      expect(telegram.json()).toEqual({ error: "channel_not_found", message: "Kanal itu tidak dikenal atau tidak perlu ditautkan." });

      const badState = await report({ state: "online" });
      expect(badState.statusCode).toBe(400);
      expect(badState.json()).toMatchObject({ error: "validation", fields: [{ in: "body", path: "state" }] });
      const badReason = await report({ state: "disconnected", reason: "kata sandi: rahasia" });
      expect(badReason.statusCode).toBe(400);
      expect(badReason.json()).toMatchObject({ fields: [{ in: "body", path: "reason" }] });
      const hugeQr = await report({ state: "qr_needed", qr: "x".repeat(2001) });
      expect(hugeQr.json()).toMatchObject({ fields: [{ in: "body", path: "qr" }] });

      expect(await database.db.select().from(channelLinks)).toEqual([]);
    });

    it("a first link (starting, then a QR) is stored and alerts nobody: whoever links the phone is looking at it", async () => {
      await mustReport({ state: "starting" });
      expect(await linkRow()).toMatchObject({ state: "starting", stateSince: now, reportedAt: now, qr: null, alertedState: null });

      advance(5 * SECOND);
      const qrAt = now;
      await mustReport({ state: "qr_needed", qr: QR_1 });
      expect(await linkRow()).toMatchObject({ state: "qr_needed", stateSince: qrAt, reportedAt: qrAt, qr: QR_1, qrUpdatedAt: qrAt, alertedState: null });

      // A heartbeat without the QR keeps it, and keeps when the state and the QR began.
      advance(30 * SECOND);
      await mustReport({ state: "qr_needed" });
      expect(await linkRow()).toMatchObject({ state: "qr_needed", stateSince: qrAt, reportedAt: now, qr: QR_1, qrUpdatedAt: qrAt });
      expect(await allLinkMessages()).toEqual([]);
    });

    it("the QR is an image for admins and supervisors while it is fresh, never cached, and each view audited", async () => {
      const list = await asStaff("/v1/channels", supervisorToken);
      expect(list.statusCode).toBe(200);
      expect(list.json()).toEqual({
        channels: [
          {
            channel: "whatsapp",
            state: "qr_needed",
            since: new Date(now.getTime() - 30 * SECOND).toISOString(),
            reason: null,
            reportedAt: now.toISOString(),
            qrAvailable: true,
          },
        ],
      });

      for (const token of [supervisorToken, adminToken]) {
        const qr = await asStaff("/v1/channels/whatsapp/qr", token);
        expect(qr.statusCode).toBe(200);
        expect(qr.headers["content-type"]).toBe("image/png");
        expect(qr.headers["cache-control"]).toBe("no-store");
        expect(qr.rawPayload.subarray(0, 8)).toEqual(PNG_SIGNATURE);
        // IHDR: width and height, big-endian, right after the signature and the chunk header.
        expect(qr.rawPayload.readUInt32BE(16)).toBe(320);
        expect(qr.rawPayload.includes(Buffer.from(QR_1))).toBe(false);
      }
      const audit = await database.db.select().from(auditEvents).where(eq(auditEvents.action, "channel.qr_viewed"));
      expect(audit).toHaveLength(2);
      expect(audit[0]).toMatchObject({ entityType: "channel", data: { channel: "whatsapp" } });
      expect(audit[0]?.unitId).not.toBeNull();
      expect(JSON.stringify(audit)).not.toContain(QR_1);

      // Older than 60 s: WhatsApp has replaced it, so it would not link anything.
      advance(31 * SECOND);
      await mustReport({ state: "qr_needed" });
      const stale = await asStaff("/v1/channels/whatsapp/qr", supervisorToken);
      expect(stale.statusCode).toBe(404);
      expect(stale.json()).toEqual({
        error: "no_qr",
        message: "Tidak ada kode QR untuk dipindai saat ini. Keadaan kanal: qr_needed.",
        state: "qr_needed",
      });
      expect((await asStaff("/v1/channels", supervisorToken)).json()).toMatchObject({ channels: [{ qrAvailable: false }] });

      const refreshedAt = now;
      await mustReport({ state: "qr_needed", qr: QR_2 });
      expect(await linkRow()).toMatchObject({ qr: QR_2, qrUpdatedAt: refreshedAt });
      expect((await asStaff("/v1/channels/whatsapp/qr", supervisorToken)).statusCode).toBe(200);
      expect(await allLinkMessages()).toEqual([]);
    });

    it("only admins and supervisors see the links and the QR", async () => {
      for (const url of ["/v1/channels", "/v1/channels/whatsapp/qr"]) {
        expect((await app.inject({ method: "GET", url })).statusCode, url).toBe(401);
        const peksos = await asStaff(url, peksosToken);
        expect(peksos.statusCode, url).toBe(403);
        expect(peksos.json()).toMatchObject({ error: "forbidden" });
        expect((await asStaff(url, TEST_CHANNEL_TOKEN)).statusCode, url).toBe(401);
      }
      expect((await asStaff("/v1/channels/telegram/qr", adminToken)).json()).toMatchObject({ error: "channel_not_found" });
    });

    it("connected for the first time: the QR is gone, nobody is told, and an outage from now on alerts", async () => {
      advance(10 * SECOND);
      const connectedAt = now;
      await mustReport({ state: "connected" });
      expect(await linkRow()).toMatchObject({ state: "connected", stateSince: connectedAt, qr: null, qrUpdatedAt: null, alertedState: "connected" });
      const qr = await asStaff("/v1/channels/whatsapp/qr", adminToken);
      expect(qr.statusCode).toBe(404);
      expect(qr.json()).toMatchObject({ error: "no_qr", state: "connected" });

      advance(30 * SECOND);
      await mustReport({ state: "connected" });
      expect(await linkRow()).toMatchObject({ stateSince: connectedAt, reportedAt: now });
      expect(await allLinkMessages()).toEqual([]);
    });

    it("a lost link alerts every reachable admin and supervisor once, never through WhatsApp itself", async () => {
      dispatched.length = 0;
      advance(MINUTE);
      const lostAt = now;
      await mustReport({ state: "disconnected", reason: "LOGOUT" });
      expect(await linkRow()).toMatchObject({ state: "disconnected", stateSince: lostAt, reason: "LOGOUT", alertedState: "disconnected" });

      const messages = await allLinkMessages();
      const text = expectToldOnce(messages, "channel_down");
      expect(text).toBe(
        `⚠️ WhatsApp layanan pengaduan terputus. Laporan lewat WhatsApp belum bisa masuk. Sistem mencoba menyambung lagi; bila ponsel layanan perlu ditautkan ulang, kode QR-nya muncul di konsol: ${PUBLIC_URL}/`,
      );
      expect(messages.some((message) => message.staffId === whatsappOnly.id)).toBe(false);
      // Dispatched after the commit, all of them.
      expect([...dispatched].sort()).toEqual(messages.map((message) => message.id).sort());
      // The admin who can only be reached on WhatsApp is counted in a warning, by number only.
      const warning = logs.lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === "channel down: some admins or supervisors cannot be told");
      expect(warning).toMatchObject({ channel: "whatsapp", alerted: 3, unreachable: 1 });

      // The adapter restarts, shows QR after QR, fails again: the same outage, no more messages.
      for (const body of [{ state: "starting" }, { state: "qr_needed", qr: QR_1 }, { state: "qr_needed", qr: QR_2 }, { state: "disconnected" }, { state: "qr_needed", qr: QR_1 }]) {
        advance(20 * SECOND);
        await mustReport(body);
      }
      expect(await allLinkMessages()).toHaveLength(told.size);
      expect(await linkRow()).toMatchObject({ state: "qr_needed", alertedState: "disconnected" });
    });

    it("connected again: one short 'pulih' message to the same people on the same channels", async () => {
      advance(20 * SECOND);
      await mustReport({ state: "connected" });
      expect(await linkRow()).toMatchObject({ state: "connected", stateSince: now, qr: null, reason: null, alertedState: "connected" });
      const restored = await messagesAfter(told.size);
      expect(expectToldOnce(restored, "channel_restored")).toBe("✅ WhatsApp layanan pengaduan pulih. Laporan lewat WhatsApp masuk lagi seperti biasa.");

      advance(30 * SECOND);
      await mustReport({ state: "connected" });
      expect(await allLinkMessages()).toHaveLength(2 * told.size);
    });

    it("a restart after a connected link that ends at a QR alerts too, asking for the QR to be scanned", async () => {
      advance(MINUTE);
      await mustReport({ state: "starting" });
      expect(await allLinkMessages()).toHaveLength(2 * told.size);
      advance(10 * SECOND);
      await mustReport({ state: "qr_needed", qr: QR_1 });
      const down = await messagesAfter(2 * told.size);
      expect(expectToldOnce(down, "channel_down")).toBe(
        `⚠️ WhatsApp layanan pengaduan perlu ditautkan ulang. Laporan lewat WhatsApp belum bisa masuk. Buka konsol dan pindai kode QR dengan ponsel layanan: ${PUBLIC_URL}/`,
      );
      advance(10 * SECOND);
      await mustReport({ state: "connected" });
      expect(await allLinkMessages()).toHaveLength(4 * told.size);
    });

    it("never writes the QR into the log", () => {
      expect(logs.text).toContain("channel link state changed");
      expect(logs.text).not.toContain(QR_1);
      expect(logs.text).not.toContain(QR_2);
    });
  });

  describe("the minute watch", () => {
    it("leaves a link alone while its adapter reports", async () => {
      advance(90 * SECOND);
      expect(await watcher.watch(now)).toEqual({ silent: 0 });
      expect(await linkRow()).toMatchObject({ state: "connected" });
    });

    it("counts an adapter silent for over 2 minutes as disconnected, alerts once, and is safe on two instances", async () => {
      const lastReport = (await linkRow()).reportedAt;
      advance(31 * SECOND);
      expect(now.getTime() - lastReport.getTime()).toBeGreaterThan(2 * MINUTE);
      const seen = (await allLinkMessages()).length;

      // The state the console shows changes at once, before any watch runs.
      const list = await asStaff("/v1/channels", adminToken);
      expect(list.json()).toMatchObject({ channels: [{ state: "disconnected", reason: "silent", since: lastReport.toISOString() }] });

      const results = await Promise.all([watcher.watch(now), otherWatcher.watch(now)]);
      expect(results.map((result) => result.silent).sort()).toEqual([0, 1]);
      expect(await linkRow()).toMatchObject({ state: "disconnected", reason: "silent", stateSince: lastReport, reportedAt: lastReport, alertedState: "disconnected" });
      const down = await messagesAfter(seen);
      expect(expectToldOnce(down, "channel_down")).toBe(
        `⚠️ WhatsApp layanan pengaduan tidak memberi kabar lebih dari 2 menit: prosesnya mungkin mati atau servernya tidak menyala. Laporan lewat WhatsApp belum bisa masuk. Periksa server, lalu keadaan kanal di konsol: ${PUBLIC_URL}/`,
      );

      advance(MINUTE);
      expect(await watcher.watch(now)).toEqual({ silent: 0 });
      expect(await messagesAfter(seen)).toHaveLength(told.size);
    });

    it("the adapter coming back connected sends the 'pulih' message", async () => {
      advance(MINUTE);
      const seen = (await allLinkMessages()).length;
      await mustReport({ state: "connected" });
      const restored = await messagesAfter(seen);
      expectToldOnce(restored, "channel_restored");
      expect(await linkRow()).toMatchObject({ state: "connected", reason: null, alertedState: "connected" });
    });

    it("a silent adapter that was never connected is marked, and alerts nobody", async () => {
      await database.db.update(channelLinks).set({ state: "qr_needed", alertedState: null, qr: QR_1, qrUpdatedAt: now }).where(eq(channelLinks.channel, "whatsapp"));
      const count = (await allLinkMessages()).length;
      advance(3 * MINUTE);
      expect(await watcher.watch(now)).toEqual({ silent: 1 });
      expect(await linkRow()).toMatchObject({ state: "disconnected", reason: "silent", qr: null, alertedState: null });
      expect(await allLinkMessages()).toHaveLength(count);
    });
  });
});
