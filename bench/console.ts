import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { startServerProcess } from "../tests/support/server-process.ts";
import { percentile } from "./percentile.ts";

/**
 * The console's first load on a phone: bytes over the wire and time until a person can use it,
 * in Chromium at 360×740, cold cache, each line RUNS times (medians and max quoted).
 * Network profiles: "none" (loopback) and "slow-4g" (Lighthouse's mobile preset: 150 ms RTT,
 * 1.6 Mbit/s down, 750 kbit/s up) with the CPU slowed 4× as on a low-end Android phone.
 * The baseline line loads /health (one tiny JSON response) under the same conditions: what any
 * page costs before the console's own bytes and scripts.
 * Usage: npm run bench:console [-- RUNS]   (default 7; needs Chromium at CHROMIUM_PATH or /usr/bin/chromium)
 */

const RUNS = Number(process.argv[2] ?? 7);
const PASSWORD = "sandi-admin-untuk-bench-konsol";
const PROFILES = {
  none: { latency: 0, downloadThroughput: -1, uploadThroughput: -1, cpu: 1 },
  "slow-4g": { latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8, cpu: 4 },
} as const;
type Profile = keyof typeof PROFILES;

interface Run {
  bytes: number;
  requests: number;
  /** ms from navigation start until the screen answers input (form ready, or the queue drawn). */
  interactive: number;
  firstContentfulPaint: number;
}

async function throttled(context: BrowserContext, page: Page, profile: Profile): Promise<{ bytes: () => number; requests: () => number }> {
  const cdp = await context.newCDPSession(page);
  const settings = PROFILES[profile];
  let bytes = 0;
  let requests = 0;
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: settings.latency,
    downloadThroughput: settings.downloadThroughput,
    uploadThroughput: settings.uploadThroughput,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: settings.cpu });
  cdp.on("Network.loadingFinished", (event) => {
    bytes += event.encodedDataLength;
    requests += 1;
  });
  return { bytes: () => bytes, requests: () => requests };
}

async function timings(page: Page, ready: string): Promise<{ interactive: number; firstContentfulPaint: number }> {
  const interactive = await page.waitForFunction((selector) => (document.querySelector(selector) ? performance.now() : 0), ready, {
    polling: "raf",
    timeout: 60_000,
  });
  const firstContentfulPaint = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN);
  return { interactive: (await interactive.jsonValue()) as number, firstContentfulPaint };
}

async function measure(browser: Browser, url: string, profile: Profile, what: "baseline" | "login" | "queue"): Promise<Run> {
  // An Indonesian phone: the console loads Bahasa Indonesia only (English is fetched when chosen).
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "id-ID" });
  if (what === "queue") {
    // Signed in beforehand (the cookie is the session), so the line measures opening the queue, not typing.
    const login = await context.request.post(`${url}/v1/auth/login`, { data: { email: "admin@lapor-aman.local", password: PASSWORD } });
    if (!login.ok()) throw new Error(`login answered ${login.status()}`);
  }
  const page = await context.newPage();
  const counter = await throttled(context, page, profile);
  let result: { interactive: number; firstContentfulPaint: number };
  if (what === "baseline") {
    const started = Date.now();
    await page.goto(`${url}/health`);
    result = { interactive: Date.now() - started, firstContentfulPaint: NaN };
  } else {
    await page.goto(`${url}/tickets`, { waitUntil: "commit" });
    // The login form's button, or the queue with its cards (or its "nothing open" line) drawn.
    result = await timings(page, what === "login" ? "form button[type=submit]:not([disabled])" : ".queue-list .queue-card, .queue-empty");
  }
  await page.waitForLoadState("networkidle");
  const run = { bytes: counter.bytes(), requests: counter.requests(), ...result };
  await context.close();
  return run;
}

/** Children's reports of danger through the intake API, as a chat adapter sends them, so the queue has cards to draw. */
async function seedReports(url: string, count: number): Promise<void> {
  for (let n = 0; n < count; n += 1) {
    const address = `bench-${process.pid}-${n}`;
    let sequence = 0;
    let last: { replies: { choices: { id: string }[][] }[] } | undefined;
    const send = async (content: Record<string, unknown>) => {
      const response = await fetch(`${url}/v1/intake/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${CHANNEL_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ channel: "telegram", externalId: `${address}-${++sequence}`, address, sentAt: new Date().toISOString(), content }),
      });
      if (!response.ok) throw new Error(`intake answered ${response.status}`);
      last = (await response.json()) as typeof last;
    };
    const press = (value: string) => {
      const choice = last?.replies.flatMap((r) => r.choices.flat()).find((c) => c.id.endsWith(`:${value}`));
      if (!choice) throw new Error(`no button ${value}`);
      return send({ type: "choice", choiceId: choice.id });
    };
    await send({ type: "text", text: "halo" });
    await press("anak_diri");
    // "Ya" to the danger question opens a darurat ticket at once: the queue's heaviest cards.
    await press("ya");
  }
}

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
const max = (values: number[]) => Math.max(...values);

const dataDir = mkdtempSync(join(tmpdir(), "lapor-aman-bench-console-"));
const CHANNEL_TOKEN = "bench-console-channel-token-0123456789";
const server = startServerProcess({ DATA_DIR: dataDir, PORT: "3987", ADMIN_PASSWORD: PASSWORD, HOTLINE_CHANNEL_TOKEN: CHANNEL_TOKEN });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
});
try {
  const url = await server.ready;
  await seedReports(url, 12);
  console.log(`console first load, 360×740, cold cache, ${RUNS} runs per line (median / max)`);
  console.log("| line | network | transferred | requests | first paint ms | usable ms |");
  console.log("|---|---|---|---|---|---|");
  for (const profile of Object.keys(PROFILES) as Profile[]) {
    for (const what of ["baseline", "login", "queue"] as const) {
      const runs: Run[] = [];
      // One warm-up run: the server's first answer to a path pays for JIT and caches, not the console.
      await measure(browser, url, profile, what);
      for (let i = 0; i < RUNS; i += 1) runs.push(await measure(browser, url, profile, what));
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      const ms = (values: number[]) => (values.some(Number.isNaN) ? "—" : `${median(values).toFixed(0)} / ${max(values).toFixed(0)}`);
      console.log(
        `| ${what === "baseline" ? "baseline: GET /health" : what === "login" ? "login page (signed out)" : "queue (signed in)"} | ${profile} | ${kb(median(runs.map((r) => r.bytes)))} | ${median(runs.map((r) => r.requests))} | ${ms(runs.map((r) => r.firstContentfulPaint))} | ${ms(runs.map((r) => r.interactive))} |`,
      );
    }
  }
} finally {
  await browser.close();
  server.child.kill("SIGTERM");
  await server.exited;
  rmSync(dataDir, { recursive: true, force: true });
}
