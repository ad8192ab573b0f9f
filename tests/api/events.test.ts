import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import { ReadyEventSchema, TicketsEventSchema, type TicketChange } from "../../api/events/event-schemas.ts";
import { tickets, units } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { ChatDriver } from "../intake/support.ts";
import { createStaff, loginAs } from "../support/staff.ts";
import { buildTestApp } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";
import { insertTicket } from "./tickets-support.ts";

/*
 * GET /v1/events on a listening app, read with fetch as a browser's EventSource would: the
 * changes of the caller's unit arrive, another unit's never do, viewing is no change, and the
 * stream ends with the session and with the app. Changes are made through a second app on the
 * same database, as another API instance would: only the database carries them over.
 * "Nothing arrived" is never waited for: a later change of the unit is the fence, and the first
 * event must name only that one.
 */

const FAST = { pollMs: 150, lagMs: 5_000, pingMs: 400, sessionCheckMs: 300, retryMs: 1_500 };
/** Well above one poll: a change must show within this on a busy CI machine. */
const WITHIN_MS = 8_000;

interface SseEvent {
  /** "message" when the block named none; "comment" for `: …` lines. */
  event: string;
  data: string;
}

/** Reads server-sent events off a fetch response, one at a time. */
class EventReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = "";
  private queue: SseEvent[] = [];
  ended = false;
  retry: number | undefined;

  constructor(readonly response: Response) {
    this.reader = response.body!.getReader();
  }

  /** The next event (comments included), or undefined when the stream ended. Throws after `timeoutMs`. */
  async next(timeoutMs = WITHIN_MS): Promise<SseEvent | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length === 0 && !this.ended) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("no event in time");
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), left)));
      const chunk = await Promise.race([this.reader.read().catch(() => ({ done: true as const, value: undefined })), timeout]);
      clearTimeout(timer);
      if (chunk === "timeout") throw new Error("no event in time");
      if (chunk.done) this.ended = true;
      else this.parse(this.decoder.decode(chunk.value, { stream: true }));
    }
    return this.queue.shift();
  }

  /** The next event with this name, skipping pings. */
  async nextNamed(name: string, timeoutMs = WITHIN_MS): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const event = await this.next(Math.max(1, deadline - Date.now()));
      if (event === undefined) throw new Error(`the stream ended before a "${name}" event`);
      if (event.event === "comment") continue;
      if (event.event !== name) throw new Error(`expected "${name}", got "${event.event}": ${event.data}`);
      return event;
    }
  }

  /** Changed tickets of the next `tickets` event. */
  async nextChanges(timeoutMs = WITHIN_MS): Promise<TicketChange[]> {
    return TicketsEventSchema.parse(JSON.parse((await this.nextNamed("tickets", timeoutMs)).data)).changed;
  }

  /** Reads until the stream ends; the events on the way. */
  async untilEnd(timeoutMs = WITHIN_MS): Promise<SseEvent[]> {
    const seen: SseEvent[] = [];
    for (;;) {
      const event = await this.next(timeoutMs);
      if (event === undefined) return seen;
      seen.push(event);
    }
  }

  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => {});
  }

  private parse(text: string): void {
    this.buffer += text;
    let end: number;
    while ((end = this.buffer.indexOf("\n\n")) !== -1) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) this.queue.push({ event: "comment", data: line.slice(1).trim() });
        else if (line.startsWith("event: ")) event = line.slice(7);
        else if (line.startsWith("data: ")) data.push(line.slice(6));
        else if (line.startsWith("retry: ")) this.retry = Number(line.slice(7));
      }
      if (data.length > 0) this.queue.push({ event, data: data.join("\n") });
    }
  }
}

describe(`live updates (server-sent events) on ${testDbKind}`, () => {
  let database: TestDatabase;
  /** The instance the consoles are connected to. */
  let app: App;
  /** Another API instance on the same database, where the changes are made. */
  let otherInstance: App;
  let baseUrl: string;
  let unit: { id: string; code: string };
  let otherUnit: { id: string; code: string };
  const tokens = { peksos: "", supervisor: "", otherPeksos: "" };
  const readers: EventReader[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
    const [seeded] = await database.db.select({ id: units.id, code: units.code }).from(units).limit(1);
    unit = seeded!;
    const [other] = await database.db.insert(units).values({ name: "Dinas Sosial Kabupaten Lain", code: "LIN" }).returning({ id: units.id, code: units.code });
    otherUnit = other!;
    app = await buildTestApp(database, { liveUpdates: FAST });
    otherInstance = await buildTestApp(database, { liveUpdates: FAST });
    baseUrl = await app.listen({ port: 0, host: "127.0.0.1" });
    const signIn = async (role: "supervisor" | "peksos", unitId: string) => {
      const member = await createStaff(database, { role, unitId });
      return loginAs(otherInstance, member.email, member.password);
    };
    tokens.peksos = await signIn("peksos", unit.id);
    tokens.supervisor = await signIn("supervisor", unit.id);
    tokens.otherPeksos = await signIn("peksos", otherUnit.id);
  });

  afterAll(async () => {
    for (const reader of readers) await reader.cancel();
    await app?.close();
    await otherInstance?.close();
    await database?.destroy();
  });

  async function open(headers: Record<string, string>, target = baseUrl): Promise<EventReader> {
    const response = await fetch(`${target}/v1/events`, { headers: { accept: "text/event-stream", ...headers } });
    const reader = new EventReader(response);
    readers.push(reader);
    return reader;
  }

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  /** Opens a stream and waits for `ready`: from then on, every change of the unit is reported. */
  async function subscribe(token: string): Promise<EventReader> {
    const reader = await open(bearer(token));
    expect(reader.response.status).toBe(200);
    ReadyEventSchema.parse(JSON.parse((await reader.nextNamed("ready")).data));
    return reader;
  }

  async function staffCall(method: "GET" | "POST", url: string, token: string, payload?: object) {
    const response = await otherInstance.inject({ method, url, headers: bearer(token), ...(payload !== undefined && { payload }) });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response;
  }

  /** A fence: a note on a fresh ticket of the unit; returns the ticket's id. */
  async function fence(): Promise<string> {
    const ticket = await insertTicket(database, unit);
    await staffCall("POST", `/v1/tickets/${ticket.id}/notes`, tokens.peksos, { text: "Pagar uji." });
    return ticket.id;
  }

  it("refuses a caller without a session (401) and a request that does not ask for a stream (406)", async () => {
    const anonymous = await fetch(`${baseUrl}/v1/events`, { headers: { accept: "text/event-stream" } });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: "unauthorized" });

    const plain = await fetch(`${baseUrl}/v1/events`, { headers: { ...bearer(tokens.peksos), "accept-language": "en" } });
    expect(plain.status).toBe(406);
    expect(await plain.json()).toEqual({
      error: "not_acceptable",
      message: "This address is a live update stream (server-sent events). Ask for it with the header Accept: text/event-stream, as a browser's EventSource does.",
    });
  });

  it("opens with the stream's headers, a retry time and `ready`, for the session cookie as for a bearer token", async () => {
    const login = await otherInstance.inject({ method: "POST", url: "/v1/auth/login", payload: { email: "admin@example.org", password: "a-long-test-password" } });
    const cookie = String(login.headers["set-cookie"]).split(";")[0]!;
    const reader = await open({ cookie });
    expect(reader.response.status).toBe(200);
    expect(reader.response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(reader.response.headers.get("cache-control")).toBe("no-store");
    expect(reader.response.headers.get("x-accel-buffering")).toBe("no");
    // Helmet's and the rate limit's headers survive the hijacked reply.
    expect(reader.response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(reader.response.headers.get("x-ratelimit-limit")).toBe("600");
    const ready = ReadyEventSchema.parse(JSON.parse((await reader.nextNamed("ready")).data));
    expect(Number.isNaN(Date.parse(ready.version))).toBe(false);
    expect(reader.retry).toBe(FAST.retryMs);
    // A quiet stream still gets the ping comment.
    expect(await reader.next()).toEqual({ event: "comment", data: "ping" });
    await reader.cancel();
  });

  it("names a new darurat ticket from the hotline, with its priority, within seconds", async () => {
    const reader = await subscribe(tokens.peksos);
    const chat = new ChatDriver(otherInstance, "7712344001");
    await chat.text("tolong");
    await chat.press("anak_teman");
    const danger = await chat.press("ya");
    const [ticket] = await database.db.select().from(tickets).where(eq(tickets.code, danger.ticketCode!));

    const changes = await reader.nextChanges();
    expect(changes).toContainEqual({ id: ticket!.id, code: ticket!.code, priority: "darurat", status: "baru", created: true });
    // Ids, codes, priorities and statuses only: nothing the child wrote or who they are.
    expect(Object.keys(changes[0]!).sort()).toEqual(["code", "created", "id", "priority", "status"]);
    await reader.cancel();
  });

  it("reports a status change, a note and a re-triage of the unit's ticket, but not a view of it", async () => {
    const reader = await subscribe(tokens.supervisor);
    const ticket = await insertTicket(database, unit);

    await staffCall("POST", `/v1/tickets/${ticket.id}/acknowledge`, tokens.peksos);
    expect(await reader.nextChanges()).toEqual([{ id: ticket.id, code: ticket.code, priority: "sedang", status: "diterima", created: false }]);

    // A note adds a timeline entry only; the ticket row is untouched.
    await staffCall("POST", `/v1/tickets/${ticket.id}/notes`, tokens.peksos, { text: "Sudah menelepon wali kelas." });
    expect((await reader.nextChanges()).map((c) => c.id)).toEqual([ticket.id]);

    await staffCall("POST", `/v1/tickets/${ticket.id}/triage/override`, tokens.supervisor, { priority: "tinggi", reason: "Ada luka memar." });
    expect(await reader.nextChanges()).toEqual([{ id: ticket.id, code: ticket.code, priority: "tinggi", status: "diterima", created: false }]);

    // Opening a ticket is recorded on its timeline, but must not make every console fetch it again.
    await staffCall("GET", `/v1/tickets/${ticket.id}`, tokens.supervisor);
    const fenceId = await fence();
    expect((await reader.nextChanges()).map((c) => c.id)).toEqual([fenceId]);
    await reader.cancel();
  });

  it("tells a unit nothing of another unit's tickets", async () => {
    const reader = await subscribe(tokens.peksos);
    const elsewhere = await subscribe(tokens.otherPeksos);
    const foreign = await insertTicket(database, otherUnit);
    await staffCall("POST", `/v1/tickets/${foreign.id}/acknowledge`, tokens.otherPeksos);
    expect((await elsewhere.nextChanges()).map((c) => c.id)).toEqual([foreign.id]);

    const fenceId = await fence();
    expect((await reader.nextChanges()).map((c) => c.id)).toEqual([fenceId]);
    await Promise.all([reader.cancel(), elsewhere.cancel()]);
  });

  it("ends the stream when its session ends, saying why; reconnecting is then refused", async () => {
    const member = await createStaff(database, { role: "peksos", unitId: unit.id });
    const token = await loginAs(otherInstance, member.email, member.password);
    const reader = await subscribe(token);
    await staffCall("POST", "/v1/auth/logout", token);
    const events = (await reader.untilEnd()).filter((e) => e.event !== "comment" && e.event !== "tickets");
    expect(events).toEqual([{ event: "closing", data: JSON.stringify({ reason: "session_ended" }) }]);
    expect((await open(bearer(token))).response.status).toBe(401);
  });

  it("ends every stream when the app closes, and closing does not wait for them", async () => {
    const closing = await buildTestApp(database, { liveUpdates: FAST });
    const url = await closing.listen({ port: 0, host: "127.0.0.1" });
    const first = await open(bearer(tokens.peksos), url);
    const second = await open(bearer(tokens.otherPeksos), url);
    await first.nextNamed("ready");
    await second.nextNamed("ready");

    const started = Date.now();
    await closing.close();
    expect(Date.now() - started).toBeLessThan(3_000);
    for (const reader of [first, second]) {
      const events = (await reader.untilEnd(2_000)).filter((e) => e.event !== "comment");
      expect(events).toEqual([{ event: "closing", data: JSON.stringify({ reason: "shutdown" }) }]);
    }
  });
});
