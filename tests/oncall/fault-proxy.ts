import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An outage of the Bot API, put between the bot and the emulator (the bot's apiRoot): while
 * `down`, every call but getUpdates has its connection dropped, as when Telegram or the network
 * in between is unreachable; grammY then fails with a network error, which nothing inside the
 * adapter retries, so what retries is the outbox. getUpdates keeps working so the bot still
 * hears button presses; an outage of updates is the runner's business, tested elsewhere.
 */
export interface FaultProxy {
  apiRoot: string;
  down: boolean;
  /** Every call fails, getUpdates included: the Bot API unreachable altogether, so the bot hears nothing either. */
  allDown: boolean;
  /** Calls whose connection was dropped, by Bot API method. */
  dropped: Map<string, number>;
  stop(): Promise<void>;
}

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const server = createServer((req, res) => {
    void relay(req, res).catch(() => res.destroy());
  });
  const proxy: FaultProxy = {
    apiRoot: "",
    down: false,
    allDown: false,
    dropped: new Map(),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  async function relay(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const method = /^\/bot[^/]+\/([A-Za-z]+)/.exec(req.url ?? "")?.[1] ?? "";
    if ((proxy.down && method !== "getUpdates") || proxy.allDown) {
      proxy.dropped.set(method, (proxy.dropped.get(method) ?? 0) + 1);
      req.socket.destroy();
      return;
    }
    const body = Buffer.concat(chunks);
    const response = await fetch(`${upstream}${req.url ?? "/"}`, {
      method: req.method ?? "POST",
      headers: req.headers["content-type"] ? { "content-type": req.headers["content-type"] } : {},
      ...(req.method !== "GET" && body.length > 0 && { body }),
    });
    res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "application/json" });
    res.end(Buffer.from(await response.arrayBuffer()));
  }

  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  proxy.apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
