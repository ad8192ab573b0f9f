import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../../db/client.ts";
import type { TicketChange } from "./event-schemas.ts";
import { recentTicketChanges, type ChangeRow } from "./ticket-changes.ts";

/*
 * One poller per unit per process, however many consoles of the unit are open: it asks the
 * database every `pollMs` what changed (api/events/ticket-changes.ts) and hands each change to the
 * streams once. Polling the database rather than listening to this process's own code is what
 * lets several API instances, and changes made by the worker's jobs, reach every console.
 */

export interface UnitWatcher {
  /** The first poll: remembers what already happened, reports nothing. False when the database could not answer. */
  start(): Promise<boolean>;
  /** The database time of the last poll, as an ISO string: the version the streams carry. */
  version(): string;
  /** No more polls; resolves once a poll in flight has finished. */
  stop(): Promise<void>;
}

export interface UnitWatcherDeps {
  db: Db;
  unitId: string;
  pollMs: number;
  /** How far each poll looks back before the previous one, for changes that committed late. */
  lagMs: number;
  logger: FastifyBaseLogger;
  onChanges(version: string, changes: TicketChange[]): void;
}

export function createUnitWatcher(deps: UnitWatcherDeps): UnitWatcher {
  const { db, unitId, logger } = deps;
  /** Changes already reported, by key, with their stamp so they are forgotten once out of the window. */
  const seenChanges = new Map<string, number>();
  /** Tickets already reported, with their latest stamp: a ticket seen for the first time may be new. */
  const seenTickets = new Map<string, number>();
  let previousPoll: Date | undefined;
  let stopped = false;
  let failing = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  /** The changes this poll found that no earlier poll did, one per ticket. */
  function fresh(rows: readonly ChangeRow[], windowStart: Date): TicketChange[] {
    const changes = new Map<string, TicketChange>();
    for (const row of rows) {
      if (seenChanges.has(row.key)) continue;
      const stamp = row.stamp.getTime();
      seenChanges.set(row.key, stamp);
      const { id, code, priority, status, createdAt } = row.ticket;
      // Created inside the window and never reported before: a ticket that arrived since the last look.
      const created = (changes.get(id)?.created ?? false) || (!seenTickets.has(id) && createdAt >= windowStart);
      changes.set(id, { id, code, priority, status, created });
      seenTickets.set(id, Math.max(stamp, seenTickets.get(id) ?? 0));
    }
    // What is older than this window can never come back from a later poll.
    for (const memory of [seenChanges, seenTickets]) {
      for (const [key, stamp] of memory) if (stamp <= windowStart.getTime()) memory.delete(key);
    }
    return [...changes.values()];
  }

  async function poll(report: boolean): Promise<void> {
    const { polledAt, windowStart, rows } = await recentTicketChanges(db, unitId, previousPoll, deps.lagMs);
    previousPoll = polledAt;
    const changes = fresh(rows, windowStart);
    if (report && !stopped && changes.length > 0) deps.onChanges(polledAt.toISOString(), changes);
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      inFlight = poll(true).then(
        () => {
          if (failing) logger.info({ unitId }, "live updates: the database answers again");
          failing = false;
        },
        (error: unknown) => {
          // Once per outage: a database that is down would otherwise log every two seconds per unit.
          if (!failing) logger.warn({ unitId, err: error }, "live updates: polling the database failed; retrying");
          failing = true;
        },
      );
      void inFlight.then(schedule);
    }, deps.pollMs);
    // A forgotten watcher must never keep a process alive.
    timer.unref();
  }

  return {
    async start() {
      try {
        inFlight = poll(false);
        await inFlight;
      } catch (error) {
        logger.warn({ unitId, err: error }, "live updates: the first poll failed");
        return false;
      }
      schedule();
      return true;
    },
    version: () => previousPoll?.toISOString() ?? "",
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight.catch(() => {});
    },
  };
}
