import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboxItem } from "../../api/intake/schemas.ts";
import { auditEvents, outboundMessages, ticketEvents, tickets, transcriptMessages } from "../../db/schema/index.ts";
import { LogCapture, TEST_CHANNEL_TOKEN } from "../support/test-app.ts";
import { testDbKind } from "../support/test-db.ts";
import { call, childReport, createTicketsWorld, insertTicket, newChat, ticketByCode, type TicketsWorld } from "./tickets-support.ts";

const REPLY = "Terima kasih sudah bercerita. Ini bukan salahmu. Besok kami datang ke sekolahmu, ya.";
const CHANNEL_AUTH = { authorization: `Bearer ${TEST_CHANNEL_TOKEN}` };

describe(`answering the reporter on ${testDbKind}`, () => {
  let world: TicketsWorld;
  const logs = new LogCapture();

  beforeAll(async () => {
    world = await createTicketsWorld({ logs, delivery: true });
  });
  afterAll(async () => {
    await world.close();
  });

  const send = (ticketId: string, text: string, token = world.peksos.token) =>
    call(world.app, "POST", `/v1/tickets/${ticketId}/messages`, token, { text });

  /** What the Telegram adapter does: claim what is queued for its channel. */
  async function claim(waitMs = 5000): Promise<OutboxItem[]> {
    const res = await world.app.inject({
      method: "POST",
      url: "/v1/channels/telegram/outbox/claim",
      headers: CHANNEL_AUTH,
      payload: { max: 10, waitMs },
    });
    expect(res.statusCode).toBe(200);
    return res.json<{ items: OutboxItem[] }>().items;
  }

  async function reportResult(id: string, result: object) {
    const res = await world.app.inject({ method: "POST", url: `/v1/channels/outbox/${id}/result`, headers: CHANNEL_AUTH, payload: result });
    expect(res.statusCode).toBe(200);
  }

  async function outboundCount(ticketId: string) {
    return (await world.database.db.select().from(outboundMessages).where(eq(outboundMessages.ticketId, ticketId))).length;
  }

  it("queues the reply for the reporter's chat, keeps it in the transcript and on the timeline, and shows its delivery", async () => {
    const chat = newChat(world.app);
    const code = await childReport(chat);
    const ticket = await ticketByCode(world.database, code);
    expect(ticket.consentToContact).toBe(true);
    expect((await call(world.app, "POST", `/v1/tickets/${ticket.id}/acknowledge`, world.peksos.token, {})).status).toBe(200);

    const res = await send(ticket.id, `  ${REPLY}  `);
    expect(res.status, res.text).toBe(202);
    expect(res.body).toEqual({ outboundId: expect.any(String), status: "pending" });
    const outboundId = res.body.outboundId as string;

    const [outbound] = await world.database.db.select().from(outboundMessages).where(eq(outboundMessages.id, outboundId));
    expect(outbound).toMatchObject({
      reporterId: ticket.reporterId,
      staffId: null,
      ticketId: ticket.id,
      channel: "telegram",
      purpose: "staff_reply",
      // Exactly as written: no staff name, no signature.
      text: REPLY,
      choices: [],
      status: "pending",
    });
    expect(outbound!.text).not.toContain(world.peksos.name);

    const [transcript] = await world.database.db
      .select()
      .from(transcriptMessages)
      .where(and(eq(transcriptMessages.ticketId, ticket.id), eq(transcriptMessages.step, "staff_reply")));
    expect(transcript).toMatchObject({
      reporterId: ticket.reporterId,
      reportSeq: ticket.reportSeq,
      direction: "out",
      kind: "text",
      text: REPLY,
    });
    const [event] = await world.database.db
      .select()
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, ticket.id), eq(ticketEvents.type, "message_out")));
    expect(event).toMatchObject({ actorKind: "staff", actorStaffId: world.peksos.id, data: { outboundId, staffId: world.peksos.id } });
    const [audit] = await world.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, ticket.id), eq(auditEvents.action, "ticket.message_sent")));
    expect(audit).toMatchObject({ actorStaffId: world.peksos.id, data: { outboundId } });

    // The adapter gets it, addressed to the reporter's chat, and reports it delivered.
    const items = await claim();
    expect(items).toEqual([{ id: outboundId, channel: "telegram", address: chat.address, text: REPLY, choices: [] }]);
    await reportResult(outboundId, { ok: true, externalId: "tg-777" });

    const detail = await call(world.app, "GET", `/v1/tickets/${ticket.id}`, world.peksos.token);
    const timeline = detail.body.timeline as { type: string; data: Record<string, unknown>; actor: { kind: string } }[];
    expect(timeline.find((e) => e.type === "message_out")).toMatchObject({ actor: { kind: "staff" }, data: { outboundId } });
    expect(timeline.find((e) => e.type === "delivery")).toMatchObject({ actor: { kind: "system" }, data: { outboundId, status: "sent" } });
    expect(detail.body.transcript.at(-1)).toMatchObject({ direction: "out", kind: "text", step: "staff_reply", text: REPLY });

    // The reporter's answer joins the same ticket, after the reply.
    await chat.text("iya kak makasih");
    const after = await call(world.app, "GET", `/v1/tickets/${ticket.id}`, world.peksos.token);
    const types = (after.body.timeline as { type: string }[]).map((e) => e.type);
    expect(types.lastIndexOf("message_in")).toBeGreaterThan(types.indexOf("message_out"));
    expect(after.body.transcript.map((m: { text: string | null }) => m.text)).toContain("iya kak makasih");

    // The words stay out of the logs; the ids are there.
    expect(logs.text).toContain(outboundId);
    expect(logs.text).not.toContain("bukan salahmu");
  });

  it("puts a failed delivery on the timeline too", async () => {
    const code = await childReport(newChat(world.app));
    const ticket = await ticketByCode(world.database, code);
    const res = await send(ticket.id, "Apakah kamu aman sekarang?", world.supervisor.token);
    expect(res.status).toBe(202);
    const [item] = await claim();
    expect(item?.id).toBe(res.body.outboundId);
    await reportResult(item!.id, { ok: false, permanent: true, reason: "blocked" });
    const detail = await call(world.app, "GET", `/v1/tickets/${ticket.id}`, world.supervisor.token);
    expect(detail.body.timeline.filter((e: { type: string }) => e.type === "delivery").map((e: { data: unknown }) => e.data)).toEqual([
      { outboundId: item!.id, status: "failed", reason: "blocked" },
    ]);
  });

  it("refuses with 409 no_consent when the reporter did not agree to be contacted, and queues nothing", async () => {
    const code = await childReport(newChat(world.app), "tidak");
    const ticket = await ticketByCode(world.database, code);
    expect(ticket.consentToContact).toBe(false);
    const res = await send(ticket.id, REPLY);
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ error: "no_consent", message: expect.stringContaining("tidak setuju dihubungi") });
    expect(await outboundCount(ticket.id)).toBe(0);
    const english = await call(world.app, "POST", `/v1/tickets/${ticket.id}/messages`, world.peksos.token, { text: REPLY }, "en");
    expect(english.body.message).toContain("did not agree to be contacted");
  });

  it("refuses with 409 no_channel for a walk-in report and a purged one", async () => {
    const walkIn = await insertTicket(world.database, world.unit, { consentToContact: true });
    const res = await send(walkIn.id, REPLY);
    expect(res.status).toBe(409);
    expect(res.body.error).toBe("no_channel");

    const code = await childReport(newChat(world.app));
    const purged = await ticketByCode(world.database, code);
    await world.database.db.update(tickets).set({ purgedAt: new Date() }).where(eq(tickets.id, purged.id));
    const afterPurge = await send(purged.id, REPLY);
    expect(afterPurge.status).toBe(409);
    expect(afterPurge.body.error).toBe("no_channel");
    expect(await outboundCount(purged.id)).toBe(0);
  });

  it("refuses with 409 closed once the ticket is finished", async () => {
    const code = await childReport(newChat(world.app));
    const ticket = await ticketByCode(world.database, code);
    const closed = await call(world.app, "POST", `/v1/tickets/${ticket.id}/status`, world.peksos.token, {
      status: "ditutup",
      reason: "Laporan uji coba dari siswa.",
    });
    expect(closed.status).toBe(200);
    const res = await send(ticket.id, REPLY);
    expect(res.status).toBe(409);
    expect(res.body.error).toBe("closed");
    expect(await outboundCount(ticket.id)).toBe(0);
  });

  it("answers 400 naming text for an empty or too long message", async () => {
    const code = await childReport(newChat(world.app));
    const ticket = await ticketByCode(world.database, code);
    for (const text of ["", "    ", "x".repeat(4001)]) {
      const res = await send(ticket.id, text);
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ in: "body", path: "text" })]);
    }
    expect(await outboundCount(ticket.id)).toBe(0);
  });
});
