import { request as httpRequest } from "node:http";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import type { OutboxItem } from "../../api/intake/schemas.ts";
import { createJobs, deliveryQueue, type Jobs } from "../../api/jobs/jobs.ts";
import { createLogger } from "../../api/logging.ts";
import { createOutbox, queueOutbound, type Outbox } from "../../api/outbox/outbox.ts";
import { reporters } from "../../db/schema/reporters.ts";
import { staff } from "../../db/schema/staff.ts";
import { ticketEvents, tickets } from "../../db/schema/tickets.ts";
import { outboundMessages } from "../../db/schema/transcript.ts";
import { units } from "../../db/schema/units.ts";
import { buildTestApp, TEST_CHANNEL_TOKEN } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

const logger = createLogger("silent");
const auth = { authorization: `Bearer ${TEST_CHANNEL_TOKEN}` };
const CHOICES = [[{ id: "1:ya", label: "Ya" }, { id: "1:tidak", label: "Tidak" }]];

describe(`outbound delivery through pg-boss on ${testDbKind}`, () => {
  let database: TestDatabase;
  let jobs: Jobs;
  let outbox: Outbox;
  let app: App;
  let reporterId: string;
  let ticketId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Retries 1-2 s and then 2-4 s apart instead of minutes.
    jobs = createJobs({ database, logger, delivery: { retryLimit: 2, retryDelaySeconds: 1, retryBackoff: true } });
    outbox = createOutbox({ database, jobs, logger, claimPollMs: 200 });
    await jobs.start();
    app = await buildTestApp(database, { outbox });
    const [reporter] = await database.db
      .insert(reporters)
      .values({ channel: "telegram", address: "555001" })
      .returning({ id: reporters.id });
    const [unit] = await database.db.insert(units).values({ name: "Uji", code: "UJI" }).returning({ id: units.id });
    const [ticket] = await database.db
      .insert(tickets)
      .values({
        unitId: unit!.id,
        code: "UJI-7K3QX",
        priority: "sedang",
        category: "perundungan_verbal",
        reporterId: reporter!.id,
        slaDueAt: new Date(Date.now() + 86_400_000),
      })
      .returning({ id: tickets.id });
    reporterId = reporter!.id;
    ticketId = ticket!.id;
  });
  afterAll(async () => {
    await app?.close();
    await jobs?.stop();
    await database?.destroy();
  });

  /** What the intake does: write the row in a transaction, dispatch after the commit. */
  async function queueMessage(text: string, options: { dispatch?: boolean; ticket?: boolean } = {}): Promise<string> {
    const id = await database.db.transaction((tx) =>
      queueOutbound(tx, {
        reporterId,
        ticketId: options.ticket === false ? null : ticketId,
        channel: "telegram",
        purpose: "reminder",
        text,
        choices: CHOICES,
      }),
    );
    if (options.dispatch !== false) await outbox.dispatch([id]);
    return id;
  }

  async function claim(body: { max?: number; waitMs?: number } = {}, on: App = app, channel = "telegram"): Promise<OutboxItem[]> {
    const res = await on.inject({ method: "POST", url: `/v1/channels/${channel}/outbox/claim`, headers: auth, payload: body });
    expect(res.statusCode).toBe(200);
    return (res.json() as { items: OutboxItem[] }).items;
  }

  async function report(id: string, body: object) {
    const res = await app.inject({ method: "POST", url: `/v1/channels/outbox/${id}/result`, headers: auth, payload: body });
    return { status: res.statusCode, body: res.json() as Record<string, unknown> };
  }

  async function row(id: string) {
    const [found] = await database.db.select().from(outboundMessages).where(eq(outboundMessages.id, id));
    return found!;
  }

  async function deliveryEvents(id: string) {
    const events = await database.db
      .select({ type: ticketEvents.type, actorKind: ticketEvents.actorKind, data: ticketEvents.data })
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketId, ticketId))
      .orderBy(ticketEvents.createdAt);
    return events.filter((e) => e.data.outboundId === id);
  }

  it("hands each queued message to exactly one of two concurrent claims, with the reporter's address", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await queueMessage(`pesan ${i}`));
    const [a, b] = await Promise.all([claim({ max: 4 }), claim({ max: 4 })]);
    const claimed = [...a!, ...b!];
    expect(claimed.map((item) => item.id).sort()).toEqual([...ids].sort());
    expect(claimed.find((item) => item.id === ids[0])).toEqual({
      id: ids[0],
      channel: "telegram",
      address: "555001",
      text: "pesan 0",
      choices: CHOICES,
    });
    expect(await claim()).toEqual([]);
    for (const id of ids) expect((await report(id, { ok: true })).status).toBe(200);
  });

  it("gives a staff member's message the chat of its own channel, read at claim time; none there → failed no_address", async () => {
    const [unit] = await database.db.select({ id: units.id }).from(units).where(eq(units.code, "UJI"));
    const [member] = await database.db
      .insert(staff)
      .values({
        unitId: unit!.id,
        email: "piket.outbox@example.org",
        name: "Piket Outbox",
        role: "peksos",
        passwordHash: "not-a-real-hash",
        telegramChatId: "4410001",
        whatsappAddress: "6281200001111@c.us",
        alertChannel: "whatsapp",
      })
      .returning({ id: staff.id });
    const staffId = member!.id;
    const toStaff = (channel: "telegram" | "whatsapp") =>
      database.db.transaction((tx) => queueOutbound(tx, { staffId, channel, purpose: "alert", text: `Peringatan ${channel}`, choices: [] }));
    const onWhatsApp = await toStaff("whatsapp");
    const onTelegram = await toStaff("telegram");
    await outbox.dispatch([onWhatsApp, onTelegram]);

    expect(await claim({}, app, "whatsapp")).toEqual([
      { id: onWhatsApp, channel: "whatsapp", address: "6281200001111@c.us", text: "Peringatan whatsapp", choices: [] },
    ]);
    expect((await claim()).map((item) => [item.id, item.address])).toEqual([[onTelegram, "4410001"]]);
    for (const id of [onWhatsApp, onTelegram]) expect((await report(id, { ok: true })).status).toBe(200);

    // Linked again from another phone before delivery: the new address. Unlinked: nowhere to send.
    const relinked = await toStaff("whatsapp");
    await database.db.update(staff).set({ whatsappAddress: "6281299998888@c.us" }).where(eq(staff.id, staffId));
    await outbox.dispatch([relinked]);
    expect((await claim({}, app, "whatsapp")).map((item) => item.address)).toEqual(["6281299998888@c.us"]);
    expect((await report(relinked, { ok: true })).status).toBe(200);

    const orphaned = await toStaff("whatsapp");
    await database.db.update(staff).set({ whatsappAddress: null, alertChannel: "telegram" }).where(eq(staff.id, staffId));
    await outbox.dispatch([orphaned]);
    expect(await claim({}, app, "whatsapp")).toEqual([]);
    expect(await row(orphaned)).toMatchObject({ status: "failed", lastError: "no_address" });
  });

  it("marks a delivered message sent, records it on the ticket without the text, and never offers it again", async () => {
    const id = await queueMessage("Kami masih di sini.");
    await outbox.dispatch([id]); // a second dispatch of the same message makes no second job
    const [item, ...rest] = await claim({ max: 10 });
    expect(item?.id).toBe(id);
    expect(rest).toEqual([]);

    expect(await report(id, { ok: true, externalId: "tg-4242" })).toEqual({ status: 200, body: { status: "sent" } });
    const sent = await row(id);
    expect(sent).toMatchObject({ status: "sent", externalId: "tg-4242", attempts: 1, lastError: null });
    expect(sent.sentAt).toBeInstanceOf(Date);
    expect(await deliveryEvents(id)).toEqual([
      { type: "delivery", actorKind: "system", data: { outboundId: id, status: "sent" } },
    ]);
    expect((await jobs.boss.getJobById(deliveryQueue("telegram"), id))?.state).toBe("completed");

    // A repeated report changes nothing.
    expect(await report(id, { ok: false, permanent: false, reason: "late" })).toEqual({ status: 200, body: { status: "sent" } });
    expect(await row(id)).toMatchObject({ status: "sent", attempts: 1 });
    await outbox.dispatch([id]);
    expect(await claim({ waitMs: 300 })).toEqual([]);
  });

  it("offers a message again after a transient failure, only once the backoff has passed", async () => {
    const id = await queueMessage("Halo lagi.");
    expect((await claim())[0]?.id).toBe(id);
    expect(await report(id, { ok: false, permanent: false, reason: "http_502" })).toEqual({
      status: 200,
      body: { status: "pending" },
    });
    expect(await row(id)).toMatchObject({ status: "pending", attempts: 1, lastError: "http_502" });
    const failedAt = Date.now();
    expect(await claim()).toEqual([]);

    const [again] = await claim({ waitMs: 10_000 });
    expect(again?.id).toBe(id);
    expect(Date.now() - failedAt).toBeGreaterThanOrEqual(900);
    expect(await report(id, { ok: true })).toEqual({ status: 200, body: { status: "sent" } });
    expect(await row(id)).toMatchObject({ status: "sent", attempts: 2 });
    expect((await deliveryEvents(id)).map((e) => e.data)).toEqual([
      { outboundId: id, status: "retrying", reason: "http_502" },
      { outboundId: id, status: "sent" },
    ]);
  });

  it("fails a message once its retries are used up", async () => {
    const id = await queueMessage("Coba terus.");
    const outcomes: unknown[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const [item] = await claim({ waitMs: 10_000 });
      expect(item?.id).toBe(id);
      outcomes.push((await report(id, { ok: false, permanent: false, reason: "timeout" })).body);
    }
    expect(outcomes).toEqual([{ status: "pending" }, { status: "pending" }, { status: "failed" }]);
    expect(await row(id)).toMatchObject({ status: "failed", attempts: 3, lastError: "timeout" });
    expect((await jobs.boss.getJobById(deliveryQueue("telegram"), id))?.state).toBe("failed");
    expect((await deliveryEvents(id)).map((e) => e.data.status)).toEqual(["retrying", "retrying", "failed"]);
    expect(await claim({ waitMs: 300 })).toEqual([]);
  });

  it("fails a message at once on a permanent failure and never retries it", async () => {
    const id = await queueMessage("Apakah kamu aman?");
    expect((await claim())[0]?.id).toBe(id);
    expect(await report(id, { ok: false, permanent: true, reason: "blocked" })).toEqual({
      status: 200,
      body: { status: "failed" },
    });
    expect(await row(id)).toMatchObject({ status: "failed", attempts: 1, lastError: "blocked" });
    expect((await jobs.boss.getJobById(deliveryQueue("telegram"), id))?.state).toBe("completed");
    expect((await deliveryEvents(id)).map((e) => e.data)).toEqual([{ outboundId: id, status: "failed", reason: "blocked" }]);
    expect(await claim({ waitMs: 2500 })).toEqual([]);
  });

  it("dispatches, from the sweep, a message whose dispatch was lost, and only once it is a minute old", async () => {
    const id = await queueMessage("Terputus sebelum dikirim.", { dispatch: false, ticket: false });
    expect(await claim()).toEqual([]);
    expect(await outbox.sweep(new Date())).toEqual({ dispatched: 0, failed: 0 });

    const later = new Date(Date.now() + 2 * 60_000);
    expect(await outbox.sweep(later)).toEqual({ dispatched: 1, failed: 0 });
    expect(await outbox.sweep(later)).toEqual({ dispatched: 0, failed: 0 });
    expect((await claim()).map((item) => item.id)).toEqual([id]);
    // Claimed and not yet reported: it has a job, so the sweep leaves it alone.
    expect(await outbox.sweep(later)).toEqual({ dispatched: 0, failed: 0 });
    expect((await report(id, { ok: true })).body).toEqual({ status: "sent" });
  });

  it("fails, from the sweep, a message whose job ran out of retries without any report", async () => {
    const id = await queueMessage("Diklaim lalu hilang.", { dispatch: false });
    const queue = deliveryQueue("telegram");
    // As if the last try had expired unreported: pg-boss marks such a job failed by itself.
    await jobs.boss.send(queue, {}, { id, retryLimit: 0 });
    expect((await jobs.boss.fetch(queue)).map((job) => job.id)).toEqual([id]);
    await jobs.boss.fail(queue, id);

    expect(await outbox.sweep(new Date(Date.now() + 2 * 60_000))).toEqual({ dispatched: 0, failed: 1 });
    expect(await row(id)).toMatchObject({ status: "failed", lastError: "expired" });
    expect((await deliveryEvents(id)).map((e) => e.data)).toEqual([
      { outboundId: id, status: "failed", reason: "retries_exhausted" },
    ]);
  });

  it("answers a long poll as soon as a message is dispatched, not at its next look", async () => {
    // Looks again only every minute: an early answer can only come from the dispatch waking it.
    const slow = createOutbox({ database, jobs, logger, claimPollMs: 60_000 });
    const slowApp = await buildTestApp(database, { outbox: slow });
    try {
      const started = Date.now();
      const waiting = claim({ waitMs: 20_000 }, slowApp);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const id = await database.db.transaction((tx) =>
        queueOutbound(tx, { reporterId, channel: "telegram", purpose: "staff_reply", text: "Balasan", choices: [] }),
      );
      await slow.dispatch([id]);
      const items = await waiting;
      expect(items.map((item) => item.id)).toEqual([id]);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect((await report(id, { ok: true })).status).toBe(200);
    } finally {
      await slowApp.close();
    }
  });

  it("ends a waiting long poll when the app closes, without holding up the close", async () => {
    const closing = await buildTestApp(database, { outbox });
    const started = Date.now();
    const waiting = closing.inject({
      method: "POST",
      url: "/v1/channels/whatsapp/outbox/claim",
      headers: auth,
      payload: { waitMs: 30_000 },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await closing.close();
    const res = await waiting;
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: [] });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("ends a long poll when the adapter hangs up", async () => {
    let waiting: true | undefined;
    let ended: number | undefined;
    const watched: Outbox = {
      ...outbox,
      claim: async (...args) => {
        waiting = true;
        const items = await outbox.claim(...args);
        ended = Date.now();
        return items;
      },
    };
    const listening = await buildTestApp(database, { outbox: watched });
    try {
      const url = await listening.listen({ port: 0, host: "127.0.0.1" });
      const body = JSON.stringify({ waitMs: 30_000 });
      const request = httpRequest(`${url}/v1/channels/web/outbox/claim`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      });
      request.on("error", () => {});
      request.end(body);
      await waitFor(() => waiting, 5_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const abortedAt = Date.now();
      request.destroy();
      const end = await waitFor(() => ended, 5_000);
      expect(end - abortedAt).toBeLessThan(2_000);
    } finally {
      await listening.close();
    }
  });

  it("refuses a missing or wrong channel token with 401, before looking at the body", async () => {
    for (const headers of [{}, { authorization: "Bearer wrong-token-wrong-token-wrong" }, { authorization: TEST_CHANNEL_TOKEN }]) {
      const claimRes = await app.inject({ method: "POST", url: "/v1/channels/telegram/outbox/claim", headers, payload: {} });
      expect(claimRes.statusCode).toBe(401);
      expect(claimRes.json()).toMatchObject({ error: "unauthorized" });
      const reportRes = await app.inject({
        method: "POST",
        url: "/v1/channels/outbox/not-a-uuid/result",
        headers,
        payload: { nonsense: true },
      });
      expect(reportRes.statusCode).toBe(401);
    }
  });

  it("answers a bad id, channel or body with 400 naming the field, and an unknown id with 404", async () => {
    const badId = await report("not-a-uuid", { ok: true });
    expect(badId.status).toBe(400);
    expect(badId.body).toMatchObject({ error: "validation", fields: [{ in: "params", path: "id" }] });

    const badBody = await report("0b9a3f0e-8a4e-4c1e-9a57-3d6f0f1f2a3b", { ok: false, reason: "x" });
    expect(badBody.status).toBe(400);
    expect((badBody.body.fields as { path: string }[]).map((f) => f.path)).toContain("permanent");

    const unknown = await report("0b9a3f0e-8a4e-4c1e-9a57-3d6f0f1f2a3b", { ok: true });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: "not_found" });

    const badChannel = await app.inject({ method: "POST", url: "/v1/channels/sms/outbox/claim", headers: auth, payload: {} });
    expect(badChannel.statusCode).toBe(400);
    expect(badChannel.json()).toMatchObject({ fields: [{ in: "params", path: "channel" }] });

    const tooMany = await app.inject({
      method: "POST",
      url: "/v1/channels/telegram/outbox/claim",
      headers: auth,
      payload: { max: 1000 },
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json()).toMatchObject({ fields: [{ in: "body", path: "max" }] });
  });

  it("answers 503 unavailable when this process runs no job queue", async () => {
    const withoutJobs = await buildTestApp(database);
    try {
      const claimRes = await withoutJobs.inject({ method: "POST", url: "/v1/channels/telegram/outbox/claim", headers: auth, payload: {} });
      expect(claimRes.statusCode).toBe(503);
      expect(claimRes.json()).toMatchObject({ error: "unavailable" });
      const reportRes = await withoutJobs.inject({
        method: "POST",
        url: "/v1/channels/outbox/0b9a3f0e-8a4e-4c1e-9a57-3d6f0f1f2a3b/result",
        headers: auth,
        payload: { ok: true },
      });
      expect(reportRes.statusCode).toBe(503);
    } finally {
      await withoutJobs.close();
    }
  });

  it("documents both routes in OpenAPI under the channels tag", async () => {
    const doc = (await app.inject({ method: "GET", url: "/docs/json" })).json() as {
      paths: Record<string, { post?: { tags?: string[] } }>;
    };
    expect(doc.paths["/v1/channels/{channel}/outbox/claim"]?.post?.tags).toEqual(["channels"]);
    expect(doc.paths["/v1/channels/outbox/{id}/result"]?.post?.tags).toEqual(["channels"]);
  });
});

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
