import type { FastifyBaseLogger } from "fastify";
import type { TFunction } from "i18next";
import qrcodeTerminal from "qrcode-terminal";
import type { Client, Message } from "whatsapp-web.js";
import type { ChannelStateReport } from "../../../api/channels/channel-schemas.ts";
import type { ChannelLinkState } from "../../../db/schema/channels.ts";
import type { HotlineClient } from "../../client.ts";
import { backoffDelay, settleWithin, type Backoff } from "../shared/timing.ts";

/*
 * The link between the hotline's phone and the browser whatsapp-web.js drives: its state, told to
 * the API at every change and as a heartbeat (the API counts a silent adapter as down and alerts
 * the admins), and reconnecting after a loss. A lost link is never repaired in place: the client
 * is destroyed and a new one made, because a half-dead browser page is the usual cause.
 */

export interface ConnectionTiming {
  /** After a disconnect or a failed start: 5 s doubling to 5 min, reset once connected. */
  reconnect: Backoff;
  /** How often the current state is told again. */
  heartbeatMs: number;
  /** How long stop() waits for the browser to close. */
  stopGraceMs: number;
}

export interface ConnectionDeps {
  createClient: () => Client;
  /** false: initialize() is never called (tests drive the client by emitting its events). */
  connect: boolean;
  hotline: HotlineClient;
  logger: FastifyBaseLogger;
  print: (line: string) => void;
  /** The operator's terminal lines (whatsapp:terminal.*). */
  terminal: TFunction;
  timing: ConnectionTiming;
  onMessage(message: Message): void;
  /** The link is up: start taking the outbox. */
  onConnected(): void;
  /** The link is down: stop taking the outbox. */
  onDisconnected(): void;
}

export interface Connection {
  /** Reports "starting" and connects in the background; never throws for a connection failure. */
  start(): void;
  /** Stops the heartbeat and reconnecting; destroys the client if it was initialized. */
  stop(): Promise<void>;
  state(): ChannelLinkState;
  /** The client while the link is up, else undefined. */
  connected(): Client | undefined;
}

/** A reason the API accepts: a fixed word, never a message. */
export function reasonWord(reason: unknown): string {
  const word = String(reason ?? "").replace(/[^A-Za-z0-9_.:-]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 100);
  return word.length > 0 ? word : "unknown";
}

export function createConnection(deps: ConnectionDeps): Connection {
  const { hotline, logger, timing } = deps;
  let report: ChannelStateReport = { state: "starting" };
  let client: Client | undefined;
  let initialized: Client | undefined;
  let initializing: Promise<void> | undefined;
  let failures = 0;
  let stopped = false;
  let heartbeat: NodeJS.Timeout | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let reporting: Promise<void> | undefined;
  let reportAgain = false;

  /** Tells the API the latest state; one call at a time, a change during a call is sent after it. */
  function sendReport(): void {
    if (reporting !== undefined) {
      reportAgain = true;
      return;
    }
    reporting = (async () => {
      try {
        do {
          reportAgain = false;
          try {
            await hotline.reportChannelState("whatsapp", report);
          } catch (error) {
            // The next heartbeat tells it again; until then the API may think us silent, which is the truth.
            logger.warn({ state: report.state, err: error }, "could not report the WhatsApp link state");
          }
        } while (reportAgain && !stopped);
      } finally {
        // Here, not in a .finally(): a change made between the last check and a later callback would be lost.
        reporting = undefined;
      }
    })();
  }

  function setState(next: ChannelStateReport): void {
    const changed = next.state !== report.state || next.reason !== report.reason;
    report = next;
    // The QR is never logged: whoever scans it links their phone to the hotline.
    if (changed) logger.info({ state: next.state, reason: next.reason }, "WhatsApp link state");
    sendReport();
  }

  function attach(target: Client): void {
    const current = () => target === client && !stopped;
    target.on("qr", (qr: string) => {
      if (!current() || (report.state === "qr_needed" && report.qr === qr)) return;
      qrcodeTerminal.generate(qr, { small: true }, (drawn) => deps.print(drawn));
      deps.print(deps.terminal("scan_qr"));
      setState({ state: "qr_needed", qr });
    });
    target.on("authenticated", () => {
      if (current()) logger.info("WhatsApp session authenticated");
    });
    target.on("ready", () => {
      if (!current()) return;
      failures = 0;
      setState({ state: "connected" });
      deps.print(deps.terminal("connected"));
      deps.onConnected();
    });
    target.on("auth_failure", () => {
      // Its payload is WhatsApp's text, not a fixed word: only that it happened is reported.
      if (current()) void lost(target, "auth_failure");
    });
    target.on("disconnected", (reason: unknown) => {
      if (current()) void lost(target, reasonWord(reason));
    });
    target.on("message", (message: Message) => {
      if (current()) deps.onMessage(message);
    });
  }

  /** The link is gone: say so, drop this client (its browser too) and plan a new one. */
  async function lost(target: Client, reason: string): Promise<void> {
    if (target !== client) return;
    client = undefined;
    setState({ state: "disconnected", reason });
    deps.onDisconnected();
    // LOGOUT: the phone unlinked this device; whatsapp-web.js has deleted the session, the next client shows a QR.
    if (reason === "LOGOUT") deps.print(deps.terminal("logged_out"));
    if (initialized === target) {
      initialized = undefined;
      // Before a new browser starts: two browsers cannot share the session folder.
      await close(target);
    }
    scheduleReconnect(reason);
  }

  async function close(target: Client): Promise<void> {
    const closing = target.destroy().catch((error: unknown) => logger.warn({ err: error }, "WhatsApp client did not close cleanly"));
    if (!(await settleWithin(closing, timing.stopGraceMs))) logger.warn("WhatsApp browser still closing");
  }

  function scheduleReconnect(reason: string): void {
    if (stopped) return;
    const delay = backoffDelay(failures, timing.reconnect);
    failures += 1;
    deps.print(deps.terminal("disconnected", { reason, seconds: Math.round(delay / 1000) }));
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      connectNew();
    }, delay);
    reconnectTimer.unref();
  }

  function connectNew(): void {
    if (stopped) return;
    const next = deps.createClient();
    client = next;
    attach(next);
    if (!deps.connect) return;
    initialized = next;
    initializing = next.initialize().catch((error: unknown) => {
      if (next !== client || stopped) return;
      // The browser did not start, or WhatsApp Web did not load (no network): try again later.
      logger.warn({ err: error }, "WhatsApp client failed to start");
      void lost(next, "browser_failed");
    });
  }

  return {
    start() {
      setState({ state: "starting" });
      heartbeat = setInterval(sendReport, timing.heartbeatMs);
      heartbeat.unref();
      connectNew();
    },

    async stop() {
      stopped = true;
      clearInterval(heartbeat);
      clearTimeout(reconnectTimer);
      const last = client;
      client = undefined;
      if (last !== undefined && initialized === last) {
        initialized = undefined;
        await close(last);
        // initialize() may still be launching a browser it had not opened when closed: closed again after it.
        if (initializing !== undefined && (await settleWithin(initializing, timing.stopGraceMs))) await close(last);
      }
      if (reporting !== undefined) await settleWithin(reporting, timing.stopGraceMs);
    },

    state: () => report.state,
    connected: () => (report.state === "connected" ? client : undefined),
  };
}
