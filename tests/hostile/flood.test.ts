import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import { createI18n } from "../../api/i18n.ts";
import { toOutgoing } from "../../bot/channels/telegram/render.ts";
import { SessionSchema } from "../../bot/conversation/session.ts";
import { createInjectClient } from "../../bot/client.ts";
import { conversations, inboundMessages, reporters, tickets } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { createTestAdapter, externalIdOf, FAST_TIMING, type RunningAdapter } from "../channels/telegram/adapter-harness.ts";
import { observeClient, type ObservedClient } from "../channels/shared/observed-client.ts";
import { buildTestApp, TEST_CHANNEL_TOKEN } from "../support/test-app.ts";
import { startTelegramEmulator, type BotMessage, type EmulatedUser, type SentUpdate, type TelegramEmulator } from "../support/telegram-emulator.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

/*
 * A chat flooding the bot, and buttons nobody was shown, through the real grammY bot and the
 * Bot API emulator to the real API and database. The flood is limited per chat in the adapter,
 * before the API: the flooder's surplus never reaches it, the flooder is told once, and a
 * child reporting at the same time is answered at every step as if nothing were happening.
 */

const FLOOD = 200;
const { burst, refillMs } = FAST_TIMING.rateLimit;
const STORY = "kakak kelas mengejek aku tiap istirahat di kantin, aku jadi takut ke sekolah";
/** What a reporter picks when a question offers it, in order of preference. */
const PREFERRED = ["anak_diri", "tidak", "diejek", "sudah", "lewati", "masih_terjadi", "anonim", "kirim"];
const DONE_OR_SKIP = ["sudah", "lewati"];

const i18n = await createI18n("id");
const RATE_NOTICE = i18n.getFixedT("id", "whatsapp")("rate_limited");
const OLD_BUTTON = i18n.getFixedT("id", "conversation")("input.old_button");

let database: TestDatabase;
let app: App;
let emulator: TelegramEmulator;
let client: ObservedClient;
let running: RunningAdapter;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
  app = await buildTestApp(database);
  emulator = await startTelegramEmulator();
  client = observeClient(createInjectClient(app, TEST_CHANNEL_TOKEN));
  running = await createTestAdapter(emulator, client);
  await running.adapter.start();
});
afterAll(async () => {
  await running.stop();
  await emulator.stop();
  await app.close();
  await database.destroy();
});

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The bot's whole answer to one update: exactly the messages the API's replies render to. */
async function turn(user: EmulatedUser, sent: SentUpdate): Promise<BotMessage[]> {
  const response = await client.responseTo(externalIdOf(sent), 1, 60_000);
  const expected = response.replies.reduce((n, reply) => n + toOutgoing(reply, "-").length, 0);
  return user.nextMessages(expected, 60_000);
}

const valueOf = (data: string) => data.slice(data.indexOf(":") + 1);

/**
 * Answers whatever is asked, reading the buttons, until `stopAt` is offered (returns with it on
 * screen) or a ticket exists. Questions with only "done"/"skip" are answered in words first.
 */
async function report(user: EmulatedUser, stopAt?: string): Promise<{ updates: SentUpdate[]; lastTurn: BotMessage[]; ticketCode: string | null }> {
  const updates: SentUpdate[] = [await user.sendText("halo")];
  let lastTurn = await turn(user, updates[0]!);
  const answeredInWords = new Set<string>();
  for (let i = 0; i < 25; i++) {
    const ticketCode = client.responses.get(externalIdOf(updates.at(-1)!))?.[0]?.ticketCode ?? null;
    const buttons = lastTurn.at(-1)?.buttons.flat() ?? [];
    if (ticketCode || buttons.some((b) => valueOf(b.data) === stopAt)) return { updates, lastTurn, ticketCode };
    const question = buttons[0]?.data.split(":")[0] ?? `words-${i}`;
    let sent: SentUpdate;
    if (buttons.every((b) => DONE_OR_SKIP.includes(valueOf(b.data))) && !answeredInWords.has(question)) {
      sent = await user.sendText(answeredInWords.size === 0 ? STORY : "kelas 7");
      answeredInWords.add(question);
    } else {
      const preferred = PREFERRED.map((value) => buttons.find((b) => valueOf(b.data) === value)).find((b) => b !== undefined);
      if (!preferred) throw new Error(`no preferred answer among ${JSON.stringify(buttons.map((b) => b.data))}`);
      sent = await user.press({ data: preferred.data });
    }
    updates.push(sent);
    lastTurn = await turn(user, sent);
  }
  throw new Error("no ticket after 25 turns");
}

async function inboundCount(chatId: number): Promise<number> {
  const [row] = await database.db
    .select({ n: count() })
    .from(inboundMessages)
    .innerJoin(reporters, eq(reporters.id, inboundMessages.reporterId))
    .where(and(eq(reporters.channel, "telegram"), eq(reporters.address, String(chatId))));
  return row?.n ?? 0;
}

async function sessionOf(chatId: number) {
  const [row] = await database.db
    .select({ state: conversations.state })
    .from(conversations)
    .innerJoin(reporters, eq(reporters.id, conversations.reporterId))
    .where(and(eq(reporters.channel, "telegram"), eq(reporters.address, String(chatId))));
  return SessionSchema.parse(row?.state);
}

async function ticketsOf(chatId: number) {
  return database.db
    .select({ code: tickets.code })
    .from(tickets)
    .innerJoin(reporters, eq(reporters.id, tickets.reporterId))
    .where(and(eq(reporters.channel, "telegram"), eq(reporters.address, String(chatId))));
}

describe(`a flooding chat and forged buttons, through the real bot on ${testDbKind}`, () => {
  it(`lets ${burst} + refills of ${FLOOD} flooded messages and presses reach the API, tells the flooder once, and a child reporting meanwhile is answered throughout`, { timeout: 150_000 }, async () => {
    const flooder = emulator.user({ languageCode: "id" });
    const child = emulator.user({ languageCode: "id" });
    const droppedBefore = running.logs.lines.filter((line) => line.includes("chat over the rate limit")).length;
    const started = Date.now();

    // Texts, and every fourth a button press: presses count against the limit too.
    const flooded: SentUpdate[] = [];
    const flood = (async () => {
      for (let i = 0; i < FLOOD; i++) flooded.push(i % 4 === 3 ? await flooder.pressRaw("1:anak_diri") : await flooder.sendText(`spam spam spam ${i}`));
    })();
    const childReport = report(child);
    await flood;
    // Every flooded message was either handed to the API and answered, or dropped by the limit.
    const floodedIds = new Set(flooded.map(externalIdOf));
    const forwarded = () => [...client.responses.keys()].filter((id) => floodedIds.has(id)).length;
    const dropped = () => running.logs.lines.filter((line) => line.includes("chat over the rate limit")).length - droppedBefore;
    await waitFor(() => forwarded() + dropped() === FLOOD, `all ${FLOOD} flooded messages to be handled`, 120_000);
    const elapsed = Date.now() - started;
    const { updates, ticketCode } = await childReport;

    // At most the burst and what refilled while the flood lasted reached the API.
    const reached = await inboundCount(flooder.chatId);
    expect(reached).toBe(forwarded());
    expect(reached).toBeGreaterThanOrEqual(burst);
    expect(reached).toBeLessThanOrEqual(burst + Math.ceil(elapsed / refillMs));
    expect(dropped()).toBe(FLOOD - reached);
    // Every press was answered (the app's spinner stops), the dropped ones too.
    const presses = new Set(flooded.flatMap((sent) => (sent.kind === "callback_query" ? [sent.callbackQueryId] : [])));
    const answered = () => new Set(emulator.callsTo("answerCallbackQuery").map((c) => String(c.payload.callback_query_id)).filter((id) => presses.has(id))).size;
    await waitFor(() => answered() === presses.size, `all ${presses.size} flooded presses answered`);
    // Told once (the notice waits a minute before it may come again), in the chat's language.
    const notices = flooder.history().filter((m) => m.text === RATE_NOTICE);
    expect(notices).toHaveLength(1);

    // The child: every message answered, the report stored as a ticket, never told to slow down.
    expect(ticketCode).toMatch(/^[A-Z]{3}-[A-Z0-9]{5}$/);
    for (const sent of updates) expect(client.responses.get(externalIdOf(sent)), `update ${sent.updateId} answered`).toHaveLength(1);
    expect(await inboundCount(child.chatId)).toBe(updates.length);
    expect((await ticketsOf(child.chatId)).map((t) => t.code)).toEqual([ticketCode]);
    expect(child.history().some((m) => m.text === RATE_NOTICE)).toBe(false);
  });

  it("answers a button of another chat, a stale one and a well-formed one never sent with the question again, changing nothing", { timeout: 120_000 }, async () => {
    // Another chat, at its summary: its "kirim" would submit its report.
    const other = emulator.user({ languageCode: "id" });
    const othersReport = await report(other, "kirim");
    const kirim = othersReport.lastTurn.at(-1)!.buttons.flat().find((b) => valueOf(b.data) === "kirim")!;
    const otherBefore = await sessionOf(other.chatId);
    expect(otherBefore.step).toBe("summary");

    const user = emulator.user({ languageCode: "id" });
    const first = await turn(user, await user.sendText("halo"));
    const role = first.at(-1)!.buttons.flat().find((b) => valueOf(b.data) === "anak_diri")!;
    const danger = await turn(user, await user.press({ data: role.data }));
    const dangerQuestion = danger.at(-1)!;
    const before = await sessionOf(user.chatId);
    expect(before.step).toBe("danger");

    // "ya" here would open a darurat ticket at once: a forged "ya" must not.
    const forged = [kirim.data, role.data, `${before.menu + 7}:ya`, `${before.menu - 1}:ya`];
    for (const data of forged) {
      const sent = await user.pressRaw(data);
      const answer = await turn(user, sent);
      expect(answer.map((m) => m.text), data).toEqual([OLD_BUTTON, dangerQuestion.text]);
      expect(answer.at(-1)!.buttons, data).toEqual(dangerQuestion.buttons);
      const after = await sessionOf(user.chatId);
      expect({ step: after.step, draft: after.draft, hasTicket: after.hasTicket, menu: after.menu }, data).toEqual({
        step: before.step,
        draft: before.draft,
        hasTicket: false,
        menu: before.menu,
      });
    }
    expect(await ticketsOf(user.chatId)).toEqual([]);
    // The other chat's report is where it was, and its own button still works for it.
    const otherAfter = await sessionOf(other.chatId);
    expect({ step: otherAfter.step, draft: otherAfter.draft, hasTicket: otherAfter.hasTicket }).toEqual({
      step: otherBefore.step,
      draft: otherBefore.draft,
      hasTicket: false,
    });
    expect(await ticketsOf(other.chatId)).toEqual([]);
    const submitted = await client.responseTo(externalIdOf(await other.press({ data: kirim.data })), 1, 60_000);
    expect(submitted.ticketCode).toMatch(/^[A-Z]{3}-[A-Z0-9]{5}$/);
  });
});
