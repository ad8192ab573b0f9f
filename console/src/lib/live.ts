import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError } from "./api.ts";
import type { QueueItem, TicketChange, TicketQueue } from "./api-types.ts";

/*
 * Live updates of the unit's tickets for the whole console: one EventSource on /v1/events, shared
 * by every page that listens (opened with the first listener, closed with the last). When the
 * stream keeps failing — a proxy that buffers it, a network that drops long requests — the
 * console polls the queue instead and works out what changed itself, so the page still updates.
 */

export type { TicketChange };

/** "live": events arrive as they happen; "polling": the queue is read every 15 s; "offline": the server cannot be reached. */
export type LiveState = "live" | "polling" | "offline";

/**
 * The tickets that changed, with their state now. An empty list means "changes may have been
 * missed" (sent when the stream connects or reconnects, and when polling starts): reload what you show.
 */
export type TicketChangeListener = (changed: TicketChange[]) => void;

export const POLL_INTERVAL_MS = 15_000;
/** A stream that opened but sends no `ready` within this is held by something in between. */
const READY_TIMEOUT_MS = 10_000;
/** Failed connections in a row (no `ready` in between, the API reachable) before falling back to polling. */
const FAILURES_BEFORE_POLLING = 3;
const RECONNECT_DELAYS_MS = [1_000, 3_000, 8_000];
/** While polling, the stream is tried again now and then: the proxy or network may have changed. */
const STREAM_RETRY_WHILE_POLLING_MS = 120_000;
/** Enough to see every open darurat and tinggi ticket of a unit at once. */
const POLL_LIMIT = 100;

type StateListener = (state: LiveState) => void;

class LiveConnection {
  private readonly listeners = new Set<TicketChangeListener>();
  private readonly stateListeners = new Set<StateListener>();
  private source: EventSource | undefined;
  private readyTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  /** Connections in a row that ended without `ready`, for the wait before the next one. */
  private attempts = 0;
  /** Of those, the ones where the API itself answered: the stream, not the network, is the problem. */
  private streamFailures = 0;
  private polling = false;
  /** The open tickets as the last poll saw them, to tell what changed since. */
  private snapshot: Map<string, PolledTicket> | undefined;
  state: LiveState = "live";

  subscribe(listener: TicketChangeListener, onState: StateListener): () => void {
    const first = this.listeners.size === 0;
    this.listeners.add(listener);
    this.stateListeners.add(onState);
    if (first) this.start();
    return () => {
      this.listeners.delete(listener);
      this.stateListeners.delete(onState);
      if (this.listeners.size === 0) this.stop();
    };
  }

  private start(): void {
    window.addEventListener("online", this.onOnline);
    window.addEventListener("offline", this.onOffline);
    this.attempts = 0;
    this.streamFailures = 0;
    this.setState(navigator.onLine ? "live" : "offline");
    this.openStream();
  }

  private stop(): void {
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener("offline", this.onOffline);
    this.closeStream();
    clearTimeout(this.retryTimer);
    this.stopPolling();
  }

  private setState(state: LiveState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private emit(changed: TicketChange[]): void {
    for (const listener of [...this.listeners]) listener(changed);
  }

  // -------------------------------------------------------------------------------------------
  // The stream

  private openStream(): void {
    this.closeStream();
    const source = new EventSource("/v1/events");
    this.source = source;
    this.readyTimer = setTimeout(() => this.streamFailed(), READY_TIMEOUT_MS);
    source.addEventListener("ready", () => {
      clearTimeout(this.readyTimer);
      this.attempts = 0;
      this.streamFailures = 0;
      this.stopPolling();
      this.setState("live");
      // Changes are sent from now on; whatever happened before (while the page loaded, or while
      // the stream was down) was not: listeners reload once.
      this.emit([]);
    });
    source.addEventListener("tickets", (event) => {
      const changed = parseChanges(event.data);
      if (changed.length > 0) this.emit(changed);
    });
    source.addEventListener("closing", (event) => {
      const reason = parseClosingReason(event.data);
      this.closeStream();
      if (reason === "session_ended") {
        // Asking who is signed in gets the 401 that takes the console back to its login screen.
        void api.get("/v1/auth/me").catch(() => undefined);
        return;
      }
      this.scheduleReconnect();
    });
    source.addEventListener("error", () => this.streamFailed());
  }

  private closeStream(): void {
    clearTimeout(this.readyTimer);
    this.source?.close();
    this.source = undefined;
  }

  /**
   * EventSource says nothing about why it failed, so the API is asked directly: a lost session
   * signs the console out (api.ts), no answer at all means offline, and an answer means the
   * stream itself does not get through.
   */
  private streamFailed(): void {
    if (!this.source) return;
    this.closeStream();
    if (this.polling) {
      this.retryTimer = setTimeout(() => this.openStream(), STREAM_RETRY_WHILE_POLLING_MS);
      return;
    }
    this.attempts += 1;
    api.get("/v1/auth/me").then(
      () => {
        if (this.listeners.size === 0) return;
        this.streamFailures += 1;
        if (this.streamFailures >= FAILURES_BEFORE_POLLING) this.startPolling();
        else this.scheduleReconnect();
      },
      (error: unknown) => {
        if (this.listeners.size === 0) return;
        if (error instanceof ApiError && error.status === 0) this.setState("offline");
        this.scheduleReconnect();
      },
    );
  }

  private scheduleReconnect(): void {
    clearTimeout(this.retryTimer);
    const delay = RECONNECT_DELAYS_MS[Math.min(this.attempts, RECONNECT_DELAYS_MS.length) - 1] ?? RECONNECT_DELAYS_MS[0];
    this.retryTimer = setTimeout(() => this.openStream(), delay);
  }

  private readonly onOnline = () => {
    this.attempts = 0;
    clearTimeout(this.retryTimer);
    if (this.polling) void this.poll();
    else this.openStream();
  };

  private readonly onOffline = () => this.setState("offline");

  // -------------------------------------------------------------------------------------------
  // Polling

  private startPolling(): void {
    if (this.polling) return;
    this.polling = true;
    this.snapshot = undefined;
    this.setState("polling");
    void this.poll();
    this.pollTimer = setInterval(() => void this.poll(), POLL_INTERVAL_MS);
    this.retryTimer = setTimeout(() => this.openStream(), STREAM_RETRY_WHILE_POLLING_MS);
  }

  private stopPolling(): void {
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    this.polling = false;
    this.snapshot = undefined;
  }

  private async poll(): Promise<void> {
    let page: TicketQueue;
    try {
      page = await api.get<TicketQueue>("/v1/tickets", { query: { limit: POLL_LIMIT } });
    } catch (error) {
      if (error instanceof ApiError && error.status === 0 && this.polling) this.setState("offline");
      return;
    }
    if (!this.polling) return;
    this.setState("polling");
    const next = new Map(page.items.map((item) => [item.id, polled(item)]));
    const previous = this.snapshot;
    this.snapshot = next;
    this.emit(previous ? diffSnapshots(previous, next) : []);
  }
}

interface PolledTicket {
  change: Omit<TicketChange, "created">;
  /** What else the queue shows that can change: who has it, and whether it was acknowledged. */
  fingerprint: string;
}

function polled(item: QueueItem): PolledTicket {
  return {
    change: { id: item.id, code: item.code, priority: item.priority, status: item.status },
    fingerprint: [item.status, item.priority, item.category, item.assignee?.id ?? "", item.acknowledgedAt ?? ""].join("|"),
  };
}

/**
 * New ids are new reports (`created`), so a darurat one still rings the alarm while polling. A
 * ticket that left the open list is named with the state last seen: listeners reload it anyway.
 */
function diffSnapshots(previous: Map<string, PolledTicket>, next: Map<string, PolledTicket>): TicketChange[] {
  const changed: TicketChange[] = [];
  for (const [id, ticket] of next) {
    const before = previous.get(id);
    if (!before) changed.push({ ...ticket.change, created: true });
    else if (before.fingerprint !== ticket.fingerprint) changed.push({ ...ticket.change, created: false });
  }
  for (const [id, ticket] of previous) if (!next.has(id)) changed.push({ ...ticket.change, created: false });
  return changed;
}

function parseChanges(data: unknown): TicketChange[] {
  try {
    const parsed = JSON.parse(String(data)) as { changed?: unknown };
    return Array.isArray(parsed.changed) ? (parsed.changed as TicketChange[]) : [];
  } catch {
    return [];
  }
}

function parseClosingReason(data: unknown): string | undefined {
  try {
    const parsed = JSON.parse(String(data)) as { reason?: unknown };
    return typeof parsed.reason === "string" ? parsed.reason : undefined;
  } catch {
    return undefined;
  }
}

const connection = new LiveConnection();

/**
 * Calls `listener` whenever tickets of the unit change (see TicketChangeListener), and returns how
 * the updates arrive now, for a small indicator. The listener may change between renders.
 */
export function useTicketChanges(listener: TicketChangeListener): LiveState {
  const listenerRef = useRef(listener);
  listenerRef.current = listener;
  const [state, setState] = useState<LiveState>(connection.state);
  useEffect(() => {
    const unsubscribe = connection.subscribe((changed) => listenerRef.current(changed), setState);
    setState(connection.state);
    return unsubscribe;
  }, []);
  return state;
}
