import { autoRetry } from "@grammyjs/auto-retry";
import { createConcurrentSink, createRunner, createSource, createUpdateFetcher, sequentialize, type RunnerHandle } from "@grammyjs/runner";
import type { FastifyBaseLogger } from "fastify";
import { Bot, BotError } from "grammy";
import type { Update } from "grammy/types";
import type { i18n, TFunction } from "i18next";
import type { InboundMessage } from "../../../api/intake/schemas.ts";
import type { Locale, TelegramConfig } from "../../../api/config.ts";
import type { StaffActionOutcome, StaffActionResponse } from "../../../api/oncall/staff-link-schemas.ts";
import type { HotlineClient } from "../../client.ts";
import { createChatMemory, firstTime } from "../shared/chat-memory.ts";
import { publishCommands } from "./commands.ts";
import { createInboundDelivery, type NoticeKey } from "../shared/delivery.ts";
import { createKeyedLock } from "../shared/keyed-lock.ts";
import { createFetchedJournal } from "./fetched-journal.ts";
import { normaliseUpdate, type Normalised } from "./normalise.ts";
import { createOutboxLoop } from "../shared/outbox-loop.ts";
import { createRateLimiter, type RateLimit } from "../shared/rate-limit.ts";
import { sendReplies } from "./render.ts";
import { createSpool } from "../shared/spool.ts";
import { settleWithin, type Backoff } from "../shared/timing.ts";
import { classifySendError } from "./send-errors.ts";
import { TELEGRAM_WEBHOOK_PATH, WebhookNotReadyError } from "./webhook.ts";

/*
 * The Telegram channel: a thin grammY adapter. It turns updates into InboundMessages, hands them
 * to the API through HotlineClient and renders the replies; the reporting flow lives in the API.
 */

/** After these the alert's "Terima" button does nothing more: it is taken away, its link to the ticket stays. */
const TICKET_TAKEN: readonly StaffActionOutcome[] = ["acknowledged", "already_acknowledged"];

/** Only what the adapter handles; Telegram does not even send the rest. */
export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query"] as const;

export interface AdapterTiming {
  /** Replaying spooled messages while the API is unavailable. */
  spoolRetry: Backoff;
  /** Claiming outbox items while the API is unavailable. */
  outboxRetry: Backoff;
  /** How long one outbox claim may wait for an item on the API side. */
  outboxWaitMs: number;
  outboxMinEmptyPollIntervalMs: number;
  /** How long stop() waits for updates being handled and for an open outbox claim. */
  stopGraceMs: number;
  /** Per private chat, messages and button presses alike: `burst` at once, then one per `refillMs`. */
  rateLimit: RateLimit;
  /** A chat over the limit is told so at most once per this period. */
  rateNoticeMs: number;
}

const DEFAULT_TIMING: AdapterTiming = {
  spoolRetry: { initialMs: 2_000, maxMs: 60_000 },
  outboxRetry: { initialMs: 1_000, maxMs: 30_000 },
  outboxWaitMs: 25_000,
  outboxMinEmptyPollIntervalMs: 1_000,
  stopGraceMs: 5_000,
  // The WhatsApp adapter's limit: generous for a child typing a story line by line.
  rateLimit: { burst: 15, refillMs: 3_000 },
  rateNoticeMs: 60_000,
};

/** Chats whose rate-limit buckets are kept; the least recently seen go first. */
const MAX_RATE_LIMITED_CHATS = 50_000;

export interface TelegramAdapterDeps {
  telegram: TelegramConfig;
  client: HotlineClient;
  logger: FastifyBaseLogger;
  i18n: i18n;
  /** Where messages wait while the API is unavailable, e.g. DATA_DIR/spool/telegram. */
  spoolDir: string;
  timing?: Partial<AdapterTiming>;
}

export interface TelegramAdapter {
  bot: Bot;
  /** init (checks the token), command menu, spool replay, then long polling or setWebhook, and the outbox loop. */
  start(): Promise<void>;
  /** Stops taking updates, lets those in hand finish (bounded), stops the outbox and spool loops. Final: make a new adapter to start again. */
  stop(): Promise<void>;
  /** Webhook mode only: handles one update Telegram pushed. Throws WebhookNotReadyError before start(). */
  handleWebhook?: (update: Update) => Promise<void>;
  /** Messages waiting in the spool for the API. */
  spooled(): number;
}

export function createTelegramAdapter(deps: TelegramAdapterDeps): TelegramAdapter {
  const { telegram, client } = deps;
  const timing = { ...DEFAULT_TIMING, ...deps.timing };
  const logger = deps.logger.child({ channel: "telegram" });
  const texts: Record<Locale, TFunction> = {
    id: deps.i18n.getFixedT("id", "telegram"),
    en: deps.i18n.getFixedT("en", "telegram"),
  };

  const bot = new Bot(telegram.token, { client: { ...(telegram.apiRoot !== undefined && { apiRoot: telegram.apiRoot }) } });
  // 429 (retry_after up to a minute) and 5xx are retried, three times at most, so one chat is never
  // held for long. Network errors are not: the caller decides (the outbox reports them, the runner re-polls).
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true }));
  // Installed last, so it sees the outcome after retries. Method and code only: payloads hold what reporters wrote.
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (!result.ok) logger.warn({ method, errorCode: result.error_code }, "Telegram refused a call");
      return result;
    } catch (error) {
      if (!signal?.aborted) logger.warn({ method, err: error }, "Telegram call failed");
      throw error;
    }
  });

  /** The language a chat last used with the API; for the adapter's own texts. */
  const languages = createChatMemory<Locale>({ maxEntries: 50_000, ttlMs: 7 * 24 * 3600_000 });
  const groupNotices = createChatMemory<true>({ maxEntries: 10_000, ttlMs: 24 * 3600_000 });
  const editNotices = createChatMemory<true>({ maxEntries: 10_000, ttlMs: 3600_000 });
  const localeFor = (chatId: string, hint: string | undefined): Locale =>
    languages.get(chatId) ?? (hint?.toLowerCase().startsWith("en") ? "en" : "id");
  const limiter = createRateLimiter({ ...timing.rateLimit, maxSenders: MAX_RATE_LIMITED_CHATS });
  const rateNotices = createChatMemory<true>({ maxEntries: 10_000, ttlMs: timing.rateNoticeMs });

  async function notify(chatId: string, locale: Locale, key: string, params: Record<string, string> = {}): Promise<void> {
    try {
      await bot.api.sendMessage(chatId, texts[locale](key, params), { link_preview_options: { is_disabled: true } });
    } catch (error) {
      logger.warn({ notice: key, err: error }, "could not send a notice");
    }
  }

  const spool = createSpool(deps.spoolDir);
  // Beside the spool (DATA_DIR/spool/telegram-fetched), under the same channel lock.
  const fetched = createFetchedJournal(`${deps.spoolDir}-fetched`);
  const delivery = createInboundDelivery({
    client,
    spool,
    lock: createKeyedLock(),
    logger,
    retry: timing.spoolRetry,
    async sendReplies(message, response, updateId) {
      languages.set(message.address, response.language);
      try {
        await sendReplies(bot.api, message.address, response.replies, texts[response.language]("choose"));
      } catch (error) {
        // The API has the message; only this answer is lost. The reporter's next message gets the next one.
        logger.warn({ updateId, err: error }, "could not send the replies");
      }
    },
    async sendNotice(message: InboundMessage, key: NoticeKey) {
      await notify(message.address, localeFor(message.address, message.languageHint), key);
    },
  });

  const outbox = createOutboxLoop({
    channel: "telegram",
    client,
    classify: classifySendError,
    logger,
    retry: timing.outboxRetry,
    batch: { max: 20, waitMs: timing.outboxWaitMs },
    minEmptyPollIntervalMs: timing.outboxMinEmptyPollIntervalMs,
    stopGraceMs: timing.stopGraceMs,
    async send(item) {
      const locale = languages.get(item.address) ?? "id";
      const sent = await sendReplies(bot.api, item.address, [{ text: item.text, choices: item.choices }], texts[locale]("choose"));
      const last = sent.at(-1);
      return last !== undefined ? String(last.message_id) : undefined;
    },
  });

  /**
   * /hubungkan and alert buttons go to the API's staff actions, never to the intake: no reporting
   * flow, no transcript, no spool. When the API cannot answer, the staff member is asked to try
   * again: replayed later, a code may have expired or the ticket gone to a colleague meanwhile.
   */
  async function handleStaffAction(staffUpdate: Extract<Normalised, { kind: "staff_action" }>, updateId: number): Promise<void> {
    const { chatId, externalId, action, alert } = staffUpdate;
    let result: StaffActionResponse;
    try {
      result = await client.staffAction("telegram", { externalId, address: chatId, action });
    } catch (error) {
      logger.warn({ updateId, action: action.type, err: error }, "staff action not handled");
      await notify(chatId, "id", "staff.try_again");
      return;
    }
    logger.info({ updateId, action: action.type, outcome: result.outcome }, "staff action handled");
    try {
      await bot.api.sendMessage(chatId, result.reply, { link_preview_options: { is_disabled: true } });
    } catch (error) {
      logger.warn({ updateId, err: error }, "could not send the staff action's reply");
    }
    if (alert !== undefined && TICKET_TAKEN.includes(result.outcome)) {
      try {
        await bot.api.editMessageReplyMarkup(chatId, alert.messageId, { reply_markup: { inline_keyboard: alert.linkRows } });
      } catch (error) {
        // Cosmetic: a second press only gets "already acknowledged".
        logger.warn({ updateId, err: error }, "could not take the alert's buttons away");
      }
    }
  }

  async function handle(update: Update): Promise<void> {
    // What logs name an update by. Never the externalId: for a message it holds the chat id.
    const updateId = update.update_id;
    if (update.callback_query) {
      // Always, and first: until answered, the reporter's app shows a spinner on the button.
      await bot.api.answerCallbackQuery(update.callback_query.id).catch(() => {});
    }
    const normalised = normaliseUpdate(update, new Date());
    switch (normalised.kind) {
      case "inbound":
        logger.debug({ updateId, content: normalised.message.content.type }, "inbound update");
        await delivery.deliver(normalised.message, updateId);
        return;
      case "staff_action":
        await handleStaffAction(normalised, updateId);
        return;
      case "staff_usage":
        await notify(normalised.chatId, "id", "staff.link_usage");
        return;
      case "group_command":
        // Once a day per group: enough to point the way, not enough to spam a class chat.
        if (firstTime(groupNotices, normalised.chatId)) {
          await notify(normalised.chatId, "id", "group_private_only", { link: `https://t.me/${bot.botInfo.username}` });
        }
        return;
      case "edited":
        // An edit is not a new answer; say so once an hour, so a correction is not silently lost.
        if (firstTime(editNotices, normalised.chatId)) {
          await notify(normalised.chatId, localeFor(normalised.chatId, normalised.languageHint), "edited");
        }
        return;
      case "invalid_choice":
        logger.warn({ updateId }, "callback data we never send; not forwarded");
        await notify(normalised.chatId, localeFor(normalised.chatId, normalised.languageHint), "choice_invalid");
        return;
      case "ignored":
        logger.debug({ updateId, reason: normalised.reason }, "update ignored");
        return;
    }
  }

  const inFlight = new Set<Promise<void>>();
  // Before sequentialize, so a flooding chat's surplus is dropped as it arrives instead of
  // queueing behind its own messages; other chats never wait for it. Groups are not counted:
  // nothing from a group reaches the API.
  bot.use(async (ctx, next) => {
    const chat = ctx.chat;
    const chatId = chat === undefined ? ctx.from?.id : chat.type === "private" ? chat.id : undefined;
    if (chatId === undefined || limiter.take(String(chatId), Date.now())) return next();
    logger.info({ updateId: ctx.update.update_id }, "chat over the rate limit; update not forwarded");
    // The spinner on a pressed button stops only when answered.
    if (ctx.callbackQuery) await bot.api.answerCallbackQuery(ctx.callbackQuery.id).catch(() => {});
    // The WhatsApp adapter's words: they name no channel.
    const address = String(chatId);
    if (firstTime(rateNotices, address)) await notify(address, localeFor(address, ctx.from?.language_code), "whatsapp:rate_limited");
  });
  // The API locks per reporter too, but only this keeps two quick messages of one chat in the
  // order they were typed: the runner handles updates concurrently otherwise.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
  bot.use(async (ctx) => {
    const work = handle(ctx.update);
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  });
  bot.catch((error) => {
    logger.error({ updateId: error.ctx.update.update_id, err: error.error }, "update handling failed");
  });

  let runner: RunnerHandle | undefined;
  let ready = false;
  let started = false;
  let stopped = false;
  const webhookUrl = telegram.webhookUrl;

  async function startChannel(): Promise<void> {
    // Fails fast on a wrong token (401) rather than polling in vain.
    await bot.init();
    await publishCommands(bot.api, deps.i18n, logger);
    const leftovers = await fetched.load();
    // Before the first update: a chat's spooled messages must go before its new ones.
    await delivery.start();
    await handleLeftovers(leftovers);
    if (webhookUrl !== undefined) {
      if (new URL(webhookUrl).pathname !== TELEGRAM_WEBHOOK_PATH) {
        logger.warn({ expectedPath: TELEGRAM_WEBHOOK_PATH }, "TELEGRAM_WEBHOOK_URL does not end with the webhook route's path");
      }
      await bot.api.setWebhook(webhookUrl, {
        allowed_updates: [...ALLOWED_UPDATES],
        ...(telegram.webhookSecret !== undefined && { secret_token: telegram.webhookSecret }),
      });
    } else {
      // A webhook left by an earlier deployment would make getUpdates fail with 409.
      await bot.api.deleteWebhook();
      runner = startPolling();
      void runner.task()?.catch((error: unknown) => logger.error({ err: error }, "Telegram long polling stopped"));
    }
    ready = true;
  }

  /**
   * grammY's run(), except that each batch is in the fetched journal before the runner may poll
   * again: the next poll is what confirms the batch to Telegram.
   */
  function startPolling(): RunnerHandle {
    const fetchUpdates = createUpdateFetcher(bot, {
      fetch: { allowed_updates: [...ALLOWED_UPDATES] },
      silent: true,
      // While Telegram is unreachable: retries 100 ms further apart each time, not twice as far
      // (the default), which after a one-minute outage left the bot deaf for 40 s more; after an
      // hour, 27 s at most instead of another hour. And never given up: the default stops after
      // 15 hours, leaving a hotline deaf until someone restarts it.
      retryInterval: "quadratic",
      maxRetryTime: Number.POSITIVE_INFINITY,
    });
    const source = createSource<Update>({
      async supply(batchSize, signal) {
        const updates = await fetchUpdates(batchSize, signal);
        try {
          await fetched.add(updates);
        } catch (error) {
          // Handled all the same; only a crash before they reach the delivery journal would lose them.
          logger.error({ err: error, count: updates.length }, "could not write the fetched updates' journal");
        }
        return updates;
      },
    });
    const sink = createConcurrentSink<Update, BotError>({ consume: handleFetched }, async (error) => {
      try {
        await bot.errorHandler(error);
      } catch (failed) {
        logger.error({ err: failed }, "update error handler failed");
      }
    });
    const handle = createRunner(source, sink);
    handle.start();
    return handle;
  }

  /**
   * Updates an earlier run fetched (Telegram counts them delivered) and did not finish, handled
   * again in order before anything new; a message the delivery journal holds already is left to
   * its replay, so it is not answered twice.
   */
  async function handleLeftovers(leftovers: readonly Update[]): Promise<void> {
    if (leftovers.length > 0) logger.info({ count: leftovers.length }, "handling updates an earlier run fetched and did not finish");
    // Sorted out at once, before the spool's replay (started by delivery.start()) can deliver and
    // forget a message, which would then look new here and be answered twice.
    const journaled = leftovers.filter((update) => {
      const normalised = normaliseUpdate(update, new Date());
      return (
        normalised.kind === "inbound" &&
        spool.pendingFor(normalised.message.address).some((p) => p.message.externalId === normalised.message.externalId)
      );
    });
    for (const update of leftovers) {
      if (journaled.includes(update)) {
        await fetched.done(update.update_id);
        continue;
      }
      try {
        await handleFetched(update);
      } catch (error) {
        logger.error({ updateId: update.update_id, err: error instanceof BotError ? error.error : error }, "update handling failed");
      }
    }
  }

  /** Whatever the middleware did with it (answered, spooled, dropped over the rate limit), the fetched journal is done with it. */
  async function handleFetched(update: Update): Promise<void> {
    try {
      await bot.handleUpdate(update);
    } finally {
      await fetched.done(update.update_id).catch((error: unknown) => logger.error({ err: error }, "could not delete a fetched batch's file"));
    }
  }

  const adapter: TelegramAdapter = {
    bot,
    spooled: () => delivery.waiting(),

    async start() {
      if (stopped) throw new Error("a stopped Telegram adapter cannot be started again; create a new one");
      if (started) return;
      started = true;
      try {
        await startChannel();
      } catch (error) {
        started = false;
        throw error;
      }
      outbox.start();
      logger.info({ mode: webhookUrl !== undefined ? "webhook" : "polling", waiting: delivery.waiting() }, "Telegram adapter started");
    },

    async stop() {
      stopped = true;
      ready = false;
      const outboxStopped = outbox.stop();
      await runner?.stop()?.catch(() => {});
      if (!(await settleWithin(Promise.allSettled([...inFlight]), timing.stopGraceMs))) {
        logger.warn({ inFlight: inFlight.size }, "updates still being handled at stop");
      }
      await delivery.stop();
      await outboxStopped;
    },
  };

  if (webhookUrl !== undefined) {
    adapter.handleWebhook = async (update) => {
      if (!ready) throw new WebhookNotReadyError();
      try {
        await bot.handleUpdate(update);
      } catch (error) {
        // Answered 200 anyway: Telegram would redeliver a failing update forever, holding up the ones behind it.
        if (error instanceof BotError) logger.error({ updateId: update.update_id, err: error.error }, "update handling failed");
        else throw error;
      }
    };
  }

  return adapter;
}
