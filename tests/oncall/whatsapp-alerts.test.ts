import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import type { OutboxItem } from "../../api/intake/schemas.ts";
import type { Jobs } from "../../api/jobs/jobs.ts";
import type { Alerts } from "../../api/oncall/alerts-types.ts";
import { outboundMessages, shifts, staff, ticketEvents, tickets, units } from "../../db/schema/index.ts";
import { createStaff, loginAs, type CreatedStaff } from "../support/staff.ts";
import { TEST_CHANNEL_TOKEN } from "../support/test-app.ts";
import { testDbKind, type TestDatabase } from "../support/test-db.ts";
import { startAlertingApp } from "./alerting-app.ts";
import { addStaff, HOUR, MINUTE } from "./support.ts";

/*
 * Staff who take their alerts on WhatsApp, through the real API, job queue and outbox (the
 * adapter's side played through its routes with the channel token): linking with /hubungkan from
 * WhatsApp, the alert queued for the whatsapp channel and claimed with the WhatsApp address (read
 * at delivery), "Terima" from WhatsApp, escalation to a WhatsApp backup next to a Telegram
 * supervisor, and a deactivated account whose queued alerts find no address.
 */

const channelAuth = { authorization: `Bearer ${TEST_CHANNEL_TOKEN}` };
const newWhatsApp = () => `628${100_000_000 + Math.floor(Math.random() * 899_999_999)}@c.us`;

describe(`on-call alerts on WhatsApp (${testDbKind})`, () => {
  let database: TestDatabase;
  let jobs: Jobs;
  let alerts: Alerts;
  let app: App;
  let unitId: string;
  let primary: CreatedStaff & { token: string; whatsapp: string };
  let backup: CreatedStaff & { chatId: string | null };
  let supervisor: CreatedStaff & { chatId: string | null; token: string };
  let ticketCount = 0;

  beforeAll(async () => {
    ({ database, jobs, alerts, app } = await startAlertingApp({ retryLimit: 2 }));

    const [unit] = await database.db.select({ id: units.id }).from(units);
    unitId = unit!.id;
    const sari = await createStaff(database, { role: "peksos", unitId, name: "Sari Wulandari" });
    primary = { ...sari, token: await loginAs(app, sari.email, sari.password), whatsapp: newWhatsApp() };
    backup = await addStaff(database, { role: "peksos", unitId, name: "Budi Santoso", linked: "whatsapp" });
    const rina = await addStaff(database, { role: "supervisor", unitId, name: "Kabid Rina", linked: "telegram" });
    supervisor = { ...rina, token: await loginAs(app, rina.email, rina.password) };
    const day = { startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + 8 * HOUR) };
    await database.db.insert(shifts).values([
      { unitId, staffId: primary.id, tier: "primary", ...day },
      { unitId, staffId: backup.id, tier: "backup", ...day },
    ]);
  });

  afterAll(async () => {
    await app?.close();
    await jobs?.stop();
    await database?.destroy();
  });

  const asStaff = (method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH", url: string, token: string, payload?: object) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload !== undefined && { payload }) });

  async function fromWhatsApp(address: string, action: Record<string, unknown>) {
    const response = await app.inject({
      method: "POST",
      url: "/v1/channels/whatsapp/staff-actions",
      headers: channelAuth,
      payload: { externalId: `wa:${randomBytes(8).toString("hex")}`, address, action },
    });
    expect(response.statusCode).toBe(200);
    return response.json() as { ok: boolean; outcome: string; reply: string };
  }

  /** The console's code, sent from the phone's WhatsApp. */
  async function linkWhatsApp(token: string, address: string) {
    const issued = await asStaff("POST", "/v1/staff/me/chat-link", token);
    expect(issued.statusCode).toBe(201);
    return fromWhatsApp(address, { type: "link", code: (issued.json() as { code: string }).code });
  }

  /** What the WhatsApp (or Telegram) adapter's claim gets until the wanted messages are all in; each is reported sent. */
  async function claimed(channel: "whatsapp" | "telegram", ids: readonly string[]): Promise<Map<string, OutboxItem>> {
    const found = new Map<string, OutboxItem>();
    const deadline = Date.now() + 10_000;
    while (ids.some((id) => !found.has(id)) && Date.now() < deadline) {
      const response = await app.inject({ method: "POST", url: `/v1/channels/${channel}/outbox/claim`, headers: channelAuth, payload: { waitMs: 1_000 } });
      expect(response.statusCode).toBe(200);
      for (const item of (response.json() as { items: OutboxItem[] }).items) {
        found.set(item.id, item);
        const report = await app.inject({ method: "POST", url: `/v1/channels/outbox/${item.id}/result`, headers: channelAuth, payload: { ok: true } });
        expect(report.statusCode).toBe(200);
      }
    }
    return found;
  }

  async function darurat(createdAt = new Date()) {
    ticketCount += 1;
    const [row] = await database.db
      .insert(tickets)
      .values({
        unitId,
        code: `MTR-WA${String(ticketCount).padStart(3, "0")}`,
        priority: "darurat",
        category: "kekerasan_fisik",
        slaDueAt: new Date(createdAt.getTime() + 5 * MINUTE),
        createdAt,
        updatedAt: createdAt,
      })
      .returning({ id: tickets.id, code: tickets.code });
    return row!;
  }

  const outboundOf = (ticketId: string) =>
    database.db.select().from(outboundMessages).where(eq(outboundMessages.ticketId, ticketId)).orderBy(outboundMessages.createdAt);

  it("links the primary's WhatsApp, queues their alert for WhatsApp, and the WhatsApp claim gets it with their WhatsApp address", async () => {
    const linked = await linkWhatsApp(primary.token, primary.whatsapp);
    expect(linked).toMatchObject({ ok: true, outcome: "linked" });
    expect(linked.reply).toContain("WhatsApp ini sekarang terhubung dengan akun Sari Wulandari");
    expect((await asStaff("GET", "/v1/staff/me/chat-link", primary.token)).json()).toEqual({
      telegram: false,
      whatsapp: true,
      alertChannel: "whatsapp",
      pendingCodeExpiresAt: null,
    });
    const onCall = (await asStaff("GET", "/v1/oncall/now", primary.token)).json();
    expect(onCall).toMatchObject({
      primary: { staffId: primary.id, alertChannel: "whatsapp" },
      backup: { staffId: backup.id, alertChannel: "whatsapp" },
      supervisors: [{ staffId: supervisor.id, alertChannel: "telegram" }],
    });

    const ticket = await darurat();
    await alerts.ticketAlert(ticket.id, "created", new Date());
    const [row] = await outboundOf(ticket.id);
    expect(row).toMatchObject({ staffId: primary.id, channel: "whatsapp", purpose: "alert" });

    const items = await claimed("whatsapp", [row!.id]);
    const item = items.get(row!.id);
    expect(item).toMatchObject({ channel: "whatsapp", address: primary.whatsapp });
    expect(item?.text).toContain(ticket.code);
    // The same choices as on Telegram: the adapter prints them as a numbered list and a link.
    expect(item?.choices).toEqual([
      [{ id: `ack:${ticket.id}`, label: "✅ Terima" }],
      [{ id: `open:${ticket.id}`, label: "Buka tiket", url: `https://lapor.example/tickets/${ticket.id}` }],
    ]);
    const [sent] = await database.db.select().from(outboundMessages).where(eq(outboundMessages.id, row!.id));
    expect(sent?.status).toBe("sent");

    // "Terima" from WhatsApp takes the case.
    expect(await fromWhatsApp(primary.whatsapp, { type: "acknowledge", ticketId: ticket.id })).toEqual({
      ok: true,
      outcome: "acknowledged",
      reply: `✅ Tiket ${ticket.code} diterima. Anda yang menanganinya.`,
    });
    const [taken] = await database.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(taken).toMatchObject({ status: "diterima", assigneeId: primary.id });
    const events = await database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
    expect(events.filter((e) => e.type === "acknowledged")).toEqual([expect.objectContaining({ actorStaffId: primary.id, data: { via: "whatsapp" } })]);
  });

  it("climbs to the WhatsApp backup, then the Telegram supervisor, each on their own channel", async () => {
    const createdAt = new Date();
    const ticket = await darurat(createdAt);
    await alerts.ticketAlert(ticket.id, "created", createdAt);
    expect(await alerts.runEscalations(new Date(createdAt.getTime() + 6 * MINUTE))).toMatchObject({ escalated: 1 });
    expect(await alerts.runEscalations(new Date(createdAt.getTime() + 11 * MINUTE))).toMatchObject({ escalated: 1 });

    const rows = await outboundOf(ticket.id);
    expect(rows.map((r) => [r.staffId, r.channel, r.purpose])).toEqual([
      [primary.id, "whatsapp", "alert"],
      [backup.id, "whatsapp", "escalation"],
      [supervisor.id, "telegram", "escalation"],
    ]);
    const onWhatsApp = await claimed("whatsapp", [rows[0]!.id, rows[1]!.id]);
    expect(onWhatsApp.get(rows[0]!.id)?.address).toBe(primary.whatsapp);
    expect(onWhatsApp.get(rows[1]!.id)).toMatchObject({ channel: "whatsapp", address: backup.chatId });
    expect(onWhatsApp.get(rows[1]!.id)?.text).toContain("belum diterima petugas piket utama");
    const onTelegram = await claimed("telegram", [rows[2]!.id]);
    expect(onTelegram.get(rows[2]!.id)).toMatchObject({ channel: "telegram", address: supervisor.chatId });

    // The backup answers from WhatsApp.
    expect((await fromWhatsApp(backup.chatId!, { type: "acknowledge", ticketId: ticket.id })).outcome).toBe("acknowledged");
    const [row] = await database.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(row).toMatchObject({ assigneeId: backup.id, escalationLevel: 2 });
  });

  it("reads the address at delivery: a phone linked again gets the queued alert; a chosen channel applies to the next alert", async () => {
    const first = await darurat();
    await alerts.ticketAlert(first.id, "created", new Date());
    const [queued] = await outboundOf(first.id);
    expect(queued?.channel).toBe("whatsapp");

    const newPhone = newWhatsApp();
    expect((await linkWhatsApp(primary.token, newPhone)).outcome).toBe("linked");
    primary.whatsapp = newPhone;
    expect((await claimed("whatsapp", [queued!.id])).get(queued!.id)?.address).toBe(newPhone);
    await fromWhatsApp(newPhone, { type: "acknowledge", ticketId: first.id });

    // The supervisor, on Telegram, links WhatsApp too (alerts move there), picks Telegram, then WhatsApp again.
    const supervisorPhone = newWhatsApp();
    expect((await linkWhatsApp(supervisor.token, supervisorPhone)).outcome).toBe("linked");
    const chosen = await asStaff("PUT", "/v1/staff/me/alert-channel", supervisor.token, { channel: "telegram" });
    expect(chosen.json()).toMatchObject({ telegram: true, whatsapp: true, alertChannel: "telegram" });
    expect((await asStaff("PUT", "/v1/staff/me/alert-channel", supervisor.token, { channel: "whatsapp" })).statusCode).toBe(200);

    // The primary unlinks WhatsApp: nothing is linked, so the next alert goes to the supervisor, on WhatsApp.
    const unlinked = await asStaff("DELETE", "/v1/staff/me/chat-link?channel=whatsapp", primary.token);
    expect(unlinked.json()).toEqual({ telegram: false, whatsapp: false, alertChannel: null, pendingCodeExpiresAt: null });
    const second = await darurat();
    await alerts.ticketAlert(second.id, "created", new Date());
    const rows = await outboundOf(second.id);
    expect(rows.map((r) => [r.staffId, r.channel])).toEqual([[supervisor.id, "whatsapp"]]);
    expect((await claimed("whatsapp", [rows[0]!.id])).get(rows[0]!.id)?.address).toBe(supervisorPhone);
    await fromWhatsApp(supervisorPhone, { type: "acknowledge", ticketId: second.id });
  });

  it("deactivating the WhatsApp backup clears both chats, the alert channel and the code; their queued alert fails with no_address", async () => {
    const ticket = await darurat(new Date(Date.now() - 6 * MINUTE));
    await alerts.ticketAlert(ticket.id, "created", new Date());
    expect(await alerts.runEscalations(new Date())).toMatchObject({ escalated: 1 });
    const toBackup = (await outboundOf(ticket.id)).find((r) => r.staffId === backup.id);
    expect(toBackup?.channel).toBe("whatsapp");
    await database.db
      .update(staff)
      .set({ telegramChatId: `${Date.now()}`, linkCodeHash: randomBytes(32).toString("hex"), linkCodeExpiresAt: new Date(Date.now() + MINUTE) })
      .where(eq(staff.id, backup.id));

    const response = await asStaff("PATCH", `/v1/staff/${backup.id}`, supervisor.token, { active: false });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ active: false, alertChannel: null });
    const [row] = await database.db.select().from(staff).where(eq(staff.id, backup.id));
    expect(row).toMatchObject({ telegramChatId: null, whatsappAddress: null, alertChannel: null, linkCodeHash: null, linkCodeExpiresAt: null });

    // The claim finds no address for it: failed, never sent, and the job is done.
    const deadline = Date.now() + 10_000;
    let status = "pending";
    while (status === "pending" && Date.now() < deadline) {
      await app.inject({ method: "POST", url: "/v1/channels/whatsapp/outbox/claim", headers: channelAuth, payload: { waitMs: 500 } });
      const [message] = await database.db.select().from(outboundMessages).where(eq(outboundMessages.id, toBackup!.id));
      status = message!.status;
    }
    const [failed] = await database.db.select().from(outboundMessages).where(eq(outboundMessages.id, toBackup!.id));
    expect(failed).toMatchObject({ status: "failed", lastError: "no_address" });
    // Their WhatsApp chat no longer acts for them.
    expect((await fromWhatsApp(backup.chatId!, { type: "acknowledge", ticketId: ticket.id })).outcome).toBe("not_linked");
  });
});
