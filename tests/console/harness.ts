import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import type { InboundContent, IntakeResponse } from "../../api/intake/schemas.ts";
import { REPO_ROOT, startServerProcess, type ServerProcess } from "../support/server-process.ts";
import { createPostgresDatabase, dropPostgresDatabase, testDbKind } from "../support/test-db.ts";
import { databaseUrl } from "../support/postgres-url.ts";

/*
 * The console tested as people use it: the real server process (`npm start` on a fresh PGlite
 * folder, or on a fresh PostgreSQL database in the postgres project), a real Chromium (Debian's,
 * installed by .ci/run), and reports arriving through the intake API as a chat adapter sends them.
 */

export const ADMIN_EMAIL = "admin@lapor-aman.local";
export const ADMIN_PASSWORD = "sandi-admin-untuk-uji-konsol";
export const CHANNEL_TOKEN = "token-kanal-uji-konsol-0123456789";
export const PHONE = { width: 360, height: 740 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

export interface ConsoleServer {
  url: string;
  process: ServerProcess;
  /** Bearer calls for arranging a test (the browser uses the cookie session like a person). */
  api<T = unknown>(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<{ status: number; body: T }>;
  adminToken(): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function startConsoleServer(options: { env?: Record<string, string> } = {}): Promise<ConsoleServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "lapor-aman-console-"));
  let database: string | undefined;
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    HOTLINE_CHANNEL_TOKEN: CHANNEL_TOKEN,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...options.env,
  };
  if (testDbKind === "postgres") {
    const serverUrl = process.env.TEST_DATABASE_URL;
    if (!serverUrl) throw new Error("the postgres project needs TEST_DATABASE_URL");
    database = await createPostgresDatabase({ empty: true });
    env.DATABASE_URL = databaseUrl(serverUrl, database);
  }
  const server = startServerProcess(env);
  const url = await server.ready;
  let token: string | undefined;

  const api: ConsoleServer["api"] = async (method, path, callOptions = {}) => {
    const headers: Record<string, string> = { accept: "application/json" };
    if (callOptions.token) headers.authorization = `Bearer ${callOptions.token}`;
    if (callOptions.body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(callOptions.body !== undefined && { body: JSON.stringify(callOptions.body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as never };
  };

  return {
    url,
    process: server,
    api,
    async adminToken() {
      if (token) return token;
      const login = await api<{ token: string }>("POST", "/v1/auth/login", { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
      if (login.status !== 200) throw new Error(`admin login answered ${login.status}`);
      token = login.body.token;
      return token;
    },
    async stop() {
      server.child.kill("SIGTERM");
      await server.exited;
      rmSync(dataDir, { recursive: true, force: true });
      if (database) await dropPostgresDatabase(database);
    },
  };
}

/** Debian's Chromium (CHROMIUM_PATH elsewhere); as root it needs --no-sandbox, as in CI containers. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    throw new Error(`The console's browser tests need Chromium at ${executablePath}: apt-get install chromium (as .ci/run does), or set CHROMIUM_PATH.`);
  }
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  return chromium.launch({ executablePath, args: root ? ["--no-sandbox"] : [] });
}

/** Signs in through the login form, as a person does; resolves once the queue is on screen. */
export async function signIn(page: Page, server: ConsoleServer, email: string, password: string): Promise<void> {
  await page.goto(`${server.url}/tickets`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Kata sandi").fill(password);
  await page.getByRole("button", { name: "Masuk" }).click();
  // The menu is folded away on a phone, so role queries (which skip hidden elements) cannot wait for it.
  await page.locator("#main-nav").waitFor({ state: "attached" });
}

/**
 * One person's browser at a page of the console, signed in through the form: a fresh context
 * (no cookie shared with other tests) at the given width, with the page's script errors collected.
 */
export async function openSignedIn(
  browser: Browser,
  server: ConsoleServer,
  person: { email: string; password: string },
  options: { viewport?: { width: number; height: number }; path?: string } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: options.viewport ?? PHONE, locale: "id-ID", timezoneId: "Asia/Jakarta" });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await signIn(page, server, person.email, person.password);
  if (options.path) await page.goto(`${server.url}${options.path}`);
  return { context, page, errors };
}

/** A staff member made by the admin through the API; returns the one-time password to sign in with. */
export async function createStaff(
  server: ConsoleServer,
  fields: { name: string; email: string; role: "peksos" | "supervisor" | "admin" },
): Promise<{ id: string; email: string; password: string }> {
  const created = await server.api<{ staff: { id: string }; oneTimePassword?: string }>("POST", "/v1/staff", {
    token: await server.adminToken(),
    body: fields,
  });
  if (created.status !== 201) throw new Error(`creating staff answered ${created.status}: ${JSON.stringify(created.body)}`);
  const password = created.body.oneTimePassword;
  if (!password) throw new Error("no one-time password in the answer");
  return { id: created.body.staff.id, email: fields.email, password };
}

let chats = 0;

/** One reporter's chat, sending through the intake API with the channel token as an adapter does. */
export class ReporterChat {
  private updateId = 0;
  last: IntakeResponse | undefined;
  readonly address: string;

  constructor(private readonly server: ConsoleServer) {
    chats += 1;
    this.address = `77${process.pid}${chats}${Date.now() % 100_000}`;
  }

  async send(content: InboundContent): Promise<IntakeResponse> {
    const response = await fetch(`${this.server.url}/v1/intake/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${CHANNEL_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        channel: "telegram",
        externalId: `${this.address}-${++this.updateId}`,
        address: this.address,
        sentAt: new Date().toISOString(),
        content,
      }),
    });
    if (response.status !== 200) throw new Error(`intake answered ${response.status}`);
    this.last = (await response.json()) as IntakeResponse;
    return this.last;
  }

  text(text: string) {
    return this.send({ type: "text", text });
  }

  /** Presses the button of the last reply whose id ends with `:<value>`. */
  press(value: string) {
    const choice = this.last?.replies.flatMap((r) => r.choices.flat()).find((c) => c.id.endsWith(`:${value}`));
    if (!choice) throw new Error(`no button "${value}" in the last replies`);
    return this.send({ type: "choice", choiceId: choice.id });
  }
}

/** A child's friend in danger now: the "ya" opens a darurat ticket at once; the rest fills it in. */
export async function daruratReport(server: ConsoleServer): Promise<{ code: string; chat: ReporterChat }> {
  const chat = new ReporterChat(server);
  await chat.text("tolong");
  await chat.press("anak_teman");
  const danger = await chat.press("ya");
  if (!danger.ticketCode) throw new Error("the danger answer made no ticket");
  await chat.press("dipukul");
  await chat.text("temanku dipukuli kakak kelas di belakang sekolah sekarang");
  await chat.press("sudah");
  await chat.press("lewati");
  await chat.press("masih_terjadi");
  await chat.press("anonim");
  await chat.press("kirim");
  return { code: danger.ticketCode, chat };
}

/** A child's own, ongoing bullying report (sedang), anonymous but open to a reply in the chat. */
export async function bullyingReport(server: ConsoleServer): Promise<{ code: string; chat: ReporterChat }> {
  const chat = new ReporterChat(server);
  await chat.text("halo");
  await chat.press("anak_diri");
  await chat.press("tidak");
  await chat.press("diejek");
  await chat.text("kakak kelas mengejek aku tiap istirahat di kantin");
  await chat.press("sudah");
  await chat.text("kelas 5 SD Negeri 2 Metro Barat");
  await chat.press("masih_terjadi");
  await chat.press("anonim");
  const sent = await chat.press("kirim");
  if (!sent.ticketCode) throw new Error("the report made no ticket");
  return { code: sent.ticketCode, chat };
}

/** Where screenshots go: test-artifacts/console/<name> (git-ignored; CI keeps the folder). */
export function artifactPath(name: string): string {
  const dir = join(REPO_ROOT, "test-artifacts", "console", testDbKind);
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
