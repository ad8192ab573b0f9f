import type { QueueItem, TicketChange } from "../lib/api-types.ts";

/*
 * Which darurat tickets the console is alarming about. Kept for the whole visit to the console,
 * not per mount of the queue: opening a ticket and coming back does not ring again for the same
 * report, and a report still waiting (`baru`) keeps its banner.
 */

export interface DaruratAlarm {
  id: string;
  code: string;
  /** Raised to darurat from a lower priority (re-triage), rather than a new report. */
  raised: boolean;
}

class DaruratWatch {
  /** The priority last seen of every ticket, to notice one raised to darurat. */
  private readonly known = new Map<string, QueueItem["priority"]>();
  private readonly alarms = new Map<string, DaruratAlarm>();
  private readonly muted = new Set<string>();
  private readonly listeners = new Set<() => void>();

  /** The banner (in the shell, on every page) re-renders when the alarms change. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Live changes: a new darurat report, or a known ticket raised to darurat, while nobody has
   * acknowledged it yet. Returns the alarms that start now (for the sound and the notification).
   */
  observeChanges(changed: readonly TicketChange[]): DaruratAlarm[] {
    const started: DaruratAlarm[] = [];
    for (const change of changed) {
      const before = this.known.get(change.id);
      this.known.set(change.id, change.priority);
      const waiting = change.priority === "darurat" && change.status === "baru";
      if (!waiting) {
        this.clear(change.id);
        continue;
      }
      const raised = before !== undefined && before !== "darurat";
      if (this.alarms.has(change.id) || !(change.created || raised)) continue;
      const alarm = { id: change.id, code: change.code, raised: raised && !change.created };
      this.alarms.set(change.id, alarm);
      started.push(alarm);
    }
    this.changed();
    return started;
  }

  /**
   * The darurat reports waiting now, read whenever the live stream (re)connects: any not alarmed
   * yet starts its alarm. A report made while a phone's stream was down (a tunnel, a lock screen,
   * a server restart) comes in no change event; the queue's reload alone would show it silently.
   * Returns the alarms that start now.
   */
  observeWaiting(items: readonly QueueItem[]): DaruratAlarm[] {
    const started: DaruratAlarm[] = [];
    for (const item of items) {
      if (item.priority !== "darurat" || item.status !== "baru") continue;
      const before = this.known.get(item.id);
      this.known.set(item.id, item.priority);
      if (this.alarms.has(item.id)) continue;
      const alarm = { id: item.id, code: item.code, raised: before !== undefined && before !== "darurat" };
      this.alarms.set(item.id, alarm);
      started.push(alarm);
    }
    this.changed();
    return started;
  }

  /** The queue as just loaded: learns priorities, and ends alarms of tickets acknowledged meanwhile. */
  observeQueue(items: readonly QueueItem[]): void {
    for (const item of items) {
      this.known.set(item.id, item.priority);
      if (item.priority !== "darurat" || item.status !== "baru") this.clear(item.id);
    }
    this.changed();
  }

  /** Silences the alarms ringing now; a darurat report arriving later rings again. */
  mute(): void {
    for (const id of this.alarms.keys()) this.muted.add(id);
    this.changed();
  }

  get active(): DaruratAlarm[] {
    return [...this.alarms.values()];
  }

  get sounding(): boolean {
    return [...this.alarms.keys()].some((id) => !this.muted.has(id));
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  private clear(id: string): void {
    this.alarms.delete(id);
    this.muted.delete(id);
  }
}

export const daruratWatch = new DaruratWatch();
