import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startTelegramEmulator, type TelegramEmulator } from "../support/telegram-emulator.ts";
import { artifactPath, createStaff, DESKTOP, launchBrowser, PHONE, signIn, startConsoleServer, type ConsoleServer } from "./harness.ts";

/*
 * The whole flow, through every real part: `npm start` with the real grammY bot against a
 * Bot API emulator, Chromium at a phone's width. A peksos on call signs in and keeps the queue
 * open; a child writes to the bot that a friend is in danger now; the ticket appears without a
 * reload, with the alarm; the peksos takes it, answers the child (the answer reaches the child's
 * Telegram chat), refers the case to an agency, and closes it. The API is asked after each step.
 */

interface Detail {
  id: string;
  code: string;
  status: string;
  priority: string;
  acknowledgedAt: string | null;
  referrals: { agency: { name: string }; status: string }[];
}

let emulator: TelegramEmulator;
let server: ConsoleServer;
let browser: Browser;
let peksos: { id: string; email: string; password: string };
let peksosToken: string;

beforeAll(async () => {
  emulator = await startTelegramEmulator();
  [server, browser] = await Promise.all([
    startConsoleServer({ env: { TELEGRAM_BOT_TOKEN: emulator.token, TELEGRAM_API_ROOT: emulator.apiRoot } }),
    launchBrowser(),
  ]);
  peksos = await createStaff(server, { name: "Sari Wulandari", email: "sari.flow@dinsos.metro.example", role: "peksos" });
  const login = await server.api<{ token: string }>("POST", "/v1/auth/login", { body: { email: peksos.email, password: peksos.password } });
  peksosToken = login.body.token;
  // On call now, as the supervisor would set it in the roster.
  const now = Date.now();
  const shift = await server.api("POST", "/v1/shifts", {
    token: await server.adminToken(),
    body: { staffId: peksos.id, tier: "primary", startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 8 * 3_600_000).toISOString() },
  });
  expect(shift.status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await emulator?.stop();
});

describe("a darurat report from Telegram, worked end to end in the console", () => {
  it("appears without a reload, is acknowledged, answered in the child's chat, referred and closed", async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: "id-ID" });
    await context.grantPermissions(["notifications"], { origin: server.url });
    const page = await context.newPage();
    // CI runs the suites side by side on two cores; PGlite answers one query at a time there, so a
    // step may take longer than playwright's 30 s default without anything being wrong.
    page.setDefaultTimeout(60_000);
    // The browser's notifications are recorded: the test machine has no desktop to show them on.
    await page.addInitScript(() => {
      const shown: string[] = [];
      class RecordedNotification {
        static permission = "granted";
        static requestPermission = async () => "granted";
        onclick: (() => void) | null = null;
        constructor(title: string) {
          shown.push(title);
        }
        close() {}
      }
      Object.assign(window, { Notification: RecordedNotification, shownNotifications: shown });
    });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    let queueReads = 0;
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/v1/tickets") queueReads += 1;
    });
    await signIn(page, server, peksos.email, peksos.password);
    await page.getByRole("heading", { name: "Antrean laporan" }).waitFor();
    // The queue is read on opening and again once the live stream says `ready`: from then on a new
    // report arrives as "created" and rings. (One made before that rings too: on `ready` the
    // console asks which darurat reports wait.)
    await expect.poll(() => queueReads, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);

    // The child, on Telegram.
    const child = emulator.user({ languageCode: "id" });
    await child.sendText("/start");
    await child.nextMessages(2);
    await child.press({ label: "Aku anak/siswa, ini tentang temanku" });
    await child.nextMessages(1);
    const sentAt = Date.now();
    await child.press({ label: "Ya, bahaya sekarang" });
    // Thanks, the emergency numbers, then the report's code: read until the code has come.
    let code: string | undefined;
    for (let read = 0; read < 5 && !code; read += 1) {
      const [message] = await child.nextMessages(1);
      code = /[A-Z]{3}-[A-Z0-9]{5}/.exec(message?.text ?? "")?.[0];
    }
    expect(code).toBeDefined();

    // The queue, never reloaded: the ticket arrives with the alarm banner and a notification.
    const card = page.getByRole("link", { name: new RegExp(code ?? "") });
    await card.first().waitFor({ timeout: 20_000 });
    const appearedAfter = Date.now() - sentAt;
    const banner = page.getByRole("alert").filter({ hasText: code ?? "" });
    await banner.first().waitFor();
    expect(await banner.first().textContent()).toContain("DARURAT");
    await page.waitForFunction((c) => (window as unknown as { shownNotifications: string[] }).shownNotifications.some((t) => t.includes(c)), code ?? "");
    expect(appearedAfter).toBeLessThan(20_000);
    await page.screenshot({ path: artifactPath("flow-queue-phone.png"), fullPage: true });
    await page.setViewportSize(DESKTOP);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: artifactPath("flow-queue-desktop.png"), fullPage: true });
    await page.setViewportSize(PHONE);

    // The ticket: take it.
    await card.first().click();
    await page.getByRole("button", { name: "Terima", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Tiket diterima." }).waitFor();
    const ticketId = new URL(page.url()).pathname.split("/").pop() ?? "";
    const detail = async () => (await server.api<Detail>("GET", `/v1/tickets/${ticketId}`, { token: peksosToken })).body;
    expect(await detail()).toMatchObject({ code, priority: "darurat", status: "diterima", acknowledgedAt: expect.any(String) });

    // Answer the child: the words arrive in the child's Telegram chat.
    const reply = "Halo, aku Kak Sari dari Dinas Sosial. Kamu dan temanmu di mana sekarang? Kalau bisa, menjauh dulu dari orang itu.";
    await page.getByLabel("Pesan untuk pelapor").fill(reply);
    await page.getByRole("button", { name: "Kirim", exact: true }).click();
    // The bot's next question may come first: the conversation goes on beside the peksos's reply.
    let delivered: string | undefined;
    for (let read = 0; read < 5 && delivered !== reply; read += 1) delivered = (await child.nextMessages(1, 20_000))[0]?.text;
    expect(delivered).toBe(reply);

    // Refer to an agency from the unit's directory.
    await page.getByRole("button", { name: "Rujuk ke lembaga" }).click();
    const agency = page.getByLabel("Lembaga", { exact: true });
    const firstAgency = await agency.locator("option:not([value=''])").first().textContent();
    await agency.selectOption({ label: firstAgency ?? "" });
    await page.getByLabel("Apa yang diminta dari lembaga?").fill("Mohon pendampingan segera; anak di sekolah.");
    await page.getByRole("button", { name: "Kirim rujukan" }).click();
    await page.getByRole("status").filter({ hasText: "Rujukan ke" }).first().waitFor();
    expect(await detail()).toMatchObject({ status: "dirujuk", referrals: [{ agency: { name: firstAgency?.trim() }, status: "dikirim" }] });

    // Close the case.
    await page.getByRole("button", { name: "Selesai", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Status diubah menjadi Selesai" }).waitFor();
    expect((await detail()).status).toBe("selesai");
    await page.screenshot({ path: artifactPath("flow-ticket-phone.png"), fullPage: true });
    await page.setViewportSize(DESKTOP);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: artifactPath("flow-ticket-desktop.png"), fullPage: true });

    // Nothing about the report was kept in the browser's storage.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(code ?? "");
    expect(stored).not.toContain("temanku");
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
