import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import {
  artifactPath,
  bullyingReport,
  createStaff,
  daruratReport,
  DESKTOP,
  launchBrowser,
  PHONE,
  ReporterChat,
  signIn,
  startConsoleServer,
  type ConsoleServer,
} from "./harness.ts";

/*
 * The queue as a peksos on duty uses it: the emergency first and red, the time left to
 * acknowledge, filters kept in the address, and a darurat report arriving while the page is open
 * — without a reload, with the alarm banner and a browser notification that names only the code.
 */

let server: ConsoleServer;
let browser: Browser;
let peksos: { id: string; email: string; password: string };
const codes = { darurat: "", tinggi: "", sedang: "" };

/** A child's report of an injury from yesterday: the triage makes it tinggi. */
async function injuryReport(): Promise<string> {
  const chat = new ReporterChat(server);
  await chat.text("halo");
  await chat.press("anak_diri");
  await chat.press("tidak");
  await chat.press("diejek");
  await chat.text("aku dipukul teman sampai berdarah kemarin");
  await chat.press("sudah");
  await chat.text("SMP Negeri 3 Metro");
  await chat.press("masih_terjadi");
  await chat.press("anonim");
  const sent = await chat.press("kirim");
  if (!sent.ticketCode) throw new Error("the report made no ticket");
  return sent.ticketCode;
}

async function bearer(email: string, password: string): Promise<string> {
  const login = await server.api<{ token: string }>("POST", "/v1/auth/login", { body: { email, password } });
  if (login.status !== 200) throw new Error(`login answered ${login.status}`);
  return login.body.token;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
  peksos = await createStaff(server, { name: "Sari Wulandari", email: "sari.queue@dinsos.example", role: "peksos" });
  codes.sedang = (await bullyingReport(server)).code;
  codes.tinggi = await injuryReport();
  codes.darurat = (await daruratReport(server)).code;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A context for one person on one device; notifications granted and every one recorded when asked. */
async function openConsole(viewport: { width: number; height: number }, options: { spyNotifications?: boolean } = {}) {
  const context = await browser.newContext({ viewport, locale: "id-ID" });
  if (options.spyNotifications) {
    await context.grantPermissions(["notifications"], { origin: server.url });
    await context.addInitScript(() => {
      const shown: { title: string; body: string | undefined }[] = [];
      Object.assign(window, { shownNotifications: shown });
      const Real = window.Notification;
      class Recorded extends Real {
        constructor(title: string, init?: NotificationOptions) {
          super(title, init);
          shown.push({ title, body: init?.body });
        }
      }
      window.Notification = Recorded;
    });
  }
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  let queueRequests = 0;
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/v1/tickets") queueRequests += 1;
  });
  /**
   * The queue is read once on opening and once more when the live stream is `ready` (what changed
   * before that was not sent): after the second read, every change reaches the page.
   */
  const liveReady = async () => {
    await cards(page).first().waitFor();
    await expect.poll(() => queueRequests, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  };
  return { context, page, errors, liveReady, queueRequests: () => queueRequests };
}

const cards = (page: Page) => page.locator(".queue-card");

async function cardCodes(page: Page): Promise<string[]> {
  return cards(page).locator(".qc-code").allTextContents();
}

async function borderLeft(page: Page, code: string): Promise<string> {
  return cards(page)
    .filter({ hasText: code })
    .evaluate((element) => getComputedStyle(element).borderLeftColor);
}

describe("the queue", () => {
  it("shows the most urgent first, in its colours, with a countdown that ticks without asking the server", async () => {
    const { context, page, errors, liveReady, queueRequests } = await openConsole(PHONE);
    await page.clock.install();
    await signIn(page, server, peksos.email, peksos.password);
    await liveReady();
    expect(await cardCodes(page)).toEqual([codes.darurat, codes.tinggi, codes.sedang]);

    const darurat = cards(page).filter({ hasText: codes.darurat });
    expect(await darurat.getByText("DARURAT", { exact: true }).count()).toBe(1);
    expect(await borderLeft(page, codes.darurat)).toBe("rgb(179, 38, 30)");
    expect(await darurat.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe("rgb(253, 236, 234)");
    expect(await borderLeft(page, codes.tinggi)).toBe("rgb(161, 74, 0)");
    expect(await borderLeft(page, codes.sedang)).toBe("rgb(201, 151, 0)");
    expect(await darurat.locator(".qc-sla").textContent()).toMatch(/^Sisa [45] mnt$/);
    expect(await darurat.textContent()).toContain("Belum ada petugas");
    expect(await cards(page).filter({ hasText: codes.tinggi }).locator(".qc-sla").textContent()).toBe("Sisa 1 j");
    expect(await page.getByRole("button", { name: /DARURAT/ }).textContent()).toMatch(/^1\s*DARURAT$/);

    await page.screenshot({ path: artifactPath("queue-phone.png"), fullPage: true });

    // Eight minutes later, with no request in between, the darurat ticket is late, in red.
    const requestsBefore = queueRequests();
    await page.clock.fastForward("08:00");
    const late = darurat.locator(".qc-sla.late");
    await late.waitFor();
    expect(await late.textContent()).toMatch(/Terlambat [34] mnt$/);
    expect(await late.evaluate((element) => getComputedStyle(element).color)).toBe("rgb(179, 38, 30)");
    expect(queueRequests()).toBe(requestsBefore);

    await page.setViewportSize(DESKTOP);
    await page.screenshot({ path: artifactPath("queue-desktop.png"), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("keeps its filters in the address: a reload and the back button keep them", async () => {
    const { context, page } = await openConsole(PHONE);
    await signIn(page, server, peksos.email, peksos.password);
    await page.goto(`${server.url}/tickets?priority=darurat`);
    await cards(page).first().waitFor();
    expect(await cardCodes(page)).toEqual([codes.darurat]);

    // On a phone the filters fold behind "Saring", which says how many are set.
    await page.getByRole("button", { name: "Saring (1)" }).click();
    await page.getByRole("combobox", { name: /^Prioritas/ }).selectOption("tinggi");
    await page.waitForURL(/priority=tinggi/);
    await cards(page).filter({ hasText: codes.tinggi }).waitFor();
    expect(await cardCodes(page)).toEqual([codes.tinggi]);

    await page.reload();
    await cards(page).first().waitFor();
    expect(await cardCodes(page)).toEqual([codes.tinggi]);
    await page.getByRole("button", { name: "Saring (1)" }).click();
    expect(await page.getByRole("combobox", { name: /^Prioritas/ }).inputValue()).toBe("tinggi");

    await page.goBack();
    await page.waitForURL(/priority=darurat/);
    await cards(page).filter({ hasText: codes.darurat }).waitFor();
    expect(await cardCodes(page)).toEqual([codes.darurat]);

    // The counts are quick filters too: pressing "sedang" shows only that.
    await page.getByRole("button", { name: /sedang/ }).click();
    await page.waitForURL(/priority=sedang/);
    await cards(page).filter({ hasText: codes.sedang }).waitFor();
    expect(await cardCodes(page)).toEqual([codes.sedang]);
    await context.close();
  });

  it("shows a new darurat report without a reload: the alert banner, the card and a notification with the code only", async () => {
    const { context, page, errors, liveReady } = await openConsole(DESKTOP, { spyNotifications: true });
    await signIn(page, server, peksos.email, peksos.password);
    await liveReady();
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    // The darurat report that was already waiting when the peksos signed in rings too.
    const alarms = page.getByRole("alert").locator("li");
    await alarms.filter({ hasText: `Laporan DARURAT baru: ${codes.darurat}` }).waitFor({ timeout: 15_000 });

    const { code } = await daruratReport(server);
    const alarm = alarms.filter({ hasText: `Laporan DARURAT baru: ${code}` });
    await alarm.waitFor({ timeout: 15_000 });
    await cards(page).filter({ hasText: code }).waitFor();
    expect(await page.evaluate(() => "sameDocument" in window)).toBe(true);
    expect((await cardCodes(page)).slice(0, 2).sort()).toEqual([codes.darurat, code].sort());

    const shown = await page.evaluate(() => (window as unknown as { shownNotifications: { title: string; body?: string }[] }).shownNotifications);
    expect(shown).toHaveLength(2);
    expect(shown).toEqual(
      expect.arrayContaining([
        { title: `Laporan DARURAT baru: ${codes.darurat}`, body: "Ketuk untuk membuka tiket." },
        { title: `Laporan DARURAT baru: ${code}`, body: "Ketuk untuk membuka tiket." },
      ]),
    );
    expect(JSON.stringify(shown)).not.toMatch(/dipukul|temanku|kakak kelas/);

    // The banner links to the ticket and offers to stop the sound.
    const ticket = await server.api<{ items: { id: string; code: string }[] }>("GET", "/v1/tickets?priority=darurat", {
      token: await bearer(peksos.email, peksos.password),
    });
    const id = ticket.body.items.find((item) => item.code === code)?.id;
    expect(await alarm.getByRole("link", { name: "Buka tiket" }).getAttribute("href")).toBe(`/tickets/${id}`);
    await page.getByRole("alert").getByRole("button", { name: "Matikan suara" }).click();
    await page.getByText("Suara dimatikan.").waitFor();
    await page.screenshot({ path: artifactPath("queue-darurat-desktop.png") });

    // Acknowledged (here through the API, as from the Telegram alert), the alarm ends by itself.
    const acknowledged = await server.api("POST", `/v1/tickets/${id}/acknowledge`, { token: await bearer(peksos.email, peksos.password) });
    expect(acknowledged.status).toBe(200);
    await alarm.waitFor({ state: "detached", timeout: 15_000 });
    await cards(page).filter({ hasText: code }).getByText(/^Diterima /).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("rings for a darurat report made while the phone's live stream was cut, once it reconnects", async () => {
    const { context, page, errors, liveReady } = await openConsole(PHONE, { spyNotifications: true });
    // The page's streams, so the test can cut one as a lost connection does (the browser's own
    // offline mode leaves an open stream alone).
    await context.addInitScript(() => {
      const streams: EventSource[] = [];
      const Real = window.EventSource;
      window.EventSource = class extends Real {
        constructor(url: string | URL, init?: EventSourceInit) {
          super(url, init);
          streams.push(this);
        }
      };
      Object.assign(window, { liveStreams: streams });
    });
    await signIn(page, server, peksos.email, peksos.password);
    await liveReady();

    // The phone loses its connection (a lift, a tunnel): the stream drops and cannot come back.
    await context.route("**/v1/events", (route) => route.abort());
    await page.evaluate(() => {
      for (const stream of (window as unknown as { liveStreams: EventSource[] }).liveStreams) {
        stream.close();
        stream.dispatchEvent(new Event("error"));
      }
    });
    // A child reports danger meanwhile; the server notices it (a 2 s poll) with no stream to tell.
    const { code } = await daruratReport(server);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await context.unroute("**/v1/events");

    const alarm = page.getByRole("alert").locator("li").filter({ hasText: `Laporan DARURAT baru: ${code}` });
    await alarm.waitFor({ timeout: 45_000 });
    await page.waitForFunction(
      (c) => (window as unknown as { shownNotifications: { title: string }[] }).shownNotifications.some((n) => n.title.includes(c)),
      code,
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it("falls back to polling when the event stream does not get through, and still shows a new report", async () => {
    const { context, page } = await openConsole(PHONE);
    await context.route("**/v1/events", (route) => route.abort());
    await signIn(page, server, peksos.email, peksos.password);
    await cards(page).first().waitFor();
    await page.getByRole("status").filter({ hasText: "Diperbarui tiap 15 detik" }).waitFor({ timeout: 30_000 });

    const { code } = await bullyingReport(server);
    await cards(page).filter({ hasText: code }).waitFor({ timeout: 20_000 });
    await context.close();
  });
});
