import type { Client } from "whatsapp-web.js";
import type { SendFailure } from "../shared/outbox-loop.ts";
import { sleep } from "../shared/timing.ts";

/*
 * Sending on WhatsApp: one message at a time for the whole number, at least `intervalMs` apart.
 * WhatsApp bans numbers that send in bursts (an unofficial client more readily), so replies and
 * outbox items share one pace; a busy hour queues for seconds, never blasts.
 */

/** The link is not up (a QR to scan, a reconnect under way): the API retries the item later. */
export class NotConnectedError extends Error {
  constructor() {
    super("WhatsApp is not connected");
    this.name = "NotConnectedError";
  }
}

/** WhatsApp Web found no chat for the address (a number without WhatsApp, a chat gone). */
export class ChatNotFoundError extends Error {
  constructor() {
    super("WhatsApp has no chat for this address");
    this.name = "ChatNotFoundError";
  }
}

/** The browser did not answer in time; the message may or may not have gone. */
export class SendTimeoutError extends Error {
  constructor() {
    super("WhatsApp Web did not confirm the send in time");
    this.name = "SendTimeoutError";
  }
}

export interface Sender {
  /**
   * Sends the parts in order; resolves with the last message's id (`id.id`, which holds no phone
   * number). `waitMs`: how long to wait for the link when it is down, instead of failing at once.
   */
  send(address: string, parts: string[], options?: { waitMs?: number }): Promise<string | undefined>;
}

export interface SenderOptions {
  /** The client while it is connected, else undefined. */
  connected: () => Client | undefined;
  intervalMs: number;
  timeoutMs: number;
  /** Aborted when the adapter stops: waits end at once. */
  signal: AbortSignal;
}

/** How often a send waiting for the link looks again. */
const LINK_POLL_MS = 100;

export function createSender(options: SenderOptions): Sender {
  let tail: Promise<unknown> = Promise.resolve();
  let lastSentAt = 0;

  /** Runs `work` after every send queued before it, and at least intervalMs after the last one. */
  function paced<T>(work: () => Promise<T>): Promise<T> {
    const run = tail.then(async () => {
      const wait = lastSentAt + options.intervalMs - Date.now();
      if (wait > 0) await sleep(wait, options.signal);
      try {
        return await work();
      } finally {
        lastSentAt = Date.now();
      }
    });
    tail = run.catch(() => {});
    return run;
  }

  async function linkedClient(waitMs: number): Promise<Client | undefined> {
    const deadline = Date.now() + waitMs;
    let client = options.connected();
    while (client === undefined && Date.now() < deadline && !options.signal.aborted) {
      await sleep(Math.min(LINK_POLL_MS, deadline - Date.now()), options.signal);
      client = options.connected();
    }
    return client;
  }

  async function sendOne(address: string, text: string, waitMs: number): Promise<string> {
    const client = await linkedClient(waitMs);
    if (client === undefined) throw new NotConnectedError();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SendTimeoutError()), options.timeoutMs);
    });
    try {
      // No link previews: a link a reporter typed, echoed back, must not unfurl someone's profile.
      // No "seen" mark: whatsapp-web.js 1.34's sendSeen breaks on some WhatsApp Web builds (markedUnread).
      const sent = await Promise.race([client.sendMessage(address, text, { linkPreview: false, sendSeen: false }), timeout]);
      // whatsapp-web.js resolves with nothing when WhatsApp Web has no chat for the address.
      if (sent === undefined || sent === null) throw new ChatNotFoundError();
      return sent.id.id;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async send(address, parts, { waitMs = 0 } = {}) {
      let last: string | undefined;
      // Waiting for the link happens before taking a turn, so a chat waiting for it holds up no other.
      for (const part of parts) {
        if (waitMs > 0) await linkedClient(waitMs);
        last = await paced(() => sendOne(address, part, 0));
      }
      return last;
    },
  };
}

/** WhatsApp Web's words for an address it cannot use (puppeteer passes them on in the error's message). */
const NO_SUCH_CHAT = /invalid wid|wid error|no lid for user|not a (?:valid )?whatsapp|not registered/i;
/** The browser or its page went away under the send. */
const BROWSER_GONE = /session closed|target closed|protocol error|detached frame|execution context was destroyed/i;

/** How a failed send is reported: permanent when the chat does not exist, so the API stops retrying. */
export function classifySendError(error: unknown): SendFailure {
  if (error instanceof ChatNotFoundError) return { ok: false, permanent: true, reason: "chat_not_found" };
  if (error instanceof NotConnectedError) return { ok: false, permanent: false, reason: "not_connected" };
  if (error instanceof SendTimeoutError) return { ok: false, permanent: false, reason: "timeout" };
  if (error instanceof Error) {
    // Only matched, never logged or reported: a message may quote the address.
    if (NO_SUCH_CHAT.test(error.message)) return { ok: false, permanent: true, reason: "chat_not_found" };
    if (error.name === "TimeoutError") return { ok: false, permanent: false, reason: "timeout" };
    if (BROWSER_GONE.test(error.message)) return { ok: false, permanent: false, reason: "browser_gone" };
  }
  return { ok: false, permanent: false, reason: "send_failed" };
}
