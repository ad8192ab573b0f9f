import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import { createI18n } from "../../api/i18n.ts";
import { createIntake, type Intake } from "../../api/intake/intake-service.ts";
import type { InboundContent, IntakeResponse } from "../../api/intake/schemas.ts";
import { createLogger } from "../../api/logging.ts";
import { SessionSchema, type Session } from "../../bot/conversation/session.ts";
import { CHANNELS } from "../../db/schema/enums.ts";
import { conversations, reporters, schools, tickets, units } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { buildTestApp, TEST_CHANNEL_TOKEN } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";
import { describeAction, HOSTILE_SEED, reporterSession, unstorable, type ReporterAction } from "./hostile-inputs.ts";

/*
 * The same kind of random chats, through the real API: POST /v1/intake/messages by app.inject,
 * the real intake and database, the timer job's own runTimers when the clock jumps. After every
 * message: never a 5xx; a body the API cannot take is a 400 naming the field, any other gets a
 * 200 with at least one reply; the stored session parses; a ticket exists only for a report that
 * was submitted (or opened early by a "ya" to danger), one per report. Then malformed bodies.
 */

const CHAT_RUNS = 150;
const MALFORMED_RUNS = 300;
const SCHOOL_CODE = "smpn3-hostile";

let database: TestDatabase;
let app: App;
let intake: Intake;
/** The intake's clock: it jumps forward (minutes to weeks) so reminders and auto-submits fire. */
let clockMs = Date.now();

beforeAll(async () => {
  database = await createTestDatabase();
  await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
  const [unit] = await database.db.select({ id: units.id }).from(units).limit(1);
  await database.db.insert(schools).values({ unitId: unit!.id, code: SCHOOL_CODE, name: `SMP <script>window.__pwned=1</script> '; DROP TABLE tickets; --` });
  const real = createIntake({ database, i18n: await createI18n("id"), logger: createLogger("silent") });
  // The real intake behind the real route; only its "now" comes from the test's clock.
  intake = { handle: (message) => real.handle(message, new Date(clockMs)), runTimers: (now, limit) => real.runTimers(now, limit) };
  app = await buildTestApp(database, { intake });
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});

let chatCount = 0;

interface Answer {
  status: number;
  json: unknown;
}

async function post(payload: unknown): Promise<Answer> {
  const response = await app.inject({
    method: "POST",
    url: "/v1/intake/messages",
    headers: { authorization: `Bearer ${TEST_CHANNEL_TOKEN}`, "content-type": "application/json" },
    payload: typeof payload === "string" ? payload : JSON.stringify(payload),
  });
  let json: unknown;
  try {
    json = response.json();
  } catch {
    json = response.body;
  }
  return { status: response.statusCode, json };
}

function fieldPaths(answer: Answer): string[] {
  const fields = (answer.json as { fields?: { path: string }[] }).fields ?? [];
  return fields.map((f) => f.path);
}

class Chat {
  readonly address = `hostile-${process.pid}-${++chatCount}`;
  private updates = 0;
  /** Button ids of every reply so far, oldest first, and those of the latest question. */
  shown: string[] = [];
  current: string[] = [];
  lastValid: { body: object; response: IntakeResponse } | undefined;

  body(content: InboundContent) {
    return { channel: "telegram", externalId: `${this.address}-${++this.updates}`, address: this.address, sentAt: new Date(clockMs).toISOString(), content };
  }

  contentOf(action: Exclude<ReporterAction, { kind: "wait" }>): InboundContent {
    switch (action.kind) {
      case "text":
      case "emergency":
        return { type: "text", text: action.text };
      case "start":
        return { type: "text", text: `/start ${action.school === "known" ? `s_${SCHOOL_CODE}` : action.payload}` };
      case "press": {
        const pool = action.from === "current" ? this.current : this.shown;
        return { type: "choice", choiceId: pool.length > 0 ? pool[action.pick % pool.length]! : "1:anak_diri" };
      }
      case "forged":
        return { type: "choice", choiceId: action.choiceId };
      case "media":
        return { type: "media", kind: action.media, fileId: `AgAC-${this.updates}`, ...(action.caption !== undefined && { caption: action.caption }) };
    }
  }

  /** The conversation row's state as stored; undefined before the first message the API took. */
  async storedState(): Promise<unknown> {
    const [row] = await database.db
      .select({ state: conversations.state })
      .from(conversations)
      .innerJoin(reporters, eq(reporters.id, conversations.reporterId))
      .where(eq(reporters.address, this.address));
    return row?.state;
  }

  async tickets() {
    return database.db
      .select({ reportSeq: tickets.reportSeq })
      .from(tickets)
      .innerJoin(reporters, eq(reporters.id, tickets.reporterId))
      .where(eq(reporters.address, this.address));
  }
}

/** What the API must say to a content it cannot take, as the field the 400 must name; undefined when it is fine. */
function refusedField(content: InboundContent): string | undefined {
  if (content.type === "text" && unstorable(content.text)) return "content.text";
  if (content.type === "media" && content.caption !== undefined && unstorable(content.caption)) return "content.caption";
  if (content.type === "choice" && (content.choiceId.length === 0 || content.choiceId.length > 64 || unstorable(content.choiceId))) return "content.choiceId";
  return undefined;
}

/** The step the report is at, the asides ("language", "restart") looked through. */
function reportStep(session: Session): string {
  return session.step === "language" || session.step === "restart" ? (session.back ?? "idle") : session.step;
}

async function checkStored(chat: Chat, label: string) {
  const state = await chat.storedState();
  // A row that did not parse would make the reporter's next message start the report over.
  const parsed = state === undefined ? undefined : SessionSchema.safeParse(state);
  expect(parsed?.success ?? true, `${label}: the stored session parses: ${parsed?.error?.message ?? ""}`).toBe(true);
  const session = parsed?.data;
  const rows = await chat.tickets();
  const seqs = rows.map((t) => t.reportSeq);
  expect(new Set(seqs).size, `${label}: one ticket per report`).toBe(seqs.length);
  if (!session) return expect(rows, `${label}: no session, no ticket`).toEqual([]);
  const current = rows.filter((t) => t.reportSeq === session.reportSeq);
  expect(current.length, `${label}: the report has a ticket exactly when the session says so`).toBe(session.hasTicket ? 1 : 0);
  expect(seqs.every((seq) => seq !== null && seq <= session.reportSeq), `${label}: tickets only of reports begun`).toBe(true);
  // Before it is sent, only a child in danger has a ticket already (the peksos is alerted at once).
  if (current.length > 0 && reportStep(session) !== "done") expect(session.draft.danger, `${label}: an unsent report's ticket`).toBe("ya");
}

async function runChat(actions: ReporterAction[]) {
  const chat = new Chat();
  for (const [index, action] of actions.entries()) {
    const label = `action ${index + 1} (${describeAction(action)})`;
    if (action.kind === "wait") {
      clockMs += action.ms;
      // The timer job's work, as it runs every minute: every conversation whose timer is due.
      while ((await intake.runTimers(new Date(clockMs), 100)) > 0);
      await checkStored(chat, label);
      continue;
    }
    clockMs += 20_000;
    const content = chat.contentOf(action);
    const body = chat.body(content);
    const answer = await post(body);
    expect(answer.status, `${label}: never a 5xx`).toBeLessThan(500);
    const refused = refusedField(content);
    if (refused !== undefined) {
      expect(answer.status, `${label}: refused`).toBe(400);
      expect(fieldPaths(answer), `${label}: the 400 names ${refused}`).toContain(refused);
    } else {
      expect(answer.status, `${label}: answered ${JSON.stringify(answer.json).slice(0, 300)}`).toBe(200);
      const response = answer.json as IntakeResponse;
      expect(response.replies.length, `${label}: at least one reply`).toBeGreaterThan(0);
      for (const reply of response.replies) expect(reply.text.trim(), `${label}: a reply in words`).not.toBe("");
      if (action.kind === "emergency" || (action.kind === "media" && action.emergency)) {
        const all = response.replies.map((r) => r.text).join("\n");
        expect(all, `${label}: the emergency numbers`).toContain("112");
        expect(all, `${label}: SAPA 129's WhatsApp`).toContain("08111-129-129");
      }
      const buttons = response.replies.flatMap((r) => r.choices.flat().map((c) => c.id));
      chat.shown.push(...buttons);
      if (buttons.length > 0) chat.current = buttons;
      chat.lastValid = { body, response };
    }
    await checkStored(chat, label);
  }
  // The channel delivering the last update again: the same answer, marked as a duplicate, and nothing changes.
  if (chat.lastValid) {
    const ticketsBefore = await chat.tickets();
    const again = await post(chat.lastValid.body);
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ ...chat.lastValid.response, duplicate: true });
    expect(await chat.tickets()).toEqual(ticketsBefore);
  }
}

// ---------------------------------------------------------------------------------------------
// Malformed bodies: what a broken or hostile client could post.

/** A valid body, and the ways to break it, each with the field the 400 must name (null: any field, or none). */
const VALID = {
  channel: "telegram",
  externalId: "malformed-1",
  address: "malformed-chat",
  sentAt: "2025-05-05T01:00:00.000Z",
  languageHint: "id",
  content: { type: "text", text: "halo" },
};

const wrongValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant([]),
  fc.constant({}),
  fc.constant(""),
  fc.string({ maxLength: 10 }),
);

const FIELDS = ["channel", "externalId", "address", "sentAt", "languageHint", "content", "content.type", "content.text"] as const;

/** A "wrong" value that happens to be a right one: any string is a text, a known word is a channel. */
function stillValid(path: (typeof FIELDS)[number], value: unknown): boolean {
  if (typeof value !== "string") return false;
  switch (path) {
    case "externalId":
    case "address":
      return value.length > 0;
    case "content.text":
    case "languageHint":
      return true;
    case "channel":
      return (CHANNELS as readonly string[]).includes(value);
    case "content.type":
      return value === "text";
    default:
      return false;
  }
}

/** A copy of `body` with the value at a dotted path replaced, or removed when `value` is undefined. */
function setPath(body: object, path: string, value: unknown): object {
  const copy = structuredClone(body) as Record<string, unknown>;
  const keys = path.split(".");
  const last = keys.pop()!;
  let target = copy;
  for (const key of keys) target = target[key] as Record<string, unknown>;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

const malformed: fc.Arbitrary<{ payload: unknown; field: string | null }> = fc.oneof(
  // A field missing (languageHint is optional: leaving it out is fine, so it is not among these).
  fc.constantFrom("channel", "externalId", "address", "sentAt", "content", "content.type", "content.text").map((path) => ({
    payload: setPath(VALID, path, undefined),
    field: path,
  })),
  // A field of the wrong type or value.
  fc
    .tuple(fc.constantFrom(...FIELDS), wrongValue)
    .filter(([path, value]) => !stillValid(path, value))
    .map(([path, value]) => ({ payload: setPath(VALID, path, value), field: path })),
  // Too long.
  fc.constantFrom(
    { path: "externalId", value: "x".repeat(201) },
    { path: "address", value: "7".repeat(101) },
    { path: "languageHint", value: "en".repeat(20) },
    { path: "content.text", value: "a".repeat(65_537) },
  ).map(({ path, value }) => ({ payload: setPath(VALID, path, value), field: path })),
  // Values outside what the API knows.
  fc.constantFrom(
    { path: "channel", value: "sms", field: "channel" },
    { path: "sentAt", value: "kemarin sore", field: "sentAt" },
    { path: "sentAt", value: "2025-13-45T99:00:00Z", field: "sentAt" },
    { path: "content", value: { type: "choice", choiceId: "" }, field: "content.choiceId" },
    { path: "content", value: { type: "choice", choiceId: "x".repeat(65) }, field: "content.choiceId" },
    { path: "content", value: { type: "media", kind: "hologram" }, field: "content.kind" },
    { path: "content", value: { type: "media", kind: "photo", fileSize: -1 }, field: "content.fileSize" },
    { path: "content", value: { type: "media", kind: "photo", width: 1.5 }, field: "content.width" },
    { path: "content", value: { type: "voice", text: "halo" }, field: "content.type" },
    { path: "externalId", value: "a\u0000b", field: "externalId" },
    { path: "address", value: "\uD83D", field: "address" },
  ).map(({ path, value, field }) => ({ payload: setPath(VALID, path, value), field })),
  // Anything at all: random JSON, and text that is not JSON.
  fc.jsonValue().map((payload) => ({ payload: JSON.stringify(payload), field: null })),
  fc.constantFrom("", "{", "}", "[", "nul", "{\"channel\":", "\u0000", "{'a':1}", "<xml/>", "[]", "null", "\"\"").map((payload) => ({ payload, field: null })),
);

describe(`the intake under hostile input on ${testDbKind}`, () => {
  it(`answers ${CHAT_RUNS} random chats without a 5xx, keeping sessions and tickets sound (seed ${HOSTILE_SEED})`, { timeout: 170_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(reporterSession({ maxLength: 16 }), (actions) => runChat(actions)),
      { numRuns: CHAT_RUNS, seed: HOSTILE_SEED },
    );
  });

  it(`refuses ${MALFORMED_RUNS} malformed bodies with a 400 naming the field, never a 5xx (seed ${HOSTILE_SEED})`, { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(malformed, async ({ payload, field }) => {
        const answer = await post(payload);
        expect(answer.status, `answered ${JSON.stringify(answer.json).slice(0, 300)}`).toBe(400);
        // The field itself, or a field inside it ("content": {} is missing its "content.type").
        if (field !== null) expect(fieldPaths(answer).some((path) => path === field || path.startsWith(`${field}.`)), `the 400 names ${field}: ${fieldPaths(answer).join(", ")}`).toBe(true);
      }),
      { numRuns: MALFORMED_RUNS, seed: HOSTILE_SEED },
    );
    // Nothing refused was stored: no reporter appeared for the malformed chat.
    expect(await database.db.select().from(reporters).where(eq(reporters.address, VALID.address))).toEqual([]);
  });
});
