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
 * Linking a staff member's Telegram chat with a one-time code, and acknowledging a ticket from
 * that chat, through the routes the console and the channel adapter call.
 */

const MINUTE = 60_000;
/** 07:08 UTC is 14:08 in Asia/Jakarta, the seeded unit's time zone. */
const START = new Date("2030-05-06T07:08:00.000Z");
const CODE_PATTERN = new RegExp(`^[${LINK_CODE_ALPHABET}]{8}$`);

describe(`staff Telegram link and staff actions on ${testDbKind}`, () => {
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

  const asStaff = (method: "GET" | "POST" | "DELETE", token?: string) =>
    app.inject({ method, url: "/v1/staff/me/telegram-link", headers: token !== undefined ? { authorization: `Bearer ${token}` } : {} });

  async function issueCode(token: string): Promise<string> {
    const response = await asStaff("POST", token);
    expect(response.statusCode).toBe(201);
    return (response.json() as { code: string }).code;
  }

  /** A chat id nobody used yet, and an update id of its own, as the adapter makes them. */
  const newChat = () => String(100_000 + Math.floor(Math.random() * 1e9));
  const updateId = () => `m:${randomBytes(4).toString("hex")}`;

  const staffAction = (body: Record<string, unknown>, options: { token?: string | null; channel?: string } = {}) =>
    app.inject({
      method: "POST",
      url: `/v1/channels/${options.channel ?? "telegram"}/staff-actions`,
      payload: body,
      headers: options.token === null ? {} : { authorization: `Bearer ${options.token ?? TEST_CHANNEL_TOKEN}` },
    });

  async function link(address: string, code: string, externalId = updateId()) {
    const response = await staffAction({ externalId, address, action: { type: "link", code } });
    expect(response.statusCode).toBe(200);
    return response.json() as { ok: boolean; outcome: string; reply: string };
  }

  async function acknowledge(address: string, ticketId: string, externalId = `cb:${randomBytes(4).toString("hex")}`) {
    const response = await staffAction({ externalId, address, action: { type: "acknowledge", ticketId } });
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
      for (const method of ["GET", "POST", "DELETE"] as const) {
        const response = await asStaff(method);
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

      const [audit] = await audits(peksos.id, "staff.telegram_link_code_issued");
      expect(audit).toMatchObject({ unitId, actorStaffId: peksos.id, entityType: "staff" });
      expect(JSON.stringify(audit?.data)).not.toContain(body.code);
      expect(logs.text).not.toContain(body.code);

      expect((await asStaff("GET", peksosToken)).json()).toEqual({ linked: false, pendingCodeExpiresAt: body.expiresAt });
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
      expect((await asStaff("GET", token)).json()).toEqual({ linked: false, pendingCodeExpiresAt: null });
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
      expect(row.linkCodeHash).toBeNull();
      expect(row.linkCodeExpiresAt).toBeNull();
      expect((await asStaff("GET", peksosToken)).json()).toEqual({ linked: true, pendingCodeExpiresAt: null });

      const [audit] = await audits(peksos.id, "staff.telegram_linked");
      expect(audit).toMatchObject({ actorStaffId: peksos.id, data: { channel: "telegram", replacedChat: false } });
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
      expect((await staffAction(valid, { channel: "whatsapp" })).statusCode).toBe(400);
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
      const response = await asStaff("DELETE", token);
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe("");

      const row = await staffRow(member.id);
      expect(row.telegramChatId).toBeNull();
      expect(row.linkCodeHash).toBeNull();
      expect((await audits(member.id, "staff.telegram_unlinked"))[0]?.data).toEqual({ wasLinked: true });
      expect((await link(newChat(), unused)).outcome).toBe("code_invalid");

      const ticket = await insertTicket();
      expect(await acknowledge(chat, ticket.id)).toEqual({
        ok: false,
        outcome: "not_linked",
        reply: "Akun belum terhubung. Buat kode di konsol Lapor Aman, lalu kirim /hubungkan KODE ke bot ini.",
      });

      expect((await asStaff("DELETE", token)).statusCode).toBe(204);
      expect((await audits(member.id, "staff.telegram_unlinked")).map((a) => a.data)).toContainEqual({ wasLinked: false });
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
});
