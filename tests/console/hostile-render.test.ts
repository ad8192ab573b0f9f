import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { createStaff, launchBrowser, PHONE, ReporterChat, signIn, startConsoleServer, type ConsoleServer } from "./harness.ts";

/*
 * Script in a report, as a hostile reporter would type it, reaches a peksos's browser: in the
 * story, in the answer about the child's school, as the contact name, and in the name of the
 * school a leaflet's link named. The queue and the ticket page must show it as the letters it
 * is: nothing runs (window.__pwned stays unset), no dialog opens, no javascript: link or stray
 * image appears, and the page's Content-Security-Policy is never even tested (no violation).
 */

const IMG = `<img src=x onerror="window.__pwned=1">`;
const SCRIPT = "<script>window.__pwned=2</script>";
const LINK = `<a href="javascript:window.__pwned=3">klik aku</a>`;
const STORY = `${IMG} ${SCRIPT} ${LINK} javascript:window.__pwned=4 kakak kelas mengejek aku`;
const CHILD = `${SCRIPT} kelas 5 SD ${LINK}`;
const NAME = IMG;
const SCHOOL = { code: "smp-skrip-9", name: `SMP ${SCRIPT} 9` };

let server: ConsoleServer;
let browser: Browser;
let peksos: { id: string; email: string; password: string };
let ticket: { id: string; code: string };

beforeAll(async () => {
  [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
  const admin = await server.adminToken();
  peksos = await createStaff(server, { name: "Dewi Lestari", email: "dewi.skrip@dinsos.example", role: "peksos" });
  const school = await server.api("POST", "/v1/schools", { token: admin, body: SCHOOL });
  if (school.status !== 201) throw new Error(`creating the school answered ${school.status}`);

  const chat = new ReporterChat(server);
  await chat.text(`/start s_${SCHOOL.code}`);
  await chat.press("anak_diri");
  await chat.press("tidak");
  await chat.press("diejek");
  await chat.text(STORY);
  await chat.press("sudah");
  await chat.text(CHILD);
  await chat.press("masih_terjadi");
  await chat.press("nama");
  await chat.text(NAME);
  const sent = await chat.press("kirim");
  if (!sent.ticketCode) throw new Error("the report made no ticket");

  // The peksos takes the case, so the contact name is theirs to see.
  const login = await server.api<{ token: string }>("POST", "/v1/auth/login", { body: { email: peksos.email, password: peksos.password } });
  const queue = await server.api<{ items: { id: string; code: string }[] }>("GET", `/v1/tickets?code=${sent.ticketCode}`, { token: login.body.token });
  const item = queue.body.items[0];
  if (!item) throw new Error(`${sent.ticketCode} is not in the queue`);
  ticket = item;
  const taken = await server.api("POST", `/v1/tickets/${item.id}/acknowledge`, { token: login.body.token });
  if (taken.status !== 200) throw new Error(`acknowledging answered ${taken.status}`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface Watched {
  context: BrowserContext;
  page: Page;
  dialogs: string[];
  errors: string[];
}

/** A signed-in phone whose every dialog and Content-Security-Policy violation is recorded from the first script on. */
async function watchedConsole(): Promise<Watched> {
  const context = await browser.newContext({ viewport: PHONE, locale: "id-ID", timezoneId: "Asia/Jakarta" });
  await context.addInitScript(() => {
    const violations: string[] = [];
    Object.assign(window, { cspViolations: violations });
    document.addEventListener("securitypolicyviolation", (event) => violations.push(`${event.violatedDirective} ${event.sample}`));
  });
  const page = await context.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await signIn(page, server, peksos.email, peksos.password);
  return { context, page, dialogs, errors };
}

/** Nothing ran and nothing was even tried: the payloads are text, not markup. */
async function expectNothingRan({ page, dialogs, errors }: Watched) {
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  expect(await page.locator('img[src="x"], a[href^="javascript:"], script:not([src])').count()).toBe(0);
  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);
}

describe("script typed into a report, in the console", () => {
  it("shows in the queue and on the ticket page as text, runs nothing, and the page keeps its CSP", { timeout: 120_000 }, async () => {
    const watched = await watchedConsole();
    const { page, context } = watched;
    try {
      const card = page.locator(".queue-card").filter({ hasText: ticket.code });
      await card.waitFor();
      expect(await card.textContent()).toContain(SCHOOL.name);
      await expectNothingRan(watched);

      const response = await page.goto(`${server.url}/tickets/${ticket.id}`);
      const csp = response?.headers()["content-security-policy"] ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("unsafe-inline");
      await page.locator("#ticket-code").waitFor();
      const text = (await page.locator("main").textContent()) ?? "";
      for (const payload of [IMG, SCRIPT, LINK, "javascript:window.__pwned=4", SCHOOL.name]) expect(text).toContain(payload);
      // Each payload as a whole on screen: the story, the child's answer and the name as the reporter typed them.
      for (const typed of [STORY, CHILD, NAME]) expect(await page.getByText(typed, { exact: true }).count(), typed).toBeGreaterThan(0);
      await expectNothingRan(watched);
    } finally {
      await context.close();
    }
  });

  it("never serves a file from outside the console for a path that climbs out of it", async () => {
    for (const path of ["/..%2F..%2Fetc%2Fpasswd", "/assets/..%2F..%2F..%2Fpackage.json", "/%2e%2e/%2e%2e/package.json", "/assets/%00.js"]) {
      for (const accept of ["text/html", "*/*"]) {
        const response = await fetch(`${server.url}${path}`, { headers: { accept } });
        const body = await response.text();
        expect([200, 400, 404], `${path} (${accept})`).toContain(response.status);
        expect(body, path).not.toMatch(/root:.*:0:0:|"name":\s*"lapor-aman"/);
        // The console's own page is the only thing a browser path may get.
        if (response.status === 200) expect(response.headers.get("content-type"), path).toMatch(/^text\/html/);
      }
    }
  });
});
