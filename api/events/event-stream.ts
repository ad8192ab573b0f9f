import type { FastifyReply } from "fastify";
import type { z } from "zod";
import type { ClosingEventSchema, ClosingReason, ReadyEventSchema, TicketsEventSchema } from "./event-schemas.ts";

/*
 * One server-sent event stream, written straight to the socket: the reply is hijacked, so
 * Fastify's serializer, onSend hooks and its own end of the response are out of the way.
 */

interface EventData {
  ready: z.infer<typeof ReadyEventSchema>;
  tickets: z.infer<typeof TicketsEventSchema>;
  closing: z.infer<typeof ClosingEventSchema>;
}

export interface EventStream {
  send<E extends keyof EventData>(event: E, data: EventData[E]): void;
  /** A comment line: EventSource ignores it, proxies see traffic and keep the connection. */
  ping(): void;
  /** Says why in a `closing` event, then ends the stream; resolves once the end is flushed. */
  close(reason: ClosingReason): Promise<void>;
  /** Runs once when the stream ends, whoever ended it (the browser, the server, a broken connection). */
  onEnd(listener: () => void): void;
  readonly ended: boolean;
}

/**
 * More than this waiting unsent means the browser stopped reading (a phone that slept with the tab
 * open): the stream is cut rather than buffered without limit. EventSource reconnects on waking.
 */
const MAX_UNSENT_BYTES = 256 * 1024;

/**
 * Takes the reply over and starts the stream. Headers already set for the reply (rate-limit
 * headers) are kept; helmet's are on the raw response already. `retryMs` is how long a browser
 * waits before reconnecting after the stream ends.
 */
export function openEventStream(reply: FastifyReply, options: { retryMs: number }): EventStream {
  reply.hijack();
  const raw = reply.raw;
  const kept = Object.fromEntries(Object.entries(reply.getHeaders()).filter(([, value]) => value !== undefined));
  raw.writeHead(200, {
    ...kept,
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    // nginx would otherwise hold the events in its buffer.
    "x-accel-buffering": "no",
  });

  let ended = false;
  const listeners: (() => void)[] = [];
  const finish = () => {
    if (ended) return;
    ended = true;
    for (const listener of listeners.splice(0)) listener();
  };
  raw.on("close", finish);
  raw.on("error", finish);

  const write = (text: string) => {
    if (ended) return;
    if (raw.writableLength > MAX_UNSENT_BYTES) {
      raw.destroy();
      finish();
      return;
    }
    raw.write(text);
  };
  write(`retry: ${options.retryMs}\n\n`);

  const send: EventStream["send"] = (event, data) => {
    // JSON.stringify never writes a raw line break, so each event is one data line.
    write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  return {
    send,
    ping() {
      write(": ping\n\n");
    },
    close(reason) {
      if (ended) return Promise.resolve();
      send("closing", { reason });
      return new Promise<void>((resolve) => {
        raw.once("close", () => resolve());
        // The socket goes too: a closing server would otherwise wait for it to idle out (see graceful-close.ts).
        raw.end(() => raw.destroy());
        finish();
      });
    },
    onEnd(listener) {
      if (ended) listener();
      else listeners.push(listener);
    },
    get ended() {
      return ended;
    },
  };
}
