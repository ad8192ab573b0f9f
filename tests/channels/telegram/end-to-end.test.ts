import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../api/app.ts";
import { toOutgoing } from "../../../bot/channels/telegram/render.ts";
import { createInjectClient } from "../../../bot/client.ts";
import { inboundMessages, reporters, tickets, transcriptMessages } from "../../../db/schema/index.ts";
import { seedIfEmpty } from "../../../db/seed.ts";
import { buildTestApp, LogCapture, TEST_CHANNEL_TOKEN } from "../../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../../support/test-db.ts";
import {
  startTelegramEmulator,
  type BotMessage,
  type EmulatedUser,
  type SentUpdate,
  type TelegramEmulator,
} from "../../support/telegram-emulator.ts";
import { createTestAdapter, externalIdOf, type RunningAdapter } from "./adapter-harness.ts";
import { observeClient, type ObservedClient } from "../shared/observed-client.ts";

/*
 * The whole path, nothing doubled: a reporter's Telegram app (the emulator) → the real grammY bot
 * and adapter → HotlineClient over app.inject → the real API, conversation and database.
 * The reporter answers by reading the bot's buttons, so new wording does not break the test;
 * only a flow that never reaches a ticket does.
 */

const STORY = "kakak kelas mengejek aku tiap istirahat di kantin, aku jadi takut ke sekolah";
const GRADE = "kelas 7";
/** What this reporter picks when a question offers it, in order of preference (choice values, not labels). */
const PREFERRED = ["anak_diri", "tidak", "diejek", "sudah", "masih_terjadi", "anonim", "kirim"];
/** Buttons that only close or skip a question asked in words: answer in words first. */
const DONE_OR_SKIP = ["sudah", "lewati"];
const MAX_TURNS = 25;

let database: TestDatabase;
let app: App;
let emulator: TelegramEmulator;
let client: ObservedClient;
let running: RunningAdapter;
const apiLogs = new LogCapture();

beforeAll(async () => {
  database = await createTestDatabase();
  await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
  app = await buildTestApp(database, { logs: apiLogs });
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

/** The bot's whole answer to one update: exactly the messages the API's replies render to. */
async function turn(user: EmulatedUser, sent: SentUpdate): Promise<BotMessage[]> {
  const response = await client.responseTo(externalIdOf(sent));
  const expected = response.replies.reduce((n, reply) => n + toOutgoing(reply, "-").length, 0);
  return user.nextMessages(expected);
}

interface Conversation {
  updates: SentUpdate[];
  lastTurn: BotMessage[];
  ticketCode: string;
  storyTyped: boolean;
}

/**
 * Answers whatever is asked until the API reports a ticket. Choice ids are `<question>:<value>`:
 * a question with no buttons, or only "done"/"skip", is answered in words (the story first,
 * then the grade); otherwise the preferred button is pressed.
 */
async function reportFrom(user: EmulatedUser, first: string): Promise<Conversation> {
  const updates: SentUpdate[] = [await user.sendText(first)];
  let lastTurn = await turn(user, updates[0]!);
  const answeredInWords = new Set<string>();
  let storyTyped = false;
  for (let i = 0; i < MAX_TURNS; i++) {
    const ticketCode = client.responses.get(externalIdOf(updates.at(-1)!))?.[0]?.ticketCode;
    if (ticketCode) return { updates, lastTurn, ticketCode, storyTyped };
    const buttons = lastTurn.at(-1)?.buttons.flat() ?? [];
    const question = buttons[0]?.data.split(":")[0] ?? `words-${i}`;
    const valueOf = (data: string) => data.slice(data.indexOf(":") + 1);
    const wordsWanted = buttons.every((b) => DONE_OR_SKIP.includes(valueOf(b.data))) && !answeredInWords.has(question);
    let sent: SentUpdate;
    if (wordsWanted) {
      sent = await user.sendText(storyTyped ? GRADE : STORY);
      storyTyped = true;
      answeredInWords.add(question);
    } else {
      const preferred = PREFERRED.map((value) => buttons.find((b) => valueOf(b.data) === value)).find((b) => b !== undefined);
      if (!preferred) throw new Error(`no preferred answer among ${JSON.stringify(buttons.map((b) => b.data))}`);
      sent = await user.press({ data: preferred.data });
    }
    updates.push(sent);
    lastTurn = await turn(user, sent);
  }
  throw new Error(`no ticket after ${MAX_TURNS} turns; last bot messages: ${JSON.stringify(lastTurn.map((m) => m.text))}`);
}

describe(`a child reports bullying on Telegram, end to end on ${testDbKind}`, () => {
  let user: EmulatedUser;
  let conversation: Conversation;

  it("goes from the leaflet's deep link to a ticket code, with the whole conversation stored", async () => {
    user = emulator.user({ languageCode: "id" });
    conversation = await reportFrom(user, "/start s_smpn-contoh-3");

    expect(conversation.ticketCode).toMatch(/^[A-Z]{3}-[A-Z0-9]{5}$/);
    expect(conversation.storyTyped).toBe(true);
    // The child is told the code in the chat.
    expect(conversation.lastTurn.map((m) => m.text).join("\n")).toContain(conversation.ticketCode);

    const [ticket] = await database.db.select().from(tickets).where(eq(tickets.code, conversation.ticketCode));
    expect(ticket).toMatchObject({
      channel: "telegram",
      // The deep link arrived as the text "/start s_smpn-contoh-3" and named the school.
      schoolCode: "smpn-contoh-3",
      reporterRole: "anak",
      incomplete: false,
    });
    expect(ticket?.description).toContain(STORY);

    const [reporter] = await database.db.select().from(reporters).where(eq(reporters.id, ticket?.reporterId ?? ""));
    expect(reporter).toMatchObject({ channel: "telegram", address: String(user.chatId) });

    const transcript = await database.db.select().from(transcriptMessages).where(eq(transcriptMessages.ticketId, ticket?.id ?? ""));
    const inbound = transcript.filter((m) => m.direction === "in");
    const outbound = transcript.filter((m) => m.direction === "out");
    // Everything the child sent, the deep link included, is in the ticket's transcript.
    expect(inbound).toHaveLength(conversation.updates.length);
    expect(inbound.map((m) => m.text)).toContain(STORY);
    expect(outbound.length).toBeGreaterThanOrEqual(inbound.length);

    // Every update became exactly one inbound_messages row, keyed by chat and message id or by callback query id.
    const keys = await database.db
      .select({ externalId: inboundMessages.externalId })
      .from(inboundMessages)
      .where(eq(inboundMessages.channel, "telegram"));
    expect(keys.map((k) => k.externalId).sort()).toEqual(conversation.updates.map(externalIdOf).sort());
  });

  it("a redelivered update (the 'send' press) changes nothing twice, and the reporter sees the answer again", async () => {
    expect(conversation, "the report test must run first").toBeDefined();
    const countRows = async () => ({
      tickets: (await database.db.select({ n: count() }).from(tickets))[0]?.n,
      transcript: (await database.db.select({ n: count() }).from(transcriptMessages))[0]?.n,
      inbound: (await database.db.select({ n: count() }).from(inboundMessages))[0]?.n,
    });
    const before = await countRows();
    const submitted = conversation.updates.at(-1)!;

    emulator.redeliver(submitted.updateId);
    const again = await client.responseTo(externalIdOf(submitted), 2);
    const resent = await user.nextMessages(conversation.lastTurn.length);

    expect(again.duplicate).toBe(true);
    expect(again.ticketCode).toBe(conversation.ticketCode);
    expect(resent.map((m) => m.text)).toEqual(conversation.lastTurn.map((m) => m.text));
    expect(await countRows()).toEqual(before);
    const forReporter = await database.db
      .select({ n: count() })
      .from(tickets)
      .innerJoin(reporters, eq(tickets.reporterId, reporters.id))
      .where(and(eq(reporters.channel, "telegram"), eq(reporters.address, String(user.chatId))));
    expect(forReporter[0]?.n).toBe(1);
  });

  it("kept the reporter's words and chat id (and so the externalIds) out of the API's and the adapter's logs", () => {
    expect(apiLogs.lines.length).toBeGreaterThan(0);
    for (const text of [apiLogs.text, running.logs.text]) {
      expect(text).not.toContain("kakak kelas");
      expect(text).not.toContain(String(user.chatId));
      for (const sent of conversation.updates) expect(text).not.toContain(externalIdOf(sent));
    }
  });
});
