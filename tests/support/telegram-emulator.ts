import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { TelegramServer } from "telegram-test-api/lib/telegramServer.js";

/*
 * The real grammY bot against telegram-test-api, a Bot API emulator, with a user who types,
 * presses buttons and sends photos. What the emulator lacks, a small proxy in front of it (the
 * bot's apiRoot) or the harness adds, in the open:
 *
 * - getUpdates answers at once even when empty, and ignores `offset`: the proxy holds an empty
 *   answer until a user update arrives (up to 1 s), like Telegram's long polling, instead of
 *   letting the runner spin; updates fetched for a poll the bot abandoned are queued again.
 * - setMyCommands (and the other menu methods) are unknown to it (HTTP 500): the proxy answers
 *   them and records the call, so tests check the menus.
 * - It never fails a call: `failNext` makes the proxy answer as Telegram does for a blocked user
 *   (403), a missing chat (400) or a flood limit (429 + retry_after), so grammY's error path,
 *   auto-retry included, is the real one.
 * - Its user client has no photo, document or callback helper worth using (and its getUpdates
 *   helper polls with nested timeouts): the user here adds updates to the emulator directly,
 *   shaped as Telegram shapes them.
 * - It cannot produce edited messages, nor redeliver an update: `injectUpdate` hands the bot any
 *   update through getUpdates, and `redeliver` marks a fetched one unread again (same update_id).
 * - It sends no X-Telegram-Bot-Api-Secret-Token with webhooks: the guard is tested with app.inject.
 * - answerCallbackQuery is accepted and ignored; calls are checked in `calls` instead.
 * - Bot messages advance its update_id counter too: ids are unique, not consecutive.
 * - Its message ids are counted across all chats, and its callback query ids are small numbers;
 *   Telegram's are per chat and opaque strings. Both are unique, which is all a test relies on.
 */

export const TEST_BOT_TOKEN = "123456789:AAEmulatorTokenForLaporAmanTests_x";

/** The emulator's internals the harness uses; its published types miss some and are too strict for others. */
interface EmulatorInternals {
  updateId: number;
  messageId: number;
  callbackId: number;
  storage: {
    userMessages: { updateId: number; isRead: boolean }[];
    botMessages: StoredBotMessage[];
  };
  webhooks: Record<string, { url: string; secret_token?: string; allowed_updates?: string[] } | undefined>;
  addUserMessage(message: object): Promise<void>;
  addUserCallback(query: object): Promise<void>;
  on(event: string, listener: () => void): void;
  off(event: string, listener: () => void): void;
  start(): Promise<void>;
  stop(): Promise<boolean>;
}

interface StoredBotMessage {
  messageId: number;
  botToken: string;
  message: {
    chat_id: string | number;
    text: string;
    reply_markup?: { inline_keyboard?: { text: string; callback_data?: string }[][] };
    [key: string]: unknown;
  };
}

export interface BotMessage {
  messageId: number;
  text: string;
  /** Inline keyboard rows: label and callback data. */
  buttons: { label: string; data: string }[][];
  /** The whole payload the bot sent (parse_mode, link_preview_options, ...). */
  raw: Record<string, unknown>;
}

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
}

export interface FaultRule {
  method: string;
  /** Only calls for this chat; any chat when absent. */
  chatId?: string | number;
  times?: number;
  errorCode: number;
  description: string;
  retryAfter?: number;
}

/** "drop": the proxy closes the connection without answering, as a process or network dying mid-call does. */
export type CallVerdict = "pass" | "drop";

/** A test's eye on the wire, for faults at an exact moment (e.g. kill the bot's process while a call is open). */
export interface CallHooks {
  /** Each call, before the proxy handles it. */
  beforeCall?(call: ApiCall): CallVerdict | Promise<CallVerdict>;
  /** getUpdates: the updates about to be handed to the bot (the emulator has marked them read already). */
  beforeUpdatesHanded?(updates: Record<string, unknown>[]): CallVerdict | Promise<CallVerdict>;
}

/**
 * Telegram's ids for what a user did. A redelivery repeats the update_id; the message id (unique
 * in its chat) and the callback query id (unique everywhere) are what the adapter keys updates by.
 */
export type SentUpdate = SentMessage | SentPress;
export interface SentMessage {
  kind: "message";
  updateId: number;
  chatId: number;
  messageId: number;
}
export interface SentPress {
  kind: "callback_query";
  updateId: number;
  chatId: number;
  callbackQueryId: string;
}

export interface UserOptions {
  chatId?: number;
  userId?: number;
  languageCode?: string;
  firstName?: string;
  /** Telegram profile fields a real user may have; privacy tests check they reach no log. */
  lastName?: string;
  username?: string;
  chatType?: "private" | "group" | "supergroup";
}

export interface TelegramEmulator {
  token: string;
  /** Give this to the bot as its apiRoot: the proxy in front of the emulator. */
  apiRoot: string;
  /** Every Bot API call the bot made, in order (getUpdates included). */
  calls: ApiCall[];
  callsTo(method: string): ApiCall[];
  failNext(rule: FaultRule): void;
  user(options?: UserOptions): EmulatedUser;
  /** Hands the bot an update the emulator cannot make (edited_message, ...); returns its update_id. */
  injectUpdate(update: Record<string, unknown>): number;
  /** Telegram delivering an update again (its confirmation was lost): same update_id, same content. */
  redeliver(updateId: number): void;
  /** Installs hooks on the proxy; returns their removal. */
  hook(hooks: CallHooks): () => void;
  botMessages(chatId: number | string): BotMessage[];
  /**
   * Calls `listener` with each message the bot sends, as the emulator stores it. For harnesses
   * with thousands of chats (bench/load.ts): botMessages() scans every stored message on each look.
   * Returns the listener's removal.
   */
  onBotMessage(listener: (chatId: string, message: BotMessage) => void): () => void;
  /** What the emulator holds: it keeps every update and bot message for 10 minutes (storeTimeout). */
  stored(): { userUpdates: number; botMessages: number };
  /** What the bot gave setWebhook, if anything. */
  webhook(): { url: string; secret_token?: string; allowed_updates?: string[] } | undefined;
  stop(): Promise<void>;
}

export async function startTelegramEmulator(token = TEST_BOT_TOKEN): Promise<TelegramEmulator> {
  const { server, port } = await startEmulatorOnFreePort();
  const emulatorUrl = `http://127.0.0.1:${port}`;
  const calls: ApiCall[] = [];
  const faults: (FaultRule & { remaining: number })[] = [];
  const injected: Record<string, unknown>[] = [];
  const injectedHistory = new Map<number, Record<string, unknown>>();
  const hooks = new Set<CallHooks>();
  const userUpdate = new EventTarget();
  const notifyUserUpdate = () => userUpdate.dispatchEvent(new Event("update"));
  for (const event of ["AddedUserMessage", "AddedUserCommand", "AddedUserCallbackQuery"]) server.on(event, notifyUserUpdate);

  const nextUpdateId = () => {
    const id = server.updateId;
    server.updateId += 1;
    return id;
  };

  const proxy = createServer((req, res) => {
    void handleProxied(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: false, error_code: 502, description: `proxy: ${String(error)}` }));
    });
  });

  async function handleProxied(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const method = /^\/bot[^/]+\/([A-Za-z]+)/.exec(req.url ?? "")?.[1] ?? "";
    const payload = parsePayload(body, req.headers["content-type"]);
    calls.push({ method, payload });
    for (const hook of hooks) {
      if ((await hook.beforeCall?.({ method, payload })) === "drop") return void req.socket.destroy();
    }

    const fault = faults.find(
      (f) => f.method === method && f.remaining > 0 && (f.chatId === undefined || String(f.chatId) === String(payload.chat_id)),
    );
    if (fault) {
      fault.remaining -= 1;
      return sendJson(res, fault.errorCode, {
        ok: false,
        error_code: fault.errorCode,
        description: fault.description,
        ...(fault.retryAfter !== undefined && { parameters: { retry_after: fault.retryAfter } }),
      });
    }
    // Gap: unknown to the emulator.
    if (method === "setMyCommands" || method === "deleteMyCommands" || method === "setChatMenuButton") {
      return sendJson(res, 200, { ok: true, result: true });
    }
    if (method === "getUpdates") return longPoll(req, res, body, payload);
    const forwarded = await forward(req, body);
    return sendJson(res, forwarded.status, forwarded.json);
  }

  async function forward(req: IncomingMessage, body: Buffer): Promise<{ status: number; json: unknown }> {
    const response = await fetch(`${emulatorUrl}${req.url ?? "/"}`, {
      method: req.method ?? "POST",
      headers: req.headers["content-type"] ? { "content-type": req.headers["content-type"] } : {},
      ...(req.method !== "GET" && body.length > 0 && { body: new Uint8Array(body) }),
    });
    return { status: response.status, json: await response.json() };
  }

  /** Gap: the emulator answers getUpdates at once; hold an empty answer like Telegram would. */
  async function longPoll(req: IncomingMessage, res: ServerResponse, body: Buffer, payload: Record<string, unknown>) {
    const deadline = Date.now() + Math.min(1000, Number(payload.timeout ?? 0) * 1000);
    let closed = false;
    res.on("close", () => {
      closed = true;
    });
    for (;;) {
      // A poll the bot gave up on (stopping) must not take updates meant for the next one.
      if (closed) return;
      const extra = injected.splice(0);
      const forwarded = await forward(req, body);
      const result = (forwarded.json as { result?: Record<string, unknown>[] }).result ?? [];
      const updates = [...extra, ...result];
      if (closed) {
        injected.unshift(...updates);
        if (updates.length > 0) notifyUserUpdate();
        return;
      }
      if (updates.length > 0) {
        for (const hook of hooks) {
          if ((await hook.beforeUpdatesHanded?.(updates)) === "drop") return void req.socket.destroy();
        }
      }
      if (updates.length > 0 || Date.now() >= deadline) return sendJson(res, 200, { ok: true, result: updates });
      await waitForEvent(userUpdate, "update", deadline - Date.now());
    }
  }

  // grammY keeps its sockets alive (node's http.Agent, which ignores the server's Keep-Alive
  // hint): with Node's default 5 s, a busy bot reuses a socket the proxy is closing and its call
  // fails with ECONNRESET ("socket hang up"), a race of this harness's timeout, not of the bot.
  proxy.keepAliveTimeout = 10 * 60_000;
  proxy.listen(0, "127.0.0.1");
  await once(proxy, "listening");
  const proxyPort = (proxy.address() as AddressInfo).port;

  const botMessages = (chatId: number | string): BotMessage[] =>
    server.storage.botMessages
      .filter((m) => m.botToken === token && String(m.message.chat_id) === String(chatId))
      .map(toBotMessage);

  return {
    token,
    apiRoot: `http://127.0.0.1:${proxyPort}`,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    failNext(rule) {
      faults.push({ ...rule, remaining: rule.times ?? 1 });
    },
    user: (options = {}) => createUser(server, token, botMessages, options),
    injectUpdate(update) {
      const full = { ...update, update_id: nextUpdateId() };
      injectedHistory.set(full.update_id, full);
      injected.push(full);
      notifyUserUpdate();
      return full.update_id;
    },
    redeliver(updateId) {
      const stored = server.storage.userMessages.find((u) => u.updateId === updateId);
      const wasInjected = injectedHistory.get(updateId);
      if (stored) stored.isRead = false;
      else if (wasInjected) injected.push(wasInjected);
      else throw new Error(`update ${updateId} was never delivered by this emulator`);
      notifyUserUpdate();
    },
    hook(added) {
      hooks.add(added);
      return () => hooks.delete(added);
    },
    botMessages,
    onBotMessage(listener) {
      // addBotMessage pushes, then emits: the newest stored message is the one just sent.
      const added = () => {
        const stored = server.storage.botMessages.at(-1);
        if (stored?.botToken === token) listener(String(stored.message.chat_id), toBotMessage(stored));
      };
      server.on("AddedBotMessage", added);
      return () => server.off("AddedBotMessage", added);
    },
    stored: () => ({ userUpdates: server.storage.userMessages.length, botMessages: server.storage.botMessages.length }),
    webhook: () => server.webhooks[token],
    async stop() {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await server.stop();
    },
  };
}

export interface EmulatedUser {
  chatId: number;
  /** Types a message (commands included, with their bot_command entity as Telegram adds it). */
  sendText(text: string): Promise<SentMessage>;
  /** Sends a photo as Telegram delivers one: several sizes, no text, maybe a caption. */
  sendPhoto(options?: { caption?: string }): Promise<SentMessage>;
  /** Any other message content (document, voice, location, ...). */
  sendMessage(fields: Record<string, unknown>): Promise<SentMessage>;
  /** Presses a button of the latest bot message that has it, found by label or by callback data. */
  press(button: { label: string } | { data: string }): Promise<SentPress>;
  /** Presses a button with arbitrary callback data, as a modified client could. */
  pressRaw(data: string): Promise<SentPress>;
  /** Presses `data` on a message already in hand, without scanning the chat's history (bench/load.ts). */
  pressOn(message: BotMessage, data: string): Promise<SentPress>;
  /** Waits for `count` bot messages not yet returned to this user. */
  nextMessages(count: number, timeoutMs?: number): Promise<BotMessage[]>;
  /** Waits `ms`, then returns what arrived meanwhile (expected empty in "nothing more" checks). */
  quietFor(ms: number): Promise<BotMessage[]>;
  /** Every bot message in this chat so far. */
  history(): BotMessage[];
}

function createUser(
  server: EmulatorInternals,
  token: string,
  botMessages: (chatId: number) => BotMessage[],
  options: UserOptions,
): EmulatedUser {
  const chatId = options.chatId ?? 1000 + Math.floor(Math.random() * 1_000_000);
  const from = {
    id: options.userId ?? chatId,
    is_bot: false,
    first_name: options.firstName ?? "Rani",
    ...(options.lastName !== undefined && { last_name: options.lastName }),
    ...(options.username !== undefined && { username: options.username }),
    ...(options.languageCode !== undefined && { language_code: options.languageCode }),
  };
  const chat =
    (options.chatType ?? "private") === "private"
      ? { id: chatId, type: "private", first_name: from.first_name, ...(options.lastName !== undefined && { last_name: options.lastName }), ...(options.username !== undefined && { username: options.username }) }
      : { id: chatId, type: options.chatType, title: "Kelas 7B" };
  let seen = 0;

  const meta = () => ({ botToken: token, date: Math.floor(Date.now() / 1000), from, chat });

  /** The emulator assigns the update, message and callback query ids synchronously when the update is added. */
  async function add(message: object): Promise<SentMessage> {
    const sent: SentMessage = { kind: "message", updateId: server.updateId, chatId, messageId: server.messageId };
    await server.addUserMessage(message);
    return sent;
  }

  async function pressData(data: string, message: BotMessage | undefined): Promise<SentPress> {
    const sent: SentPress = { kind: "callback_query", updateId: server.updateId, chatId, callbackQueryId: String(server.callbackId) };
    await server.addUserCallback({
      botToken: token,
      date: Math.floor(Date.now() / 1000),
      from,
      data,
      message: { message_id: message?.messageId ?? 0, date: Math.floor(Date.now() / 1000), chat, text: message?.text ?? "" },
    });
    return sent;
  }

  return {
    chatId,
    sendText(text) {
      const command = /^\/\S+/.exec(text);
      return add({
        ...meta(),
        text,
        ...(command && { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] }),
      });
    },
    sendPhoto({ caption } = {}) {
      const size = (n: number, w: number, h: number) => ({
        file_id: `AgACAgphoto${n}`,
        file_unique_id: `AQADphoto${n}`,
        width: w,
        height: h,
        file_size: w * h,
      });
      return add({ ...meta(), photo: [size(1, 90, 67), size(2, 320, 240), size(3, 1280, 960)], ...(caption !== undefined && { caption }) });
    },
    sendMessage(fields) {
      return add({ ...meta(), ...fields });
    },
    press(button) {
      const messages = botMessages(chatId).reverse();
      const matches = (b: { label: string; data: string }) => ("label" in button ? b.label === button.label : b.data === button.data);
      const message = messages.find((m) => m.buttons.some((row) => row.some(matches)));
      const found = message?.buttons.flat().find(matches);
      if (!message || !found) throw new Error(`no bot message in chat has a button ${JSON.stringify(button)}`);
      return pressData(found.data, message);
    },
    pressRaw(data) {
      return pressData(data, botMessages(chatId).at(-1));
    },
    pressOn(message, data) {
      return pressData(data, message);
    },
    async nextMessages(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (botMessages(chatId).length < seen + count) {
        if (Date.now() > deadline) {
          const got = botMessages(chatId).slice(seen);
          throw new Error(`waited ${timeoutMs} ms for ${count} bot message(s), got ${got.length}: ${JSON.stringify(got.map((m) => m.text))}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const messages = botMessages(chatId).slice(seen, seen + count);
      seen += count;
      return messages;
    },
    async quietFor(ms) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      const messages = botMessages(chatId).slice(seen);
      seen += messages.length;
      return messages;
    },
    history: () => botMessages(chatId),
  };
}

function toBotMessage(stored: StoredBotMessage): BotMessage {
  const rows = stored.message.reply_markup?.inline_keyboard ?? [];
  return {
    messageId: stored.messageId,
    text: stored.message.text,
    buttons: rows.map((row) => row.map((b) => ({ label: b.text, data: b.callback_data ?? "" }))),
    raw: stored.message,
  };
}

/** Each test file gets its own emulator on a port the OS picked; retried if another file took it first. */
async function startEmulatorOnFreePort(): Promise<{ server: EmulatorInternals; port: number }> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    // The emulator's published types leave out the fields the harness drives; see EmulatorInternals.
    const server = new TelegramServer({ port, host: "127.0.0.1", storeTimeout: 600 }) as unknown as EmulatorInternals;
    try {
      await server.start();
      return { server, port };
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }
}

async function freePort(): Promise<number> {
  const probe: Server = createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parsePayload(body: Buffer, contentType: string | undefined): Record<string, unknown> {
  if (body.length === 0 || !contentType?.includes("json")) return {};
  const parsed: unknown = JSON.parse(body.toString("utf8"));
  return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
}

function sendJson(res: ServerResponse, status: number, json: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(json));
}

function waitForEvent(target: EventTarget, type: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      target.removeEventListener(type, done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    target.addEventListener(type, done, { once: true });
  });
}
