import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IntakeResponse } from "../../api/intake/schemas.ts";
import { createHttpClient } from "../../bot/client.ts";
import { conversations, inboundMessages, reporters, transcriptMessages } from "../../db/schema/index.ts";
import type { CreatedStaff } from "../support/staff.ts";
import { startTelegramEmulator, type BotMessage, type EmulatedUser, type SentUpdate, type TelegramEmulator } from "../support/telegram-emulator.ts";
import { testDbKind } from "../support/test-db.ts";
import { CHANNEL_TOKEN, createHotlineUnderTest, type HotlineUnderTest } from "./hotline-process.ts";
import { act, AFTER_DANGER, answer, codeIn, peksosOnCall, play, UP_TO_DANGER, type Action } from "./reporter.ts";
import { alertsOf, rowsOfChat } from "./rows.ts";

/*
 * Telegram delivering the same update three times (its confirmation got lost each time), to
 * `npm start` with its real bot: the typed story, the darurat button press and the final
 * "Kirim". Each counts once (one transcript row, one ticket, one alert, the session advanced
 * once) and each time the reporter sees the same answer again: the first one may never have
 * reached them. Then a WhatsApp-shaped duplicate, the same externalId three times at the intake.
 */

const STORY = "ayah memukul aku tadi malam, aku takut pulang";
const DELIVERIES = 3;
/**
 * Telegram sends an update again only after its own wait; here 2 s. It also keeps this reporter's
 * 16 updates within the adapter's per-chat rate limit (15 at once, then one per 3 s), which counts
 * a redelivered update like any other.
 */
const REDELIVERY_AFTER_MS = 2_000;

/** What a person sees of an answer. */
const seen = (messages: readonly BotMessage[]) => messages.map((m) => ({ text: m.text, buttons: m.buttons }));

describe(`the same update delivered three times has one effect (${testDbKind})`, () => {
  let emulator: TelegramEmulator;
  let hotline: HotlineUnderTest;
  let peksos: CreatedStaff;
  let peksosChat: EmulatedUser;
  let reporter: EmulatedUser;
  /** Every distinct update the reporter sent. */
  const sent: SentUpdate[] = [];
  let code: string | undefined;

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    hotline = await createHotlineUnderTest({ telegramApiRoot: emulator.apiRoot });
    peksosChat = emulator.user({ firstName: "Sari" });
    peksos = await hotline.withDatabase((database) => peksosOnCall(database, peksosChat.chatId));
    await hotline.start();
    reporter = emulator.user({ languageCode: "id" });
  });

  afterAll(async () => {
    await hotline?.stop().catch(() => hotline.kill());
    await emulator?.stop();
    await hotline?.destroy();
  });

  /** The action, then Telegram delivering its update twice more; every delivery answered alike. */
  async function thrice(action: Action, until: "question" | "code" = "question"): Promise<BotMessage[]> {
    const update = await act(reporter, action);
    sent.push(update);
    const first = await answer(reporter, until);
    for (let again = 1; again < DELIVERIES; again++) {
      await new Promise((resolve) => setTimeout(resolve, REDELIVERY_AFTER_MS));
      emulator.redeliver(update.updateId);
      expect(seen(await answer(reporter, until))).toEqual(seen(first));
    }
    return first;
  }

  it("a button press (the darurat 'ya'), the story and 'Kirim', each three times: the same answer each time", async () => {
    sent.push(...(await play(reporter, UP_TO_DANGER)));
    const opened = await thrice({ press: "ya" });
    code = codeIn(opened);
    expect(code).toBeDefined();

    const [what, ...rest] = AFTER_DANGER;
    sent.push(...(await play(reporter, [what!])));
    expect(rest[0]).toEqual({ type: STORY });
    await thrice({ type: STORY });
    sent.push(...(await play(reporter, rest.slice(1))));

    const confirmation = await thrice({ press: "kirim" }, "code");
    expect(codeIn(confirmation)).toBe(code);
    expect(await reporter.quietFor(1_000)).toEqual([]);
    // One alert, however often the press that opened the ticket came.
    expect(await peksosChat.quietFor(3_000)).toHaveLength(1);
    expect(peksosChat.history().filter((m) => m.text.includes(code!))).toHaveLength(1);
  }, 120_000);

  it("a WhatsApp message with the same externalId three times at the intake: one effect, the same replies", async () => {
    const client = createHttpClient(hotline.url(), CHANNEL_TOKEN);
    const message = {
      channel: "whatsapp" as const,
      externalId: "wamid.redelivery-test-1",
      address: "6281200000002@c.us",
      sentAt: new Date().toISOString(),
      content: { type: "text" as const, text: "halo, aku mau cerita" },
    };
    const whatsapp: IntakeResponse[] = [];
    for (let i = 0; i < DELIVERIES; i++) whatsapp.push(await client.sendInbound(message));
    expect(whatsapp.map((r) => r.duplicate)).toEqual([false, true, true]);
    expect(whatsapp[1]!.replies).toEqual(whatsapp[0]!.replies);
    expect(whatsapp[2]!.replies).toEqual(whatsapp[0]!.replies);
    expect(whatsapp[0]!.replies.length).toBeGreaterThan(0);
  });

  it("stored each once: one ticket, one transcript row and one step per message, one alert", async () => {
    expect(code, "the Telegram test must run first").toBeDefined();
    await hotline.stop();
    await hotline.withDatabase(async (database) => {
      const rows = await rowsOfChat(database, reporter.chatId);
      expect(rows.tickets.map((t) => t.code)).toEqual([code]);
      expect(rows.tickets[0]?.priority).toBe("darurat");
      expect(rows.inbound).toHaveLength(sent.length);
      expect(rows.transcriptIn).toBe(sent.length);
      // The story once in the report, not three times.
      expect(rows.tickets[0]?.description?.split(STORY).length).toBe(2);

      // The session took one step per distinct message (each save adds one to its version).
      const [conversation] = await database.db
        .select({ version: conversations.version, state: conversations.state })
        .from(conversations)
        .innerJoin(reporters, eq(reporters.id, conversations.reporterId))
        .where(and(eq(reporters.channel, "telegram"), eq(reporters.address, String(reporter.chatId))));
      expect(conversation?.version).toBe(sent.length);
      expect(conversation?.state.step).toBe("done");

      const { outbound, alerted } = await alertsOf(database, peksos.id, rows.tickets[0]!.id);
      expect(outbound).toEqual([{ status: "sent", attempts: 1, ticketId: rows.tickets[0]!.id }]);
      expect(alerted).toHaveLength(1);

      const wa = await database.db
        .select({ reporterId: inboundMessages.reporterId })
        .from(inboundMessages)
        .where(and(eq(inboundMessages.channel, "whatsapp"), eq(inboundMessages.externalId, "wamid.redelivery-test-1")));
      expect(wa).toHaveLength(1);
      const waTranscript = await database.db
        .select({ id: transcriptMessages.id })
        .from(transcriptMessages)
        .where(and(eq(transcriptMessages.reporterId, wa[0]!.reporterId!), eq(transcriptMessages.direction, "in")));
      expect(waTranscript).toHaveLength(1);
    });
  });
});
