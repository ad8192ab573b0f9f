import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../api/app.ts";
import type { TelegramAdapter } from "../../../bot/channels/telegram/adapter.ts";
import { TELEGRAM_WEBHOOK_PATH, telegramWebhookRoutes, WebhookNotReadyError } from "../../../bot/channels/telegram/webhook.ts";
import { createInjectClient } from "../../../bot/client.ts";
import { inboundMessages } from "../../../db/schema/index.ts";
import { seedIfEmpty } from "../../../db/seed.ts";
import { buildTestApp, TEST_CHANNEL_TOKEN } from "../../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../../support/test-db.ts";
import { startTelegramEmulator, type TelegramEmulator } from "../../support/telegram-emulator.ts";
import { createTestAdapter, type RunningAdapter } from "./adapter-harness.ts";

/*
 * Webhook mode: Telegram pushes updates to the API, which hands them to the adapter. The emulator
 * sends no X-Telegram-Bot-Api-Secret-Token header, so updates are posted with app.inject here, as
 * Telegram would post them; the bot's replies still go to the emulator.
 */

const SECRET = "webhook-secret-for-tests_0123456789";
const WEBHOOK_URL = `https://hotline.example.org${TELEGRAM_WEBHOOK_PATH}`;

let database: TestDatabase;
let app: App;
let emulator: TelegramEmulator;
let running: RunningAdapter;
let adapter: TelegramAdapter | undefined;
let nextUpdateId = 5_000_000;
let nextMessageId = 1;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
  // The route is registered before the adapter exists, as in the server: buildApp, then the adapter over app.inject.
  app = await buildTestApp(database, {
    extend: (a) =>
      void a.register(telegramWebhookRoutes, {
        secretToken: SECRET,
        handleUpdate: (update) => {
          if (!adapter?.handleWebhook) throw new WebhookNotReadyError();
          return adapter.handleWebhook(update);
        },
      }),
  });
  emulator = await startTelegramEmulator();
  running = await createTestAdapter(emulator, createInjectClient(app, TEST_CHANNEL_TOKEN), {
    telegram: { webhookUrl: WEBHOOK_URL, webhookSecret: SECRET },
  });
  adapter = running.adapter;
});
afterAll(async () => {
  await running.stop();
  await emulator.stop();
  await app.close();
  await database.destroy();
});

function messageUpdate(chatId: number, text: string) {
  return {
    update_id: nextUpdateId++,
    message: {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: "private", first_name: "Rani" },
      from: { id: chatId, is_bot: false, first_name: "Rani", language_code: "id" },
      text,
    },
  };
}

const post = (payload: object, secret?: string) =>
  app.inject({
    method: "POST",
    url: TELEGRAM_WEBHOOK_PATH,
    headers: secret !== undefined ? { "x-telegram-bot-api-secret-token": secret } : {},
    payload,
  });

type MessageUpdate = ReturnType<typeof messageUpdate>;

/** The idempotency key the adapter must give a message: its chat and message id, not the update_id. */
const keyOf = (update: MessageUpdate) => `m:${update.message.chat.id}:${update.message.message_id}`;

const storedUpdates = async (update: MessageUpdate) =>
  (
    await database.db
      .select({ n: count() })
      .from(inboundMessages)
      .where(eq(inboundMessages.externalId, keyOf(update)))
  )[0]?.n;

describe(`Telegram webhook route on ${testDbKind}`, () => {
  it("answers 503 until the adapter has started, so Telegram delivers the update again later", async () => {
    const update = messageUpdate(41_000_001, "halo");
    const response = await post(update, SECRET);
    expect(response.statusCode).toBe(503);
    expect(response.headers["retry-after"]).toBe("5");
    expect(await storedUpdates(update)).toBe(0);
  });

  it("on start, registers the webhook with its secret and the update types it handles, and does not poll", async () => {
    await running.adapter.start();
    expect(emulator.webhook()).toMatchObject({
      url: WEBHOOK_URL,
      secret_token: SECRET,
      allowed_updates: ["message", "edited_message", "callback_query"],
    });
    expect(emulator.callsTo("getUpdates")).toHaveLength(0);
  });

  it("refuses an update without the secret header, or with a wrong one, before reading it", async () => {
    const chatId = 41_000_002;
    const update = messageUpdate(chatId, "halo");
    for (const secret of [undefined, "", "wrong-secret-0123456789", `${SECRET}x`]) {
      const response = await post(update, secret);
      expect(response.statusCode, `secret ${JSON.stringify(secret)}`).toBe(401);
      expect(response.json()).toMatchObject({ error: "unauthorized" });
    }
    expect(await storedUpdates(update)).toBe(0);
    expect(emulator.botMessages(chatId)).toEqual([]);
  });

  it("hands an authenticated update to the real intake and sends its replies through the Bot API", async () => {
    const chatId = 41_000_003;
    const update = messageUpdate(chatId, "/start s_sdn-contoh-1");
    const response = await post(update, SECRET);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true });
    expect(await storedUpdates(update)).toBe(1);
    const messages = emulator.botMessages(chatId);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.some((m) => m.buttons.length > 0)).toBe(true);
  });

  it("takes a redelivered update once, and answers it again", async () => {
    const chatId = 41_000_004;
    const update = messageUpdate(chatId, "halo");
    expect((await post(update, SECRET)).statusCode).toBe(200);
    const first = emulator.botMessages(chatId).map((m) => m.text);
    expect((await post(update, SECRET)).statusCode).toBe(200);

    expect(await storedUpdates(update)).toBe(1);
    expect(emulator.botMessages(chatId).map((m) => m.text)).toEqual([...first, ...first]);
  });

  it("takes a new message that comes with an old update_id (Telegram restarts its count) as new, not as a duplicate", async () => {
    const chatId = 41_000_005;
    const first = messageUpdate(chatId, "/start s_sdn-contoh-1");
    const reused = { ...messageUpdate(chatId, "/bantuan"), update_id: first.update_id };
    expect((await post(first, SECRET)).statusCode).toBe(200);
    const answered = emulator.botMessages(chatId).length;
    expect((await post(reused, SECRET)).statusCode).toBe(200);

    expect(await storedUpdates(first)).toBe(1);
    expect(await storedUpdates(reused)).toBe(1);
    expect(emulator.botMessages(chatId).length).toBeGreaterThan(answered);
  });

  it("answers 400 to a body that is not an update", async () => {
    const response = await post({ message: { text: "halo" } }, SECRET);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: "validation", fields: [expect.objectContaining({ path: "update_id" })] });
  });
});
