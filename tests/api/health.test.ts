import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import { channelLinks } from "../../db/schema/index.ts";
import { buildTestApp } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

describe(`GET /health on ${testDbKind}`, () => {
  it("answers 200 ok after a database round trip, and 503 once the database is gone", async () => {
    const database = await createTestDatabase();
    const app = await buildTestApp(database);
    try {
      const up = await app.inject({ method: "GET", url: "/health" });
      expect(up.statusCode).toBe(200);
      expect(up.json()).toEqual({ status: "ok" });

      await database.close();
      const down = await app.inject({ method: "GET", url: "/health" });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toEqual({ status: "unavailable" });
    } finally {
      await app.close();
      await database.destroy();
    }
  });
});

describe(`GET /health and the chat channels on ${testDbKind}`, () => {
  it("shows each reported channel's state without ever failing because of it, a silent adapter as disconnected", async () => {
    const database = await createTestDatabase();
    const app = await buildTestApp(database);
    try {
      // /health reads the system clock: the rows are placed relative to it.
      const since = new Date(Date.now() - 60 * 60_000);
      const reportedAt = new Date(Date.now() - 10_000);
      await database.db.insert(channelLinks).values({ channel: "whatsapp", state: "connected", stateSince: since, reportedAt });
      const up = await app.inject({ method: "GET", url: "/health" });
      expect(up.statusCode).toBe(200);
      expect(up.json()).toEqual({ status: "ok", channels: { whatsapp: { state: "connected", since: since.toISOString() } } });

      await database.db.update(channelLinks).set({ state: "qr_needed", qr: "2@rahasia,kunci", qrUpdatedAt: reportedAt, reason: "LOGOUT" });
      const needsQr = await app.inject({ method: "GET", url: "/health" });
      expect(needsQr.statusCode).toBe(200);
      expect(needsQr.json()).toEqual({ status: "ok", channels: { whatsapp: { state: "qr_needed", since: since.toISOString() } } });
      // A public probe: neither the QR nor the reason.
      expect(needsQr.body).not.toContain("rahasia");
      expect(needsQr.body).not.toContain("LOGOUT");

      // Silent for over 2 minutes (the adapter's process died): disconnected since its last report.
      const lastReport = new Date(Date.now() - 3 * 60_000);
      await database.db.update(channelLinks).set({ state: "connected", reportedAt: lastReport });
      const silent = await app.inject({ method: "GET", url: "/health" });
      expect(silent.statusCode).toBe(200);
      expect(silent.json()).toEqual({ status: "ok", channels: { whatsapp: { state: "disconnected", since: lastReport.toISOString() } } });

      const doc = (await app.inject({ method: "GET", url: "/docs/json" })).json() as { paths: Record<string, unknown> };
      expect(doc.paths["/health"]).toMatchObject({
        get: { responses: { 200: { content: { "application/json": { schema: { properties: { channels: { properties: { whatsapp: { properties: { state: { enum: ["starting", "qr_needed", "connected", "disconnected"] } } } } } } } } } } } },
      });
    } finally {
      await app.close();
      await database.destroy();
    }
  });
});

describe("the API's common surface", () => {
  let database: TestDatabase;
  let app: App;
  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  it("publishes OpenAPI at /docs/json, generated from the zod schemas, and a page at /docs", async () => {
    const json = await app.inject({ method: "GET", url: "/docs/json" });
    expect(json.statusCode).toBe(200);
    const doc = json.json() as { openapi: string; info: { title: string }; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe("API Lapor Aman");
    expect(doc.paths["/health"]).toMatchObject({
      get: { responses: { 200: { content: { "application/json": { schema: { properties: { status: { enum: ["ok", "unavailable"] } } } } } } } },
    });

    const page = await app.inject({ method: "GET", url: "/docs/" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    expect(page.body).toContain("swagger");
  });

  it("sends security headers on every response", async () => {
    const res = await app.inject({ method: "GET", url: "/health" });
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(res.headers["strict-transport-security"]).toBeDefined();
    expect(res.headers["x-powered-by"]).toBeUndefined();
  });

  it("rate limits a flood from one address with a clear 429, but never the health probe", async () => {
    const from = { remoteAddress: "10.9.8.7" };
    let last = await app.inject({ method: "GET", url: "/docs/json", ...from });
    let count = 1;
    while (last.statusCode !== 429 && count < 1000) {
      last = await app.inject({ method: "GET", url: "/docs/json", ...from });
      count += 1;
    }
    expect(count).toBe(601);
    expect(last.json()).toMatchObject({ error: "rate_limited" });
    expect(last.json().message).toMatch(/^Terlalu banyak permintaan\. Coba lagi dalam \d+ detik\.$/);
    expect(Number(last.headers["retry-after"])).toBeGreaterThan(0);

    const probe = await app.inject({ method: "GET", url: "/health", ...from });
    expect(probe.statusCode).toBe(200);
    const otherAddress = await app.inject({ method: "GET", url: "/docs/json", remoteAddress: "10.9.8.8" });
    expect(otherAddress.statusCode).toBe(200);
  });
});

describe("behind a reverse proxy (TRUST_PROXY=1)", () => {
  it("counts each client by its forwarded address, not the proxy's", async () => {
    const database = await createTestDatabase();
    const app = await buildTestApp(database, { trustProxy: 1 });
    try {
      const viaProxy = (client: string) =>
        app.inject({
          method: "GET",
          url: "/docs/json",
          remoteAddress: "10.0.0.1",
          headers: { "x-forwarded-for": client },
        });
      let last = await viaProxy("203.0.113.5");
      for (let i = 1; i < 601; i++) last = await viaProxy("203.0.113.5");
      expect(last.statusCode).toBe(429);
      expect((await viaProxy("198.51.100.7")).statusCode).toBe(200);
    } finally {
      await app.close();
      await database.destroy();
    }
  });
});
