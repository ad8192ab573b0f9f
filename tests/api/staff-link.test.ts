import { createHash, randomBytes, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import { LINK_CODE_ALPHABET } from "../../api/oncall/staff-link-schemas.ts";
import { auditEvents, staff, ticketEvents, tickets, units } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { createStaff, loginAs, type CreatedStaff } from "../support/staff.ts";
import { buildTestApp, LogCapture, TEST_CHANNEL_TOKEN } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

/*
 * Linking a staff member's Telegram or WhatsApp chat with a one-time code, choosing which one gets
 * the alerts, unlinking each, and acknowledging a ticket from a linked chat, through the routes the
 * console and the channel adapters call.
 */

const MINUTE = 60_000;
/** 07:08 UTC is 14:08 in Asia/Jakarta, the seeded unit's time zone. */
const START = new Date("2030-05-06T07:08:00.000Z");
const CODE_PATTERN = new RegExp(`^[${LINK_CODE_ALPHABET}]{8}$`);

describe(`staff chat links and staff actions on ${testDbKind}`, () => {
  let database: TestDatabase;
  let app: App;
  const logs = new LogCapture();
  let now = START;
  let unitId: string;
  let otherUnitId: string;
  let peksos: CreatedStaff;
  let peksosToken: string;
  let colleague: CreatedStaff;
  let colleagueToken: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
    const [unit] = await database.db.select({ id: units.id }).from(units);
    unitId = unit!.id;
    const [other] = await database.db.insert(units).values({ name: "Dinas Sosial Kabupaten Lain", code: "LIN" }).returning({ id: units.id });
    otherUnitId = other!.id;
    app = await buildTestApp(database, { logs, clock: () => now });
    peksos = await createStaff(database, { role: "peksos", unitId, name: "Sari Wulandari" });
    colleague = await createStaff(database, { role: "peksos", unitId, name: "Budi Santoso" });
    peksosToken = await loginAs(app, peksos.email, peksos.password);
    colleagueToken = await loginAs(app, colleague.email, colleague.password);
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
  });
  // Past every 15-minute window of the test before; the sessions signed in at START last 12 hours.
  beforeEach(() => {
    now = new Date(now.getTime() + 20 * MINUTE);
  });

  const asStaff = (method: "GET" | "POST", token?: string) =>
    app.inject({ method, url: "/v1/staff/me/chat-link", headers: token !== undefined ? { authorization: `Bearer ${token}` } : {} });
  const unlink = (channel: string, token?: string) =>
    app.inject({
      method: "DELETE",
      url: `/v1/staff/me/chat-link?channel=${channel}`,
      headers: token !== undefined ? { authorization: `Bearer ${token}` } : {},
    });
  const chooseAlerts = (channel: string, token?: string) =>
    app.inject({
      method: "PUT",
      url: "/v1/staff/me/alert-channel",
      payload: { channel },
      headers: token !== undefined ? { authorization: `Bearer ${token}` } : {},
    });
  const linkStatus = async (token: string) => (await asStaff("GET", token)).json() as Record<string, unknown>;

  async function issueCode(token: string): Promise<string> {
    const response = await asStaff("POST", token);
    expect(response.statusCode).toBe(201);
    return (response.json() as { code: string }).code;
  }

  /** A chat id nobody used yet, and an update id of its own, as the adapter makes them. */
  const newChat = () => String(100_000 + Math.floor(Math.random() * 1e9));
  /** A WhatsApp chat id as whatsapp-web.js names a person's chat. */
  const newWhatsApp = () => `628${100_000_000 + Math.floor(Math.random() * 899_999_999)}@c.us`;
  const updateId = () => `m:${randomBytes(4).toString("hex")}`;

  const staffAction = (body: Record<string, unknown>, options: { token?: string | null; channel?: string } = {}) =>
    app.inject({
      method: "POST",
      url: `/v1/channels/${options.channel ?? "telegram"}/staff-actions`,
      payload: body,
      headers: options.token === null ? {} : { authorization: `Bearer ${options.token ?? TEST_CHANNEL_TOKEN}` },
    });

  async function link(address: string, code: string, externalId = updateId(), channel = "telegram") {
    const response = await staffAction({ externalId, address, action: { type: "link", code } }, { channel });
    expect(response.statusCode).toBe(200);
    return response.json() as { ok: boolean; outcome: string; reply: string };
  }
  const linkWhatsApp = (address: string, code: string) => link(address, code, `wa:${randomBytes(6).toString("hex")}`, "whatsapp");

  async function acknowledge(address: string, ticketId: string, externalId = `cb:${randomBytes(4).toString("hex")}`, channel = "telegram") {
    const response = await staffAction({ externalId, address, action: { type: "acknowledge", ticketId } }, { channel });
    expect(response.statusCode).toBe(200);
    return response.json() as { ok: boolean; outcome: string; reply: string };
  }

  async function staffRow(id: string) {
    const [row] = await database.db.select().from(staff).where(eq(staff.id, id));
    return row!;
  }

  async function audits(staffId: string, action: string) {
    return database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, staffId), eq(auditEvents.action, action)));
  }

  async function linkedPeksos(role: "peksos" | "supervisor" | "admin" = "peksos", unit = unitId) {
    const member = await createStaff(database, { role, unitId: unit });
    const token = await loginAs(app, member.email, member.password);
    const chat = newChat();
    expect((await link(chat, await issueCode(token))).outcome).toBe("linked");
    return { member, token, chat };
  }

  async function insertTicket(unit = unitId, assigneeId: string | null = null) {
    const code = `${unit === unitId ? "MTR" : "LIN"}-${randomBytes(4).toString("hex").slice(0, 5).toUpperCase()}`;
    const [row] = await database.db
      .insert(tickets)
      .values({ unitId: unit, code, priority: "darurat", category: "kekerasan_fisik", slaDueAt: new Date(now.getTime() + 5 * MINUTE), assigneeId })
      .returning({ id: tickets.id, code: tickets.code });
    return row!;
  }

  describe("the console's link code", () => {
    it("needs a signed-in staff member", async () => {
      for (const response of [await asStaff("GET"), await asStaff("POST"), await unlink("telegram"), await chooseAlerts("telegram")]) {
        expect(response.statusCode).toBe(401);
        expect(response.json()).toMatchObject({ error: "unauthorized" });
      }
    });

    it("is 8 unambiguous characters, valid for 15 minutes, stored only as its sha256, and audited", async () => {
      const response = await asStaff("POST", peksosToken);
      expect(response.statusCode).toBe(201);
      const body = response.json() as { code: string; expiresAt: string; command: string };
      expect(body.code).toMatch(CODE_PATTERN);
      expect(body.code).not.toMatch(/[01IOL]/);
      expect(body.expiresAt).toBe(new Date(now.getTime() + 15 * MINUTE).toISOString());
      expect(body.command).toBe(`/hubungkan ${body.code}`);

      const row = await staffRow(peksos.id);
      expect(row.linkCodeHash).toBe(createHash("sha256").update(body.code).digest("hex"));
      expect(row.linkCodeExpiresAt?.toISOString()).toBe(body.expiresAt);
      expect(JSON.stringify(row)).not.toContain(body.code);

      const [audit] = await audits(peksos.id, "staff.link_code_issued");
      expect(audit).toMatchObject({ unitId, actorStaffId: peksos.id, entityType: "staff" });
      expect(JSON.stringify(audit?.data)).not.toContain(body.code);
      expect(logs.text).not.toContain(body.code);

      expect(await linkStatus(peksosToken)).toEqual({ telegram: false, whatsapp: false, alertChannel: null, pendingCodeExpiresAt: body.expiresAt });
    });

    it("a new code replaces the previous one", async () => {
      const first = await issueCode(colleagueToken);
      const second = await issueCode(colleagueToken);
      expect(second).not.toBe(first);
      const chat = newChat();
      expect(await link(chat, first)).toMatchObject({ ok: false, outcome: "code_invalid" });
      expect(await link(chat, second)).toMatchObject({ ok: true, outcome: "linked" });
    });

    it("stops working after 15 minutes", async () => {
      const member = await createStaff(database, { role: "peksos", unitId });
      const token = await loginAs(app, member.email, member.password);
      const code = await issueCode(token);
      now = new Date(now.getTime() + 15 * MINUTE);
      expect(await linkStatus(token)).toEqual({ telegram: false, whatsapp: false, alertChannel: null, pendingCodeExpiresAt: null });
      const answer = await link(newChat(), code);
      expect(answer).toEqual({
        ok: false,
        outcome: "code_invalid",
        reply: "Kode salah atau kedaluwarsa. Buat kode baru di konsol Lapor Aman, lalu kirim /hubungkan KODE dalam 15 menit.",
      });
      expect((await staffRow(member.id)).telegramChatId).toBeNull();
    });
  });

  describe("/hubungkan from a chat", () => {
    it("links the chat to the code's staff member, uses the code up, and never logs the chat or the code", async () => {
      const code = await issueCode(peksosToken);
      const chat = newChat();
      const externalId = `m:${chat}:17`;
      const answer = await link(chat, code.toLowerCase(), externalId);
      expect(answer.ok).toBe(true);
      expect(answer.outcome).toBe("linked");
      expect(answer.reply).toContain("Sari Wulandari");

      const row = await staffRow(peksos.id);
      expect(row.telegramChatId).toBe(chat);
      expect(row.alertChannel).toBe("telegram");
      expect(row.linkCodeHash).toBeNull();
      expect(row.linkCodeExpiresAt).toBeNull();
      expect(await linkStatus(peksosToken)).toEqual({ telegram: true, whatsapp: false, alertChannel: "telegram", pendingCodeExpiresAt: null });

      const [audit] = await audits(peksos.id, "staff.telegram_linked");
      expect(audit).toMatchObject({
        actorStaffId: peksos.id,
        data: { channel: "telegram", replacedChat: false, alertChannel: { from: null, to: "telegram" } },
      });
      expect(JSON.stringify(audit?.data)).not.toContain(chat);

      // Telegram redelivering the same update gets the same answer, not "wrong code".
      expect(await link(chat, code, externalId)).toEqual(answer);
      // A new message with the used code is a wrong code.
      expect((await link(chat, code)).outcome).toBe("code_invalid");

      expect(logs.text).toContain("staff action from a chat");
      expect(logs.text).not.toContain(chat);
      expect(logs.text).not.toContain(code);
    });

    it("lets a staff member link again, from the same chat or a new phone", async () => {
      const { member, token, chat } = await linkedPeksos();
      expect(await link(chat, await issueCode(token))).toMatchObject({ ok: true, outcome: "linked" });
      const newPhone = newChat();
      expect(await link(newPhone, await issueCode(token))).toMatchObject({ ok: true, outcome: "linked" });
      expect((await staffRow(member.id)).telegramChatId).toBe(newPhone);
      const linked = await audits(member.id, "staff.telegram_linked");
      expect(linked.map((a) => (a.data as { replacedChat: boolean }).replacedChat).sort()).toEqual([false, false, true]);
    });

    it("refuses a chat an active colleague has linked, and keeps the code for another chat", async () => {
      const holder = await linkedPeksos();
      const member = await createStaff(database, { role: "peksos", unitId });
      const token = await loginAs(app, member.email, member.password);
      const code = await issueCode(token);

      expect(await link(holder.chat, code)).toEqual({
        ok: false,
        outcome: "chat_in_use",
        reply: "Chat Telegram ini sudah terhubung dengan akun petugas lain. Putuskan dulu dari akun itu di konsol, lalu coba lagi.",
      });
      expect((await staffRow(holder.member.id)).telegramChatId).toBe(holder.chat);
      expect((await staffRow(member.id)).telegramChatId).toBeNull();
      expect(await link(newChat(), code)).toMatchObject({ ok: true, outcome: "linked" });
    });

    it("takes a chat over from a deactivated account", async () => {
      const holder = await linkedPeksos();
      await database.db.update(staff).set({ active: false }).where(eq(staff.id, holder.member.id));
      const member = await createStaff(database, { role: "peksos", unitId });
      const code = await issueCode(await loginAs(app, member.email, member.password));

      expect(await link(holder.chat, code)).toMatchObject({ ok: true, outcome: "linked" });
      expect((await staffRow(holder.member.id)).telegramChatId).toBeNull();
      expect((await staffRow(member.id)).telegramChatId).toBe(holder.chat);
      const [released] = await audits(holder.member.id, "staff.telegram_unlinked");
      expect(released?.data).toEqual({ reason: "chat_linked_by_other_staff", byStaffId: member.id });
    });

    it("checks no code from a chat after 5 wrong ones in 15 minutes, other chats unaffected", async () => {
      const member = await createStaff(database, { role: "peksos", unitId });
      const token = await loginAs(app, member.email, member.password);
      const guesser = newChat();
      for (let i = 0; i < 5; i++) expect((await link(guesser, `WRONG${i}AA`)).outcome).toBe("code_invalid");

      const code = await issueCode(token);
      expect(await link(guesser, code)).toEqual({
        ok: false,
        outcome: "too_many_attempts",
        reply: "Terlalu banyak kode salah dari chat ini. Tunggu 15 menit, lalu kirim kode baru dari konsol.",
      });
      expect((await staffRow(member.id)).telegramChatId).toBeNull();
      // The limit is the guessing chat's, not the code's.
      expect((await link(newChat(), code)).outcome).toBe("linked");

      now = new Date(now.getTime() + 15 * MINUTE + 1000);
      const fresh = await issueCode(token);
      expect((await link(guesser, fresh)).outcome).toBe("linked");
    });

    it("answers wrong input with 400, a missing channel token with 401, and a channel without staff chats with 400", async () => {
      const valid = { externalId: updateId(), address: newChat(), action: { type: "link", code: "K7QW3MZP" } };
      expect((await staffAction(valid, { token: null })).statusCode).toBe(401);
      expect((await staffAction(valid, { token: "wrong-token-wrong-token-wrong" })).statusCode).toBe(401);
      expect((await staffAction(valid, { channel: "web" })).statusCode).toBe(400);
      const badAction = await staffAction({ ...valid, action: { type: "acknowledge", ticketId: "MTR-7K3QX" } });
      expect(badAction.statusCode).toBe(400);
      expect(badAction.json()).toMatchObject({ error: "validation", fields: [{ in: "body", path: "action.ticketId" }] });
      expect((await staffAction({ ...valid, action: { type: "link", code: "" } })).statusCode).toBe(400);
      expect((await staffAction({ ...valid, action: { type: "delete_everything" } })).statusCode).toBe(400);
    });
  });

  describe("unlinking", () => {
    it("clears the chat and any unused code, is audited, and the chat can no longer act", async () => {
      const { member, token, chat } = await linkedPeksos();
      const unused = await issueCode(token);
      const response = await unlink("telegram", token);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ telegram: false, whatsapp: false, alertChannel: null, pendingCodeExpiresAt: null });

      const row = await staffRow(member.id);
      expect(row.telegramChatId).toBeNull();
      expect(row.alertChannel).toBeNull();
      expect(row.linkCodeHash).toBeNull();
      expect((await audits(member.id, "staff.telegram_unlinked"))[0]?.data).toEqual({ wasLinked: true, alertChannel: null });
      expect((await link(newChat(), unused)).outcome).toBe("code_invalid");

      const ticket = await insertTicket();
      expect(await acknowledge(chat, ticket.id)).toEqual({
        ok: false,
        outcome: "not_linked",
        reply: "Akun belum terhubung. Buat kode di konsol Lapor Aman, lalu kirim /hubungkan KODE ke bot ini.",
      });

      expect((await unlink("telegram", token)).statusCode).toBe(200);
      expect((await audits(member.id, "staff.telegram_unlinked")).map((a) => a.data)).toContainEqual({ wasLinked: false, alertChannel: null });
    });
  });

  describe("the alert's Terima button", () => {
    it("acknowledges the ticket for the linked peksos, once, however often the press is redelivered", async () => {
      const { member, chat } = await linkedPeksos();
      const ticket = await insertTicket();
      const press = `cb:${randomBytes(4).toString("hex")}`;
      const answer = await acknowledge(chat, ticket.id, press);
      expect(answer).toEqual({ ok: true, outcome: "acknowledged", reply: `✅ Tiket ${ticket.code} diterima. Anda yang menanganinya.` });

      const [row] = await database.db.select().from(tickets).where(eq(tickets.id, ticket.id));
      expect(row).toMatchObject({ status: "diterima", assigneeId: member.id, acknowledgedAt: now });
      const events = await database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
      expect(events.filter((e) => e.type === "acknowledged")).toEqual([
        expect.objectContaining({ actorStaffId: member.id, data: { via: "telegram" } }),
      ]);

      expect(await acknowledge(chat, ticket.id, press)).toEqual(answer);
      const after = await database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
      expect(after).toHaveLength(events.length);
    });

    it("tells a second peksos who took it first and when, in the unit's time", async () => {
      const first = await linkedPeksos();
      const second = await linkedPeksos();
      const ticket = await insertTicket();
      const takenAt = now;
      await acknowledge(first.chat, ticket.id);
      now = new Date(now.getTime() + 3 * MINUTE);

      const jakarta = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "Asia/Jakarta" }).format(takenAt);
      expect(await acknowledge(second.chat, ticket.id)).toEqual({
        ok: false,
        outcome: "already_acknowledged",
        reply: `Tiket ${ticket.code} sudah diterima oleh ${first.member.name} pukul ${jakarta} WIB.`,
      });
      const [row] = await database.db.select().from(tickets).where(eq(tickets.id, ticket.id));
      expect(row?.assigneeId).toBe(first.member.id);
    });

    it("says so when the ticket was already assigned to a colleague", async () => {
      const { chat } = await linkedPeksos();
      const ticket = await insertTicket(unitId, colleague.id);
      expect(await acknowledge(chat, ticket.id)).toEqual({
        ok: true,
        outcome: "acknowledged",
        reply: `✅ Tiket ${ticket.code} diterima. Tiket ini sudah ditugaskan ke petugas lain.`,
      });
    });

    it("answers another unit's ticket exactly like an unknown one", async () => {
      const { chat } = await linkedPeksos();
      const elsewhere = await insertTicket(otherUnitId);
      const notFound = { ok: false, outcome: "ticket_not_found", reply: "Tiket tidak ditemukan." };
      expect(await acknowledge(chat, elsewhere.id)).toEqual(notFound);
      expect(await acknowledge(chat, randomUUID())).toEqual(notFound);
      const [row] = await database.db.select().from(tickets).where(eq(tickets.id, elsewhere.id));
      expect(row).toMatchObject({ status: "baru", acknowledgedAt: null, assigneeId: null });
    });

    it("refuses a chat nobody linked, and staff who do not take tickets", async () => {
      const ticket = await insertTicket();
      expect((await acknowledge(newChat(), ticket.id)).outcome).toBe("not_linked");
      const admin = await linkedPeksos("admin");
      expect(await acknowledge(admin.chat, ticket.id)).toMatchObject({ ok: false, outcome: "role_not_allowed" });
      const supervisor = await linkedPeksos("supervisor");
      expect(await acknowledge(supervisor.chat, ticket.id)).toMatchObject({ ok: true, outcome: "acknowledged" });
    });

    it("refuses a deactivated staff member's chat", async () => {
      const { member, chat } = await linkedPeksos();
      await database.db.update(staff).set({ active: false }).where(eq(staff.id, member.id));
      const ticket = await insertTicket();
      expect((await acknowledge(chat, ticket.id)).outcome).toBe("not_linked");
    });
  });

  describe("WhatsApp, and where alerts go", () => {
    /** A staff member of the unit, signed in, with nothing linked. */
    async function member(role: "peksos" | "supervisor" = "peksos") {
      const created = await createStaff(database, { role, unitId });
      return { member: created, token: await loginAs(app, created.email, created.password) };
    }

    it("links a WhatsApp chat with the console's code, sends the alerts there, and answers in WhatsApp's words", async () => {
      const { member: sari, token } = await member();
      const code = await issueCode(token);
      const chat = newWhatsApp();
      expect(await linkWhatsApp(chat, code)).toEqual({
        ok: true,
        outcome: "linked",
        reply: `✅ WhatsApp ini sekarang terhubung dengan akun ${sari.name}. Peringatan tiket darurat dan tinggi saat Anda piket akan masuk ke chat ini.`,
      });
      expect(await staffRow(sari.id)).toMatchObject({
        whatsappAddress: chat,
        telegramChatId: null,
        alertChannel: "whatsapp",
        linkCodeHash: null,
        linkCodeExpiresAt: null,
      });
      expect(await linkStatus(token)).toEqual({ telegram: false, whatsapp: true, alertChannel: "whatsapp", pendingCodeExpiresAt: null });

      const [audit] = await audits(sari.id, "staff.whatsapp_linked");
      expect(audit).toMatchObject({
        actorStaffId: sari.id,
        data: { channel: "whatsapp", replacedChat: false, alertChannel: { from: null, to: "whatsapp" } },
      });
      expect(JSON.stringify(audit)).not.toContain(chat);
      expect(logs.text).not.toContain(chat);
      // One code, used up on whichever app it was sent from.
      expect((await link(newChat(), code)).outcome).toBe("code_invalid");
    });

    it("sends alerts to the chat linked last; the person can choose the other, audited when it changes", async () => {
      const { member: budi, token } = await member();
      expect((await link(newChat(), await issueCode(token))).outcome).toBe("linked");
      expect((await staffRow(budi.id)).alertChannel).toBe("telegram");
      expect((await linkWhatsApp(newWhatsApp(), await issueCode(token))).outcome).toBe("linked");
      expect(await linkStatus(token)).toEqual({ telegram: true, whatsapp: true, alertChannel: "whatsapp", pendingCodeExpiresAt: null });
      expect((await audits(budi.id, "staff.whatsapp_linked"))[0]?.data).toMatchObject({ alertChannel: { from: "telegram", to: "whatsapp" } });

      const chosen = await chooseAlerts("telegram", token);
      expect(chosen.statusCode).toBe(200);
      expect(chosen.json()).toEqual({ telegram: true, whatsapp: true, alertChannel: "telegram", pendingCodeExpiresAt: null });
      expect((await staffRow(budi.id)).alertChannel).toBe("telegram");
      // Choosing what is already chosen changes nothing and is not audited again.
      expect((await chooseAlerts("telegram", token)).statusCode).toBe(200);
      const changes = await audits(budi.id, "staff.alert_channel_changed");
      expect(changes.map((a) => [a.actorStaffId, a.data])).toEqual([[budi.id, { from: "whatsapp", to: "telegram" }]]);

      const web = await chooseAlerts("web", token);
      expect(web.statusCode).toBe(400);
      expect(web.json()).toMatchObject({ error: "validation", fields: [{ in: "body", path: "channel" }] });
    });

    it("answers 409 not_linked when alerts should go to a chat that is not linked", async () => {
      const { member: dewi, token } = await member();
      const refused = await chooseAlerts("whatsapp", token);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toEqual({
        error: "not_linked",
        message: "Chat di aplikasi itu belum terhubung. Kirim /hubungkan KODE dari aplikasi itu dulu, lalu pilih lagi.",
      });
      expect((await link(newChat(), await issueCode(token))).outcome).toBe("linked");
      expect((await chooseAlerts("whatsapp", token)).statusCode).toBe(409);
      expect((await staffRow(dewi.id)).alertChannel).toBe("telegram");
      expect(await audits(dewi.id, "staff.alert_channel_changed")).toEqual([]);
    });

    it("unlinks each chat: alerts move to the other linked chat, then nowhere", async () => {
      const { member: rina, token } = await member("supervisor");
      const telegram = newChat();
      const whatsapp = newWhatsApp();
      await link(telegram, await issueCode(token));
      await linkWhatsApp(whatsapp, await issueCode(token));

      const first = await unlink("whatsapp", token);
      expect(first.statusCode).toBe(200);
      expect(first.json()).toEqual({ telegram: true, whatsapp: false, alertChannel: "telegram", pendingCodeExpiresAt: null });
      expect(await staffRow(rina.id)).toMatchObject({ telegramChatId: telegram, whatsappAddress: null, alertChannel: "telegram" });
      expect((await audits(rina.id, "staff.whatsapp_unlinked"))[0]?.data).toEqual({ wasLinked: true, alertChannel: "telegram" });
      const ticket = await insertTicket();
      expect((await acknowledge(whatsapp, ticket.id, undefined, "whatsapp")).outcome).toBe("not_linked");

      // Alerts on Telegram stay there when the WhatsApp chat goes.
      await linkWhatsApp(whatsapp, await issueCode(token));
      expect((await chooseAlerts("telegram", token)).statusCode).toBe(200);
      expect((await unlink("whatsapp", token)).json()).toMatchObject({ whatsapp: false, alertChannel: "telegram" });

      expect((await unlink("telegram", token)).json()).toEqual({ telegram: false, whatsapp: false, alertChannel: null, pendingCodeExpiresAt: null });
      expect(await staffRow(rina.id)).toMatchObject({ telegramChatId: null, whatsappAddress: null, alertChannel: null });

      for (const url of ["/v1/staff/me/chat-link", "/v1/staff/me/chat-link?channel=web"]) {
        const response = await app.inject({ method: "DELETE", url, headers: { authorization: `Bearer ${token}` } });
        expect(response.statusCode, url).toBe(400);
        expect(response.json()).toMatchObject({ error: "validation", fields: [{ in: "querystring", path: "channel" }] });
      }
    });

    it("refuses a WhatsApp chat an active colleague has, and takes it over from a deactivated account, whose alerts move to its Telegram", async () => {
      const holder = await member();
      const holderWhatsApp = newWhatsApp();
      await link(newChat(), await issueCode(holder.token));
      await linkWhatsApp(holderWhatsApp, await issueCode(holder.token));
      const { member: newcomer, token } = await member();
      const code = await issueCode(token);

      expect(await linkWhatsApp(holderWhatsApp, code)).toEqual({
        ok: false,
        outcome: "chat_in_use",
        reply: "Nomor WhatsApp ini sudah terhubung dengan akun petugas lain. Putuskan dulu dari akun itu di konsol, lalu coba lagi.",
      });
      expect((await staffRow(newcomer.id)).whatsappAddress).toBeNull();

      // Switched off straight in the database (as before deactivation cleared chats): the chat is still on the row.
      await database.db.update(staff).set({ active: false }).where(eq(staff.id, holder.member.id));
      expect((await linkWhatsApp(holderWhatsApp, code)).outcome).toBe("linked");
      expect(await staffRow(holder.member.id)).toMatchObject({ whatsappAddress: null, alertChannel: "telegram" });
      expect(await staffRow(newcomer.id)).toMatchObject({ whatsappAddress: holderWhatsApp, alertChannel: "whatsapp" });
      const [released] = await audits(holder.member.id, "staff.whatsapp_unlinked");
      expect(released?.data).toEqual({ reason: "chat_linked_by_other_staff", byStaffId: newcomer.id });
    });

    it("acknowledges from WhatsApp by the WhatsApp address, via whatsapp; the same address on Telegram is nobody", async () => {
      const { member: sari, token } = await member();
      const chat = newWhatsApp();
      await linkWhatsApp(chat, await issueCode(token));
      const ticket = await insertTicket();
      expect(await acknowledge(chat, ticket.id, `wa:${randomBytes(6).toString("hex")}`, "whatsapp")).toEqual({
        ok: true,
        outcome: "acknowledged",
        reply: `✅ Tiket ${ticket.code} diterima. Anda yang menanganinya.`,
      });
      const events = await database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
      expect(events.filter((e) => e.type === "acknowledged")).toEqual([
        expect.objectContaining({ actorStaffId: sari.id, data: { via: "whatsapp" } }),
      ]);

      const another = await insertTicket();
      expect((await acknowledge(chat, another.id)).reply).toBe(
        "Akun belum terhubung. Buat kode di konsol Lapor Aman, lalu kirim /hubungkan KODE ke bot ini.",
      );
      expect((await acknowledge(newWhatsApp(), another.id, undefined, "whatsapp")).reply).toBe(
        "Akun belum terhubung. Buat kode di konsol Lapor Aman, lalu kirim /hubungkan KODE ke nomor ini.",
      );
    });
  });

  it("documents the staff routes with every answer they give, and the old Telegram-only path is gone", async () => {
    const doc = (await app.inject({ method: "GET", url: "/docs/json" })).json();
    const routes = [
      [doc.paths["/v1/staff/me/chat-link"].get, ["200", "401"]],
      [doc.paths["/v1/staff/me/chat-link"].post, ["201", "400", "401", "403"]],
      [doc.paths["/v1/staff/me/chat-link"].delete, ["200", "400", "401", "403"]],
      [doc.paths["/v1/staff/me/alert-channel"].put, ["200", "400", "401", "403", "409"]],
    ] as const;
    for (const [route, codes] of routes) {
      expect(route.tags).toEqual(["staff"]);
      expect(route.security).toEqual([{ staffToken: [] }, { staffCookie: [] }]);
      expect(Object.keys(route.responses).sort()).toEqual(codes);
    }
    expect(JSON.stringify(doc.paths["/v1/staff/me/alert-channel"].put.responses["409"])).toContain("not_linked");
    expect(doc.paths["/v1/staff/me/telegram-link"]).toBeUndefined();
    expect((await asStaff("GET", peksosToken)).statusCode).toBe(200);
    expect((await app.inject({ method: "GET", url: "/v1/staff/me/telegram-link", headers: { authorization: `Bearer ${peksosToken}` } })).statusCode).toBe(404);
  });
});
