import type { FastifyBaseLogger } from "fastify";
import type { Database } from "../../db/client.ts";
import type { TicketChange } from "./event-schemas.ts";
import type { EventStream } from "./event-stream.ts";
import { liveSessionIds } from "./live-sessions.ts";
import { createUnitWatcher, type UnitWatcher } from "./unit-watcher.ts";

/*
 * The live updates of one API process: the open streams, grouped by unit, each unit fed by one
 * watcher that runs only while a console of the unit is open. Streams end with their session
 * (checked every `sessionCheckMs` in one query) and when the app closes.
 */

export interface LiveUpdateTiming {
  /** How often a unit's watcher asks the database what changed. */
  pollMs: number;
  /** How far each poll looks back for changes that committed after the previous poll. */
  lagMs: number;
  /** The `: ping` comment that keeps proxies from closing a quiet stream. */
  pingMs: number;
  /** How often the streams' sessions are checked: a stream outlives a logout by this much at most. */
  sessionCheckMs: number;
  /** What browsers are told to wait before reconnecting. */
  retryMs: number;
}

const DEFAULT_LIVE_UPDATE_TIMING: LiveUpdateTiming = {
  pollMs: 2_000,
  lagMs: 30_000,
  pingMs: 25_000,
  sessionCheckMs: 60_000,
  retryMs: 3_000,
};

export interface LiveUpdates {
  readonly timing: LiveUpdateTiming;
  /** Adds a stream of the unit; sends it `ready` once the unit's watcher knows where it stands. */
  subscribe(input: { unitId: string; sessionId: string; stream: EventStream }): Promise<void>;
  /** Ends every stream (`closing: shutdown`) and stops every watcher and timer. */
  close(): Promise<void>;
}

interface Subscriber {
  sessionId: string;
  stream: EventStream;
  /** Set once it got `ready`: nothing reaches a stream before that. */
  ready: boolean;
}

interface UnitFeed {
  watcher: UnitWatcher;
  subscribers: Set<Subscriber>;
  /** The watcher's first poll; false when the database could not answer it. */
  started: Promise<boolean>;
}

export function createLiveUpdates(deps: {
  database: Database;
  clock: () => Date;
  logger: FastifyBaseLogger;
  timing?: Partial<LiveUpdateTiming>;
}): LiveUpdates {
  const timing: LiveUpdateTiming = { ...DEFAULT_LIVE_UPDATE_TIMING, ...deps.timing };
  const db = deps.database.db;
  const logger = deps.logger;
  const feeds = new Map<string, UnitFeed>();
  let timers: NodeJS.Timeout[] = [];
  let closed = false;

  const allSubscribers = () => [...feeds.values()].flatMap((feed) => [...feed.subscribers]);

  function fanOut(feed: UnitFeed, version: string, changed: TicketChange[]): void {
    for (const subscriber of feed.subscribers) if (subscriber.ready) subscriber.stream.send("tickets", { version, changed });
  }

  function openFeed(unitId: string): UnitFeed {
    const subscribers = new Set<Subscriber>();
    const watcher = createUnitWatcher({
      db,
      unitId,
      pollMs: timing.pollMs,
      lagMs: timing.lagMs,
      logger,
      onChanges: (version, changed) => fanOut(feed, version, changed),
    });
    const feed: UnitFeed = { watcher, subscribers, started: watcher.start() };
    return feed;
  }

  /** The last stream of a unit gone: its watcher stops until a console of the unit opens again. */
  function leave(unitId: string, feed: UnitFeed, subscriber: Subscriber): void {
    feed.subscribers.delete(subscriber);
    if (feed.subscribers.size > 0 || feeds.get(unitId) !== feed) return;
    feeds.delete(unitId);
    void feed.watcher.stop();
  }

  async function endExpiredSessions(): Promise<void> {
    const subscribers = allSubscribers();
    if (subscribers.length === 0) return;
    const live = await liveSessionIds(db, [...new Set(subscribers.map((s) => s.sessionId))], deps.clock());
    const ended = subscribers.filter((subscriber) => !live.has(subscriber.sessionId));
    await Promise.all(ended.map((subscriber) => subscriber.stream.close("session_ended")));
  }

  function startTimers(): void {
    if (timers.length > 0) return;
    const every = (ms: number, work: () => void) => {
      const timer = setInterval(work, ms);
      timer.unref();
      timers.push(timer);
    };
    every(timing.pingMs, () => {
      for (const subscriber of allSubscribers()) subscriber.stream.ping();
    });
    every(timing.sessionCheckMs, () => {
      endExpiredSessions().catch((error: unknown) => logger.warn({ err: error }, "live updates: checking sessions failed"));
    });
  }

  return {
    timing,

    async subscribe({ unitId, sessionId, stream }) {
      if (closed) {
        await stream.close("shutdown");
        return;
      }
      let feed = feeds.get(unitId);
      if (!feed) {
        feed = openFeed(unitId);
        feeds.set(unitId, feed);
      }
      const subscriber: Subscriber = { sessionId, stream, ready: false };
      feed.subscribers.add(subscriber);
      const joined = feed;
      stream.onEnd(() => leave(unitId, joined, subscriber));
      startTimers();

      if (!(await joined.started)) {
        // The database did not answer: end the stream; the browser tries again after `retryMs`.
        if (feeds.get(unitId) === joined) feeds.delete(unitId);
        await Promise.all([...joined.subscribers].map((s) => s.stream.close("unavailable")));
        return;
      }
      if (stream.ended) return;
      subscriber.ready = true;
      stream.send("ready", { version: joined.watcher.version() });
    },

    async close() {
      closed = true;
      for (const timer of timers) clearInterval(timer);
      timers = [];
      const subscribers = allSubscribers();
      const watchers = [...feeds.values()].map((feed) => feed.watcher);
      feeds.clear();
      await Promise.all([...subscribers.map((s) => s.stream.close("shutdown")), ...watchers.map((watcher) => watcher.stop())]);
    },
  };
}
