import type { FastifyBaseLogger } from "fastify";
import type { InboundMessage, IntakeResponse } from "../../../api/intake/schemas.ts";
import { HotlineRejectedError, type HotlineClient } from "../../client.ts";
import type { KeyedLock } from "./keyed-lock.ts";
import type { Spool, UpdateRef } from "./spool.ts";
import { backoffDelay, type Backoff } from "./timing.ts";

/*
 * Hands inbound messages to the API and guarantees "every message gets a reply, and is retried,
 * not dropped": when the API cannot take one, the reporter gets the fallback with the emergency
 * numbers at once, the message waits in the spool, and it is replayed, in its chat's order,
 * until the API takes it; then its real replies are sent.
 *
 * The spool is also a write-ahead journal: every message is on disk before the API sees it and
 * leaves only once its replies are sent. A process killed in between (SIGKILL, power, OOM) finds
 * it at the next start and hands it over again; the API recognises a message it already stored
 * and answers with the same replies, so the report is stored once and the reporter is answered.
 * Nothing else would bring it back: grammY's runner confirms an update to Telegram as soon as it
 * polls for the next batch, long before the reply, and WhatsApp never delivers a message twice.
 */

export type NoticeKey = "fallback" | "rejected";

/*
 * Logs name a message by the update that brought it (UpdateRef), never by its externalId:
 * `m:<chat id>:<message id>` holds the chat id, which is where a reporter can be reached.
 */

export interface DeliveryDeps {
  client: HotlineClient;
  spool: Spool;
  /** Per chat: live messages and spool replays reach the API one at a time, in order. */
  lock: KeyedLock;
  logger: FastifyBaseLogger;
  /** Both never throw: a message Telegram would not take is logged by the adapter, under `updateId`. */
  sendReplies(message: InboundMessage, response: IntakeResponse, updateId: UpdateRef | undefined): Promise<void>;
  sendNotice(message: InboundMessage, key: NoticeKey): Promise<void>;
  /**
   * Runs before every attempt, live or replayed, and returns the message to hand over: WhatsApp
   * uploads a file that waits on disk and puts the API's fileId in its place. It throws like
   * sendInbound does (unavailable: the message is kept and retried); when the intake then fails,
   * the message is kept as prepare() changed it, so a file uploaded once is not uploaded again.
   * Telegram has nothing to prepare.
   */
  prepare?(message: InboundMessage, updateId: UpdateRef | undefined): Promise<InboundMessage>;
  retry: Backoff;
}

export interface InboundDelivery {
  /** Loads what a previous run spooled and starts replaying it. Call before the first update. */
  start(): Promise<void>;
  /** `updateId`: the update that brought it, the only id the logs name. */
  deliver(message: InboundMessage, updateId: UpdateRef): Promise<void>;
  /** Stops retrying; a replay in progress finishes its current message. */
  stop(): Promise<void>;
  /** Messages waiting for the API. */
  waiting(): number;
}

type Outcome = "done" | "unavailable";

/** A message and the update id its logs name; undefined only for a spool file written without one. */
interface Pending {
  message: InboundMessage;
  updateId: UpdateRef | undefined;
}

export function createInboundDelivery(deps: DeliveryDeps): InboundDelivery {
  const { client, spool, lock, logger, retry } = deps;
  let stopped = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;
  /**
   * Journaled messages whose live delivery is still under way: in the spool, but not waiting for
   * the replay (their chat's lock is held, and a replay would only queue behind it).
   */
  const inFlight = new Set<string>();
  const waitingCount = () => spool.size() - inFlight.size;

  /** `live`: the message just arrived (its reporter is waiting); otherwise a replay of a waiting one. */
  async function attempt(pending: Pending, live: boolean): Promise<Outcome> {
    const { updateId } = pending;
    let message = pending.message;
    let response: IntakeResponse;
    try {
      if (deps.prepare) message = await deps.prepare(message, updateId);
      response = await client.sendInbound(message);
    } catch (error) {
      if (error instanceof HotlineRejectedError) {
        // Sending the same message again would be refused again: answer kindly and let it go.
        logger.warn({ updateId, statusCode: error.statusCode }, "intake refused the message");
        await forget(pending);
        await deps.sendNotice(message, "rejected");
        return "done";
      }
      // Unavailable, or an answer that did not parse: either way the API may not have it. It stays
      // in the spool (journaled before this attempt), as prepare() left it.
      logger.warn({ updateId, err: error, fromSpool: !live }, "intake unavailable");
      if (message !== pending.message) await journal({ message, updateId });
      if (live) await waitForApi(message);
      return "unavailable";
    }
    // A duplicate still gets its replies: the first attempt may have died before sending them.
    if (response.duplicate) logger.info({ updateId }, "intake had this update already; resending its replies");
    await deps.sendReplies(message, response, updateId);
    await forget(pending);
    if (!live) logger.info({ updateId }, "spooled message delivered");
    // The API answers again: whatever waits in the spool can go now rather than at the next backoff.
    if (waitingCount() > 0) schedule(0);
    return "done";
  }

  /**
   * Writes the message to the spool (or rewrites it as prepare() changed it, in its place in the
   * chat's order). The file is named after the externalId, so an fs error's message quotes the
   * chat id: only `err` carries it, and api/logging.ts serializes an error's type and code, never
   * its message.
   */
  async function journal({ message, updateId }: Pending): Promise<void> {
    try {
      await spool.add(message, updateId);
    } catch (error) {
      // The spool keeps it in memory, so it is still retried while this process lives.
      logger.error({ updateId, err: error }, "could not write the spool file");
    }
  }

  /** A live message the API could not take: it waits for the replay, and its reporter gets the fallback now. */
  async function waitForApi(message: InboundMessage): Promise<void> {
    inFlight.delete(message.externalId);
    schedule();
    await deps.sendNotice(message, "fallback");
  }

  async function forget({ message, updateId }: Pending): Promise<void> {
    try {
      await spool.remove(message.externalId);
    } catch (error) {
      logger.error({ updateId, err: error }, "could not delete the spool file");
    }
  }

  /** Replays one chat's waiting messages in order; false when the API is still unavailable. */
  async function drain(address: string): Promise<boolean> {
    for (const { message, updateId } of spool.pendingFor(address)) {
      if (stopped) return false;
      if ((await attempt({ message, updateId }, false)) === "unavailable") return false;
    }
    return true;
  }

  async function flush(): Promise<void> {
    let allDelivered = true;
    for (const address of spool.addresses()) {
      if (stopped) return;
      // A chat whose only journaled message is still being delivered live has nothing waiting.
      if (spool.pendingFor(address).every((p) => inFlight.has(p.message.externalId))) continue;
      if (!(await lock.run(address, () => drain(address)))) {
        // The API is down for everyone: trying the other chats now would only add load.
        allDelivered = false;
        break;
      }
    }
    failures = allDelivered ? 0 : failures + 1;
    if (!allDelivered) logger.info({ waiting: spool.size(), attempt: failures }, "intake still unavailable; spooled messages wait");
  }

  /** Plans the next replay: after `delayMs`, or after the current backoff. */
  function schedule(delayMs?: number): void {
    if (stopped || waitingCount() === 0 || flushing) return;
    if (timer !== undefined) {
      if (delayMs !== 0) return;
      clearTimeout(timer);
    }
    timer = setTimeout(() => {
      timer = undefined;
      flushing = flush()
        .catch((error: unknown) => logger.error({ err: error }, "spool replay failed"))
        .finally(() => {
          flushing = undefined;
          schedule();
        });
    }, delayMs ?? backoffDelay(failures, retry));
    // A retry timer alone must not keep a stopping process alive.
    timer.unref();
  }

  return {
    async start() {
      const { loaded, setAside } = await spool.load();
      if (loaded > 0) logger.info({ waiting: loaded }, "replaying messages spooled by an earlier run");
      if (setAside > 0) logger.error({ setAside }, "unreadable spool files renamed to *.unreadable; they are not retried");
      schedule(0);
    },

    async deliver(message, updateId) {
      await lock.run(message.address, async () => {
        const olderWaiting = spool.hasPending(message.address);
        inFlight.add(message.externalId);
        try {
          await journal({ message, updateId });
          if (!olderWaiting) {
            await attempt({ message, updateId }, true);
            return;
          }
          // Older messages of this chat go first, then this one, last in the chat's order; if
          // they cannot go, it waits behind them.
          if (!(await drain(message.address)) && spool.pendingFor(message.address).some((p) => p.message.externalId === message.externalId)) {
            await waitForApi(message);
          }
        } finally {
          inFlight.delete(message.externalId);
        }
      });
    },

    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await flushing;
    },

    waiting: () => waitingCount(),
  };
}
