import type { FastifyBaseLogger } from "fastify";
import type { OutboxItem, OutboxResult } from "../../../api/intake/schemas.ts";
import type { Channel } from "../../../db/schema/enums.ts";
import { HotlineRejectedError, type HotlineClient } from "../../client.ts";
import { backoffDelay, sleep, settleWithin, type Backoff } from "./timing.ts";

/*
 * Delivers what the API queued for one channel (staff replies, reminders, status notes, alerts):
 * claim a batch (the API holds the request open until something is waiting), send each, report
 * each result. Sending never happens inside an API request handler (DESIGN.md: outbound is a queue).
 */

export type SendFailure = Extract<OutboxResult, { ok: false }>;

export interface OutboxLoopDeps {
  channel: Channel;
  client: HotlineClient;
  /** Sends one item; resolves with the id of the last message it took on the channel. */
  send(item: OutboxItem): Promise<string | undefined>;
  /** How a failed send is reported: permanent when the chat is gone, so the API stops retrying. */
  classify(error: unknown): SendFailure;
  logger: FastifyBaseLogger;
  retry: Backoff;
  batch: { max: number; waitMs: number };
  /** Floor between two claims that came back empty, in case the API answers at once. */
  minEmptyPollIntervalMs: number;
  /** How long stop() waits for a batch being sent to finish. */
  stopGraceMs: number;
}

export interface OutboxLoop {
  start(): void;
  stop(): Promise<void>;
}

export function createOutboxLoop(deps: OutboxLoopDeps): OutboxLoop {
  const { client, logger } = deps;
  let running = false;
  let stopping = new AbortController();
  /** The batch being sent, which stop() lets finish; an open claim it does not wait for. */
  let delivering: Promise<void> | undefined;

  async function deliver(item: OutboxItem): Promise<void> {
    let result: OutboxResult;
    try {
      const externalId = await deps.send(item);
      result = externalId !== undefined ? { ok: true, externalId } : { ok: true };
    } catch (error) {
      result = deps.classify(error);
      logger.warn({ outboxId: item.id, reason: result.reason, permanent: result.permanent }, "outbox message not delivered");
    }
    try {
      await client.reportOutbox(item.id, result);
    } catch (error) {
      // Not retried here: the API offers an unreported item again once its claim expires.
      logger.warn({ outboxId: item.id, err: error }, "could not report an outbox result");
    }
  }

  async function run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (running) {
      const claimedAt = Date.now();
      let items: OutboxItem[];
      try {
        items = await client.fetchOutbox(deps.channel, deps.batch);
        failures = 0;
      } catch (error) {
        if (!running) break;
        if (error instanceof HotlineRejectedError) {
          logger.error({ statusCode: error.statusCode }, "outbox claim refused");
        } else {
          logger.warn({ err: error }, "outbox claim failed; backing off");
        }
        await sleep(backoffDelay(failures, deps.retry), signal);
        failures += 1;
        continue;
      }
      if (!running) {
        // Claimed after stop() was called: left for the API to offer again when the claim expires.
        if (items.length > 0) logger.info({ claimed: items.length }, "outbox items claimed while stopping were not sent");
        break;
      }
      delivering = (async () => {
        for (const item of items) {
          if (!running) break;
          await deliver(item);
        }
      })();
      await delivering;
      delivering = undefined;
      if (items.length === 0) {
        const elapsed = Date.now() - claimedAt;
        if (elapsed < deps.minEmptyPollIntervalMs) await sleep(deps.minEmptyPollIntervalMs - elapsed, signal);
      }
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      stopping = new AbortController();
      void run(stopping.signal).catch((error: unknown) => logger.error({ err: error }, "outbox loop crashed"));
    },
    async stop() {
      running = false;
      stopping.abort();
      // A claim still open cannot be cancelled through HotlineClient; whatever it brings back is
      // not sent (see run), and the API's close ends it. Only a batch being sent is waited for.
      if (delivering !== undefined && !(await settleWithin(delivering, deps.stopGraceMs))) {
        logger.warn("outbox batch still sending at stop");
      }
    },
  };
}
