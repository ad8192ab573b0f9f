import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startHotline } from "../../api/hotline.ts";
import { LOCK_FILE_NAME } from "../../db/data-dir-lock.ts";
import { createLogger } from "../../api/logging.ts";
import { startServerProcess } from "../support/server-process.ts";
import { testConfig } from "../support/test-config.ts";
import { createPostgresDatabase, dropPostgresDatabase, testDbKind } from "../support/test-db.ts";
import { databaseUrl } from "../support/postgres-url.ts";

const health = async (url: string) => {
  const res = await fetch(`${url}/health`);
  return { status: res.status, body: await res.json() };
};

if (testDbKind === "pglite") {
  describe("npm start on the embedded database", () => {
    let dataDir: string;
    beforeAll(() => {
      dataDir = mkdtempSync(join(tmpdir(), "lapor-aman-start-"));
    });
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it("starts, refuses a second process on the same folder, stops on SIGTERM, and restarts on the same data", async () => {
      const env = { DATA_DIR: dataDir, PORT: "0" };
      const first = startServerProcess(env);
      const url = await first.ready;
      expect(await health(url)).toEqual({ status: 200, body: { status: "ok" } });
      expect(first.stdout()).toContain("Kata sandi admin (hanya ditampilkan sekali ini");
      expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(true);

      const second = startServerProcess(env);
      expect(await second.exited).toBe(1);
      expect(second.stderr()).toContain(`sedang dipakai proses lain (pid ${first.child.pid})`);
      // The refused process touched nothing: the first still serves.
      expect((await health(url)).status).toBe(200);

      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);
      expect(first.stdout()).toContain("Lapor Aman berhenti dengan rapi.");
      expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);

      const again = startServerProcess(env);
      const againUrl = await again.ready;
      expect((await health(againUrl)).status).toBe(200);
      // Same data: the admin exists already, so no new password is generated or shown.
      expect(again.stdout()).not.toContain("Kata sandi admin");
      again.child.kill("SIGINT");
      expect(await again.exited).toBe(0);
    });
  });
}

if (testDbKind === "postgres") {
  describe("npm start on PostgreSQL", () => {
    it("migrates an empty database, seeds it, serves /health and stops cleanly", async () => {
      const name = await createPostgresDatabase({ empty: true });
      try {
        const server = startServerProcess({ DATABASE_URL: databaseUrl(inject("postgresServerUrl"), name), PORT: "0" });
        const url = await server.ready;
        expect(server.stdout()).toContain("basis data: PostgreSQL");
        expect(server.stdout()).toContain("Kata sandi admin");
        expect(await health(url)).toEqual({ status: 200, body: { status: "ok" } });
        server.child.kill("SIGTERM");
        expect(await server.exited).toBe(0);
      } finally {
        await dropPostgresDatabase(name);
      }
    });
  });
}

describe(`graceful shutdown on ${testDbKind}`, () => {
  it("lets a request in flight finish, refuses new connections, then closes the database", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "lapor-aman-stop-"));
    const postgresName = testDbKind === "postgres" ? await createPostgresDatabase() : undefined;
    const config = testConfig({
      PORT: "0",
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: "sandi-rahasia-panjang",
      ...(postgresName && { DATABASE_URL: databaseUrl(inject("postgresServerUrl"), postgresName) }),
    });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let markStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const hotline = await startHotline(config, {
      print: () => {},
      logger: createLogger("silent"),
      beforeListen: (app) => {
        app.get("/probe/slow", async () => {
          markStarted();
          await gate;
          return { done: true };
        });
      },
    });

    try {
      const slow = fetch(`${hotline.url}/probe/slow`).then((r) => r.json());
      await started;
      const stopRequestedAt = Date.now();
      const stopping = hotline.stop();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const afterStop = await fetch(`${hotline.url}/health`).then(
        (r) => `answered ${r.status}`,
        () => "refused",
      );
      expect(afterStop).toBe("refused");
      release();
      expect(await slow).toEqual({ done: true });
      await stopping;
      // Not held up by the finished request's keep-alive socket (72 s in Fastify).
      expect(Date.now() - stopRequestedAt).toBeLessThan(15_000);
      await expect(hotline.database.ping()).rejects.toThrow();
      if (testDbKind === "pglite") expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      if (postgresName) await dropPostgresDatabase(postgresName);
    }
  });
});
