import { join } from "node:path";
import type { FastifyBaseLogger } from "fastify";
import type { i18n, TFunction } from "i18next";
import type { Client, Message } from "whatsapp-web.js";
import type { Locale } from "../../../api/config.ts";
import type { StaffActionOutcome, StaffActionResponse } from "../../../api/oncall/staff-link-schemas.ts";
import type { ChannelLinkState } from "../../../db/schema/channels.ts";
import type { HotlineClient } from "../../client.ts";
import { createChatMemory, firstTime } from "../shared/chat-memory.ts";
import { createInboundDelivery, type NoticeKey } from "../shared/delivery.ts";
import { createKeyedLock } from "../shared/keyed-lock.ts";
import { createOutboxLoop, type OutboxLoop } from "../shared/outbox-loop.ts";
import { createRateLimiter, type RateLimit } from "../shared/rate-limit.ts";
import { createSpool } from "../shared/spool.ts";
import { settleWithin, type Backoff } from "../shared/timing.ts";
import { createConnection } from "./connection.ts";
import { createMediaStore, pendingFileOf } from "./media.ts";
import { createMenuMemory } from "./menu-memory.ts";
import { normaliseMessage, type Normalised } from "./normalise.ts";
import { renderReplies } from "./render.ts";
import { classifySendError, createSender } from "./send.ts";

/*
 * The WhatsApp channel: whatsapp-web.js drives WhatsApp Web in Chromium, linked to the hotline's
 * phone. Like the Telegram adapter it only turns messages into InboundMessages for the API and
 * renders the replies; the reporting flow lives in the API. What WhatsApp adds: numbered menus
 * instead of buttons, files to fetch before WhatsApp Web forgets them, a phone link to watch,
 * and a pace that keeps the number from being banned.
 */

/** After these an alert's "✅ Terima" has done its work: its number is forgotten. */
const TICKET_TAKEN: readonly StaffActionOutcome[] = ["acknowledged", "already_acknowledged"];

export interface WhatsAppTiming {
  /** Reconnecting after a lost link or a browser that did not start. */
  reconnect: Backoff;
  /** The link's state is told to the API this often, changed or not. */
  heartbeatMs: number;
  /** At least this long between two sent messages, over all chats (WhatsApp bans numbers that blast). */
  sendIntervalMs: number;
  /** A send WhatsApp Web has not confirmed by then counts as failed (transient). */
  sendTimeoutMs: number;
  /** Replies to a message replayed from the spool wait this long for the link to come up. */
  replyWaitMs: number;
  downloadTimeoutMs: number;
  /** Per sender: `burst` messages at once, then one per `refillMs`. */
  rateLimit: RateLimit;
  /** A sender over the limit is told so at most once per this period. */
  rateNoticeMs: number;
  /** Changes to menus.json are written together, at most this often. */
  menuWriteDelayMs: number;
  /** Replaying spooled messages while the API is unavailable. */
  spoolRetry: Backoff;
  /** Claiming outbox items while the API is unavailable. */
  outboxRetry: Backoff;
  outboxWaitMs: number;
  outboxMinEmptyPollIntervalMs: number;
  /** How long stop() waits for messages being handled, the outbox batch and the browser. */
  stopGraceMs: number;
}

const DEFAULT_TIMING: WhatsAppTiming = {
  reconnect: { initialMs: 5_000, maxMs: 5 * 60_000 },
  heartbeatMs: 30_000,
  sendIntervalMs: 250,
  sendTimeoutMs: 60_000,
  replyWaitMs: 60_000,
  downloadTimeoutMs: 60_000,
  rateLimit: { burst: 15, refillMs: 3_000 },
  rateNoticeMs: 60_000,
  menuWriteDelayMs: 1_000,
  spoolRetry: { initialMs: 2_000, maxMs: 60_000 },
  outboxRetry: { initialMs: 1_000, maxMs: 30_000 },
  outboxWaitMs: 25_000,
  outboxMinEmptyPollIntervalMs: 1_000,
  stopGraceMs: 5_000,
};

/** Chats whose menus and languages are remembered; the least recently used go first. */
const MAX_CHATS = 50_000;
const MENU_TTL_MS = 7 * 24 * 3600_000;

export interface WhatsAppAdapterDeps {
  client: HotlineClient;
  logger: FastifyBaseLogger;
  i18n: i18n;
  /** DATA_DIR/whatsapp: LocalAuth session in ./auth, spool in ./spool, numbered-menu memory in ./menus.json */
  dataDir: string;
  /** Lines for the operator's terminal (the QR drawn with qrcode-terminal, "scan this"), never the JSON log. */
  print: (line: string) => void;
  /** Debian's chromium; default process.env.PUPPETEER_EXECUTABLE_PATH ?? "/usr/bin/chromium". */
  chromiumPath?: string;
  /** Tests pass a factory returning a real `Client` they never initialize(); default builds Client + LocalAuth + puppeteer options. */
  createClient?: () => Client;
  /**
   * Whether initialize() is called on each client (launching Chromium). Default: true with the
   * built-in client, false with `createClient`: a test drives its client by emitting `qr`,
   * `ready`, `message` and `disconnected` itself. Reconnecting still makes a new client from the
   * factory either way.
   */
  connect?: boolean;
  timing?: Partial<WhatsAppTiming>;
}

export interface WhatsAppAdapter {
  /** Loads spool + menus, then connects in the background (never waits for a QR scan, never throws for a connection failure: it retries with backoff). */
  start(): Promise<void>;
  /** Stops the heartbeat, the outbox, the spool replay (bounded), writes the menus and closes the browser. Final: make a new adapter to start again. */
  stop(): Promise<void>;
  state(): ChannelLinkState;
  /** Messages waiting in the spool for the API. */
  spooled(): number;
}

export function createWhatsAppAdapter(deps: WhatsAppAdapterDeps): WhatsAppAdapter {
  const { client, dataDir } = deps;
  const timing: WhatsAppTiming = { ...DEFAULT_TIMING, ...deps.timing };
  const logger = deps.logger.child({ channel: "whatsapp" });
  const texts: Record<Locale, TFunction> = {
    id: deps.i18n.getFixedT("id", "whatsapp"),
    en: deps.i18n.getFixedT("en", "whatsapp"),
  };
  /**
   * The built-in client is loaded by start(): whatsapp-web.js pulls in puppeteer (about 35 MB and
   * 0.3 s), which a process that never runs WhatsApp should not pay for.
   */
  let makeClient: (() => Client) | undefined = deps.createClient;

  /** The language a chat last used with the API; for the adapter's own texts. */
  const languages = createChatMemory<Locale>({ maxEntries: MAX_CHATS, ttlMs: MENU_TTL_MS });
  const localeFor = (address: string): Locale => languages.get(address) ?? "id";
  const rateNotices = createChatMemory<true>({ maxEntries: 10_000, ttlMs: timing.rateNoticeMs });
  const limiter = createRateLimiter({ ...timing.rateLimit, maxSenders: MAX_CHATS });
  const menus = createMenuMemory({
    file: join(dataDir, "menus.json"),
    logger,
    maxEntries: MAX_CHATS,
    ttlMs: MENU_TTL_MS,
    writeDelayMs: timing.menuWriteDelayMs,
  });
  const spool = createSpool(join(dataDir, "spool"));
  const media = createMediaStore({ dir: join(dataDir, "spool", "media"), client, logger, downloadTimeoutMs: timing.downloadTimeoutMs });
  /** Ends waits (for the link, for a pace) when stopping. */
  const stopping = new AbortController();
  let started = false;
  let stopped = false;

  /** Messages being handled, which stop() lets finish (bounded). */
  const inFlight = new Set<Promise<void>>();
  /** The outbox loop of the current connection; none while the link is down. */
  let outbox: OutboxLoop | undefined;
  const connection = createConnection({
    createClient() {
      if (makeClient === undefined) throw new Error("the WhatsApp adapter makes clients only once started");
      return makeClient();
    },
    connect: deps.connect ?? deps.createClient === undefined,
    hotline: client,
    logger,
    print: deps.print,
    terminal: deps.i18n.getFixedT(null, "whatsapp", "terminal"),
    timing: { reconnect: timing.reconnect, heartbeatMs: timing.heartbeatMs, stopGraceMs: timing.stopGraceMs },
    onMessage: (message) => track(handle(message)),
    onConnected: startOutbox,
    onDisconnected: () => void stopOutbox(),
  });
  const sender = createSender({
    connected: connection.connected,
    intervalMs: timing.sendIntervalMs,
    timeoutMs: timing.sendTimeoutMs,
    signal: stopping.signal,
  });

  async function notify(address: string, locale: Locale, key: string): Promise<void> {
    try {
      await sender.send(address, [texts[locale](key)]);
    } catch (error) {
      logger.warn({ notice: key, reason: classifySendError(error).reason }, "could not send a notice");
    }
  }

  const delivery = createInboundDelivery({
    client,
    spool,
    lock: createKeyedLock(),
    logger,
    retry: timing.spoolRetry,
    prepare: media.prepare,
    async sendReplies(message, response, updateId) {
      languages.set(message.address, response.language);
      const rendered = renderReplies(response.replies, texts[response.language]("choose_hint"));
      // Remembered before sending, so an answer typed the moment the list shows maps. An answer
      // without a question (after the report was sent) forgets the old numbers: a "1" is text then.
      if (rendered.menu !== undefined) menus.remember(message.address, rendered.menu);
      else menus.forget(message.address);
      try {
        // A message replayed from the spool after a restart may come before the link is up.
        await sender.send(message.address, rendered.parts, { waitMs: timing.replyWaitMs });
      } catch (error) {
        // The API has the message; only this answer is lost. The reporter's next message gets the next one.
        logger.warn({ updateId, reason: classifySendError(error).reason }, "could not send the replies");
      }
    },
    async sendNotice(message, key: NoticeKey) {
      await notify(message.address, localeFor(message.address), key);
    },
  });

  function startOutbox(): void {
    if (outbox !== undefined || stopped) return;
    // A new loop per connection: a stopped loop's claim may still be open, and must not be sent on.
    outbox = createOutboxLoop({
      channel: "whatsapp",
      client,
      classify: classifySendError,
      logger,
      retry: timing.outboxRetry,
      batch: { max: 20, waitMs: timing.outboxWaitMs },
      minEmptyPollIntervalMs: timing.outboxMinEmptyPollIntervalMs,
      stopGraceMs: timing.stopGraceMs,
      async send(item) {
        const rendered = renderReplies([{ text: item.text, choices: item.choices }], texts[localeFor(item.address)]("choose_hint"));
        const last = await sender.send(item.address, rendered.parts);
        // Only once it is on screen: a staff alert's "1" then means "✅ Terima" for that ticket.
        if (rendered.menu !== undefined) menus.remember(item.address, rendered.menu);
        return last;
      },
    });
    outbox.start();
  }

  function stopOutbox(): Promise<void> {
    const running = outbox;
    outbox = undefined;
    return running?.stop() ?? Promise.resolve();
  }

  /**
   * /hubungkan and an alert's "✅ Terima" go to the API's staff actions, never to the intake: no
   * reporting flow, no transcript, no spool. When the API cannot answer, the staff member is
   * asked to try again: replayed later, a code may have expired or the ticket gone to a colleague.
   */
  async function handleStaffAction(action: Extract<Normalised, { kind: "staff_action" }>, updateId: string): Promise<void> {
    const { address, externalId } = action;
    let result: StaffActionResponse;
    try {
      result = await client.staffAction("whatsapp", { externalId, address, action: action.action });
    } catch (error) {
      logger.warn({ updateId, action: action.action.type, err: error }, "staff action not handled");
      await notify(address, "id", "staff.try_again");
      return;
    }
    logger.info({ updateId, action: action.action.type, outcome: result.outcome }, "staff action handled");
    if (action.fromMenu && TICKET_TAKEN.includes(result.outcome)) menus.forget(address);
    try {
      await sender.send(address, renderReplies([{ text: result.reply, choices: [] }], "").parts);
    } catch (error) {
      logger.warn({ updateId, reason: classifySendError(error).reason }, "could not send the staff action's reply");
    }
  }

  /** One chat's messages are handled in the order they came: a photo being fetched holds the text typed after it. */
  const chats = createKeyedLock();

  async function handle(message: Message): Promise<void> {
    if (stopped) return;
    // What logs name a message by: never its serialized id, its chat or the externalId (they hold the number).
    const updateId = message.id?.id ?? "unknown";
    const receivedAt = new Date();
    // The menu is read inside the chat's turn (below); here only whether the message is for the API at all.
    const first = normaliseMessage(message, undefined, receivedAt);
    if (first.kind === "ignored") {
      logger.debug({ updateId, reason: first.reason }, "message ignored");
      return;
    }
    const address = message.from;
    if (!limiter.take(address, Date.now())) {
      logger.info({ updateId }, "sender over the rate limit; message not forwarded");
      if (firstTime(rateNotices, address)) await notify(address, localeFor(address), "rate_limited");
      return;
    }
    await chats.run(address, async () => {
      if (stopped) return;
      const normalised = normaliseMessage(message, menus.get(address), receivedAt);
      switch (normalised.kind) {
        case "inbound": {
          let inbound = normalised.message;
          if (normalised.download && inbound.content.type === "media") {
            inbound = { ...inbound, content: await media.fetch(message, inbound.content, updateId) };
          }
          logger.debug({ updateId, content: inbound.content.type }, "inbound message");
          await delivery.deliver(inbound, updateId);
          return;
        }
        case "staff_action":
          await handleStaffAction(normalised, updateId);
          return;
        case "staff_usage":
          await notify(address, "id", "staff.link_usage");
          return;
        case "ignored":
          logger.debug({ updateId, reason: normalised.reason }, "message ignored");
          return;
      }
    });
  }

  function track(work: Promise<void>): void {
    const handled = work.catch((error: unknown) => logger.error({ err: error }, "WhatsApp message handling failed"));
    inFlight.add(handled);
    void handled.finally(() => inFlight.delete(handled));
  }

  /** Kept files that no spooled message refers to: left by a crash between the download and the spool. */
  async function sweepMedia(): Promise<void> {
    const referenced = new Set<string>();
    for (const address of spool.addresses()) {
      for (const { message } of spool.pendingFor(address)) {
        const name = pendingFileOf(message);
        if (name !== undefined) referenced.add(name);
      }
    }
    const removed = await media.sweep(referenced);
    if (removed > 0) logger.warn({ removed }, "deleted kept media files no spooled message refers to");
  }

  return {
    async start() {
      if (stopped) throw new Error("a stopped WhatsApp adapter cannot be started again; create a new one");
      if (started) return;
      started = true;
      await menus.load();
      // Before the first message: a chat's spooled messages must go before its new ones.
      await delivery.start();
      await sweepMedia();
      if (makeClient === undefined) {
        const { createDefaultClient, DEFAULT_CHROMIUM_PATH } = await import("./client-options.ts");
        const chromiumPath = deps.chromiumPath ?? process.env.PUPPETEER_EXECUTABLE_PATH ?? DEFAULT_CHROMIUM_PATH;
        makeClient = () => createDefaultClient(dataDir, chromiumPath);
      }
      connection.start();
      logger.info({ waiting: delivery.waiting(), menus: menus.size() }, "WhatsApp adapter started");
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      stopping.abort();
      const outboxStopped = stopOutbox();
      if (!(await settleWithin(Promise.allSettled([...inFlight]), timing.stopGraceMs))) {
        logger.warn({ inFlight: inFlight.size }, "messages still being handled at stop");
      }
      if (!(await settleWithin(delivery.stop(), timing.stopGraceMs))) logger.warn("spool replay still running at stop");
      await outboxStopped;
      await menus.flush();
      await connection.stop();
    },

    state: () => connection.state(),
    spooled: () => delivery.waiting(),
  };
}
