import { request, type ClientRequest } from "node:http";

/*
 * GET /v1/events read as a browser's EventSource would, keeping everything that came down the
 * stream: the privacy tests look at the raw text, not only at the events they expect. Plain
 * node:http, so that closing it closes the socket at once (the server then ends the stream).
 */

export interface ServerEvent {
  event: string;
  data: string;
}

export interface OpenStream {
  status: number;
  /** Everything received so far, exactly as sent. */
  raw(): string;
  events(): ServerEvent[];
  /** Waits until an event satisfies `match`; throws after `timeoutMs`. */
  waitFor(match: (event: ServerEvent) => boolean, what: string, timeoutMs?: number): Promise<ServerEvent>;
  close(): void;
}

export async function openEventStream(baseUrl: string, token: string): Promise<OpenStream> {
  let received = "";
  let req: ClientRequest | undefined;
  const status = await new Promise<number>((resolve, reject) => {
    req = request(`${baseUrl}/v1/events`, { headers: { accept: "text/event-stream", authorization: `Bearer ${token}` } }, (res) => {
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        received += chunk;
      });
      // Closing ends the response with an error: what arrived is kept.
      res.on("error", () => {});
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });

  const events = (): ServerEvent[] =>
    received
      .split("\n\n")
      .slice(0, -1)
      .flatMap((block) => {
        const lines = block.split("\n");
        const data = lines.filter((l) => l.startsWith("data: ")).map((l) => l.slice(6));
        if (data.length === 0) return [];
        const event = lines.find((l) => l.startsWith("event: "))?.slice(7) ?? "message";
        return [{ event, data: data.join("\n") }];
      });

  return {
    status,
    raw: () => received,
    events,
    async waitFor(match, what, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events().find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}; got ${received}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close() {
      req?.destroy();
    },
  };
}
