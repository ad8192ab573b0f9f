import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { createDb, type Database, type DbTarget } from "../../db/client.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { databaseUrl } from "../support/postgres-url.ts";
import { startServerProcess, type ServerProcess } from "../support/server-process.ts";
import { TEST_BOT_TOKEN } from "../support/telegram-emulator.ts";
import { createPostgresDatabase, dropPostgresDatabase, testDbKind } from "../support/test-db.ts";

/*
 * `npm start` as a child process for the fault tests: its grammY bot polls the Telegram
 * emulator, and the test kills it (SIGKILL) and starts it again on the same DATA_DIR (PGlite) or
 * DATABASE_URL (PostgreSQL), as an operator's supervisor would after a crash.
 */

export const ADMIN_EMAIL = "admin@lapor-aman.local";
export const ADMIN_PASSWORD = "sandi-admin-uji-gangguan";
/** For reports sent through the intake route, as a WhatsApp process or a split deployment does. */
export const CHANNEL_TOKEN = "token-kanal-uji-gangguan-0123456789";

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

export interface HotlineUnderTest {
  /** The running process's URL (each start picks a free port). */
  url(): string;
  /** Resolves with the URL once the process printed its "ready" line. */
  start(): Promise<string>;
  /** SIGKILL at once, without waiting: a proxy hook calls it while a Bot API call is open. */
  kill(): void;
  /** Resolves when the current process is gone. */
  exited(): Promise<void>;
  /** SIGTERM, and the process must exit cleanly. */
  stop(): Promise<void>;
  /** What the current process printed on stderr (its warnings: LOG_LEVEL is warn). */
  stderr(): string;
  /**
   * Opens the database for the test's own reads and writes. On PGlite only while no process runs:
   * two processes on one folder lose rows.
   */
  withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T>;
  api<T = unknown>(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<ApiAnswer<T>>;
  /** A bearer token for the staff member, through POST /v1/auth/login. */
  login(email: string, password: string): Promise<string>;
  /** Deletes DATA_DIR and, on PostgreSQL, the database; the process must be stopped. */
  destroy(): Promise<void>;
}

export interface HotlineOptions {
  /** The bot's apiRoot: the emulator's proxy, or a fault proxy in front of it. */
  telegramApiRoot: string;
  /** A PostgreSQL database of the test's own (already migrated or empty); by default the project's kind decides. */
  databaseUrl?: string;
}

let pgliteTemplate: Blob | undefined;

/** A fresh, migrated and seeded database (unit, agencies, admin) and the means to run `npm start` on it. */
export async function createHotlineUnderTest(options: HotlineOptions): Promise<HotlineUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), "lapor-aman-faults-"));
  let ownDatabase: string | undefined;
  let target: DbTarget;
  if (options.databaseUrl !== undefined) {
    target = { kind: "postgres", url: options.databaseUrl };
  } else if (testDbKind === "postgres") {
    ownDatabase = await createPostgresDatabase();
    target = { kind: "postgres", url: databaseUrl(inject("postgresServerUrl"), ownDatabase) };
  } else {
    target = { kind: "pglite", dataDir };
  }
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    PORT: "0",
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    HOTLINE_CHANNEL_TOKEN: CHANNEL_TOKEN,
    TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
    TELEGRAM_API_ROOT: options.telegramApiRoot,
    ...(target.kind === "postgres" && { DATABASE_URL: target.url }),
  };

  let server: ServerProcess | undefined;
  let url = "";
  let running = false;
  let opened = false;

  const openDatabase = async (): Promise<Database> => {
    const first = !opened;
    opened = true;
    if (target.kind === "postgres") {
      const database = await createDb({ kind: "postgres", url: target.url, maxConnections: 2 });
      // A private server's database starts empty; the project's copy of the template is migrated already (a no-op).
      if (first) await database.migrate();
      return database;
    }
    // The first open starts from the migrated template: 1-2 s instead of 5 s and more of migrating.
    pgliteTemplate ??= new Blob([readFileSync(inject("pgliteTemplateFile"))]);
    return createDb({ kind: "pglite", dataDir, ...(first && { loadDataDir: pgliteTemplate }) });
  };

  const hotline: HotlineUnderTest = {
    url: () => url,
    async start() {
      server = startServerProcess(env);
      running = true;
      url = await server.ready;
      return url;
    },
    kill() {
      server?.child.kill("SIGKILL");
    },
    async exited() {
      await server?.exited;
      running = false;
    },
    async stop() {
      if (!server || !running) return;
      server.child.kill("SIGTERM");
      const code = await server.exited;
      running = false;
      if (code !== 0) throw new Error(`the server exited with ${code} on SIGTERM: ${server.stderr()}`);
    },
    stderr: () => server?.stderr() ?? "",
    async withDatabase(work) {
      if (target.kind === "pglite" && running) throw new Error("PGlite: stop the server before opening its folder");
      const database = await openDatabase();
      try {
        return await work(database);
      } finally {
        await database.close();
      }
    },
    async api<T>(method: string, path: string, callOptions: { token?: string; body?: unknown } = {}) {
      const headers: Record<string, string> = { accept: "application/json" };
      if (callOptions.token !== undefined) headers.authorization = `Bearer ${callOptions.token}`;
      if (callOptions.body !== undefined) headers["content-type"] = "application/json";
      const response = await fetch(`${url}${path}`, {
        method,
        headers,
        ...(callOptions.body !== undefined && { body: JSON.stringify(callOptions.body) }),
      });
      const text = await response.text();
      return { status: response.status, body: (text.length > 0 ? JSON.parse(text) : null) as T };
    },
    async login(email, password) {
      const answer = await hotline.api<{ token?: string }>("POST", "/v1/auth/login", { body: { email, password } });
      if (answer.status !== 200 || answer.body.token === undefined) throw new Error(`login of ${email} answered ${answer.status}`);
      return answer.body.token;
    },
    async destroy() {
      rmSync(dataDir, { recursive: true, force: true });
      if (ownDatabase !== undefined) await dropPostgresDatabase(ownDatabase);
    },
  };

  await hotline.withDatabase((database) => seedIfEmpty(database.db, { adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD }));
  return hotline;
}
