import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import {
  artifactPath,
  bullyingReport,
  CHANNEL_TOKEN,
  createStaff,
  daruratReport,
  DESKTOP,
  launchBrowser,
  PHONE,
  signIn,
  startConsoleServer,
  type ConsoleServer,
} from "./harness.ts";

/*
 * The supervisor's desk work: the month's numbers (tiles, charts with their tables, the CSV and
 * the printout), the WhatsApp link page following the adapter's reports without a reload, and a
 * school's leaflet printed on one A4 page with both QR codes and without the console around it.
 */

const BOT = "LaporAmanUjiBot";

let server: ConsoleServer;
let browser: Browser;
let supervisor: { id: string; email: string; password: string };
let peksos: { id: string; email: string; password: string };

interface StatsAnswer {
  totals: { tickets: number };
  byReporterRole: { role: string; count: number }[];
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startConsoleServer({ env: { TELEGRAM_BOT_USERNAME: BOT } }), launchBrowser()]);
  supervisor = await createStaff(server, { name: "Kabid Rina", email: "rina.reports@dinsos.example", role: "supervisor" });
  peksos = await createStaff(server, { name: "Sari Wulandari", email: "sari.reports@dinsos.example", role: "peksos" });
  await bullyingReport(server);
  await bullyingReport(server);
  await daruratReport(server);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Signed in at desktop width (the harness waits for the side menu), then narrowed to the device's. */
async function openAs(person: { email: string; password: string }, viewport: { width: number; height: number } = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: "id-ID", acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, server, person.email, person.password);
  await page.setViewportSize(viewport);
  return page;
}

/** The tile's number under its label, as the supervisor reads it. */
function tileValue(page: Page, label: string) {
  return page.locator(".tile", { has: page.locator("dt", { hasText: label }) }).locator(".tile-value");
}

async function reportChannelState(body: object): Promise<void> {
  const response = await fetch(`${server.url}/v1/channels/whatsapp/state`, {
    method: "POST",
    headers: { authorization: `Bearer ${CHANNEL_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(204);
}

describe("statistics", () => {
  it("shows this month's reports from intake in tiles and tables, the same numbers as the API", async () => {
    const page = await openAs(supervisor);
    await page.getByRole("link", { name: "Statistik", exact: true }).click();
    await page.getByRole("heading", { name: "Statistik laporan" }).waitFor();
    await expect.poll(() => tileValue(page, "Laporan masuk").textContent(), { timeout: 10_000 }).toBe("3");

    const api = await server.api<StatsAnswer>("GET", "/v1/stats", { token: await server.adminToken() });
    expect(api.body.totals.tickets).toBe(3);
    // Each breakdown has its numbers as a table for screen readers and the printout.
    const roles = page.getByRole("table", { name: "Laporan per pelapor" });
    for (const { role, count } of api.body.byReporterRole) {
      const label = { anak: "Anak", orang_tua: "Orang tua/wali", guru: "Guru", lainnya: "Lainnya", tidak_diketahui: "Tidak diketahui" }[role];
      expect(await roles.getByRole("row", { name: label }).getByRole("cell").textContent()).toBe(String(count));
    }
    for (const title of ["Laporan per hari", "Laporan per kategori", "Laporan per sekolah", "Terlambat ditanggapi, per prioritas"]) {
      await page.getByRole("heading", { name: title }).waitFor();
    }
    await page.getByRole("heading", { name: "Median waktu sampai ditanggapi, per prioritas" }).waitFor();

    // Folded on screen until asked for.
    const toggle = page.getByRole("button", { name: "Tampilkan tabel" }).first();
    await toggle.click();
    expect(await page.getByRole("button", { name: "Sembunyikan tabel" }).first().getAttribute("aria-expanded")).toBe("true");

    await page.screenshot({ path: artifactPath("stats-desktop.png"), fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: artifactPath("stats-phone.png"), fullPage: true });
    await page.context().close();
  });

  it("downloads the same period as CSV through a plain link", async () => {
    const page = await openAs(supervisor);
    await page.goto(`${server.url}/stats`);
    await tileValue(page, "Laporan masuk").waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Unduh CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^laporan-MTR-\d{4}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), "utf8");
    expect(csv.startsWith("\uFEFFBagian,Uraian,Jumlah\r\n")).toBe(true);
    expect(csv).toContain("Ringkasan,Jumlah laporan,3\r\n");
    await page.context().close();
  });

  it("keeps the period in the address: last month is empty, chosen dates around today count the reports", async () => {
    const page = await openAs(supervisor);
    await page.goto(`${server.url}/stats`);
    await tileValue(page, "Laporan masuk").waitFor();
    await page.getByLabel("Periode").selectOption({ label: "Bulan lalu" });
    await page.waitForURL(/\/stats\?period=last_month$/);
    await page.getByText("Belum ada laporan pada periode ini.").waitFor();
    expect(await tileValue(page, "Laporan masuk").textContent()).toBe("0");

    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel("Periode").selectOption({ label: "Pilih tanggal sendiri" });
    await page.getByLabel("Dari tanggal").fill(day(-40));
    await page.getByLabel("Sampai tanggal").fill(day(1));
    await page.getByRole("button", { name: "Tampilkan" }).click();
    await page.waitForURL(new RegExp(`period=custom&since=${day(-40)}&until=${day(1)}$`));
    await expect.poll(() => tileValue(page, "Laporan masuk").textContent(), { timeout: 10_000 }).toBe("3");
    // The CSV link asks for the same dates.
    expect(await page.getByRole("link", { name: "Unduh CSV" }).getAttribute("href")).toBe(
      `/v1/stats.csv?since=${day(-40)}&until=${day(1)}&lang=id`,
    );
    await page.context().close();
  });

  it("prints the report without the console around it and with every table", async () => {
    const page = await openAs(supervisor);
    await page.goto(`${server.url}/stats`);
    await tileValue(page, "Laporan masuk").waitFor();
    await page.emulateMedia({ media: "print" });
    expect(await page.getByRole("navigation", { name: "Menu utama" }).isVisible()).toBe(false);
    expect(await page.getByLabel("Periode").isVisible()).toBe(false);
    const table = await page.getByRole("table", { name: "Laporan per kategori" }).boundingBox();
    expect(table?.height).toBeGreaterThan(100);
    await page.screenshot({ path: artifactPath("stats-print.png"), fullPage: true });
    await page.context().close();
  });

  it("is for supervisors and admins: a peksos has no statistics in the menu", async () => {
    const page = await openAs(peksos);
    expect(await page.getByRole("link", { name: "Statistik", exact: true }).count()).toBe(0);
    await page.goto(`${server.url}/stats`);
    await page.getByText("Halaman ini hanya untuk supervisor dan admin.").waitFor();
    await page.context().close();
  });
});

describe("the WhatsApp link page", () => {
  it("says the channel never reported, then follows the adapter's reports without a reload", async () => {
    const page = await openAs(supervisor, PHONE);
    await page.goto(`${server.url}/whatsapp`);
    const state = page.locator(".link-state-word");
    await expect.poll(() => state.textContent(), { timeout: 10_000 }).toContain("Belum pernah memberi kabar");
    await page.getByText(/WHATSAPP_ENABLED=true/).waitFor();
    expect(await page.getByRole("img", { name: /Kode QR/ }).count()).toBe(0);

    await reportChannelState({ state: "qr_needed", qr: "2@uji-konsol-qr,AbCdEf,123456" });
    await expect.poll(() => state.textContent(), { timeout: 15_000 }).toContain("Perlu ditautkan ulang");
    const qr = page.getByRole("img", { name: "Kode QR untuk menautkan WhatsApp layanan pengaduan" });
    await qr.waitFor();
    await expect
      .poll(() => qr.evaluate((img) => (img instanceof HTMLImageElement && img.complete ? img.naturalWidth : 0)), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await page.getByText("Ketuk Tautkan perangkat.").waitFor();
    await page.screenshot({ path: artifactPath("whatsapp-qr-phone.png"), fullPage: true });

    await reportChannelState({ state: "connected" });
    await expect.poll(() => state.textContent(), { timeout: 15_000 }).toContain("Tersambung");
    expect(await qr.count()).toBe(0);
    await page.context().close();
  });
});

describe("leaflets", () => {
  it("lists the unit's schools for a peksos and opens a school's leaflet, saying on screen what is missing", async () => {
    const page = await openAs(peksos, PHONE);
    await page.goto(`${server.url}/leaflets`);
    await page.getByRole("link", { name: /SD Negeri Contoh 1/ }).waitFor();
    await page.getByLabel("Cari sekolah").fill("smp");
    expect(await page.getByRole("link", { name: /SD Negeri Contoh 1/ }).count()).toBe(0);
    await page.getByRole("link", { name: /SMP Negeri Contoh 3/ }).click();
    await page.getByRole("heading", { name: "Leaflet SMP Negeri Contoh 3" }).waitFor();

    // The seeded unit has no hotline numbers yet: no WhatsApp QR, and a note for whoever prints.
    await page.getByRole("img", { name: `Kode QR Telegram: https://t.me/${BOT}?start=s_smpn-contoh-3` }).waitFor();
    expect(await page.locator(".qr-svg svg").count()).toBe(1);
    const note = page.getByRole("note");
    expect(await note.textContent()).toContain("ditandai WhatsApp");
    await page.screenshot({ path: artifactPath("leaflet-incomplete-phone.png"), fullPage: true });
    await page.emulateMedia({ media: "print" });
    expect(await note.isVisible()).toBe(false);
    await page.context().close();
  });

  it("prints one A4 page: the school, both QR codes at least 35 mm, the numbers, no console", async () => {
    const token = await server.adminToken();
    const units = await server.api<{ items: { id: string }[] }>("GET", "/v1/units", { token });
    const unitId = units.body.items[0]?.id ?? "";
    const patched = await server.api("PATCH", `/v1/units/${unitId}`, {
      token,
      body: { hotlineNumbers: [{ label: "Layanan pengaduan", number: "0812-7000-1234", whatsapp: true }] },
    });
    expect(patched.status).toBe(200);

    const page = await openAs(supervisor);
    await page.getByRole("link", { name: "Leaflet", exact: true }).click();
    await page.getByRole("link", { name: /SMP Negeri Contoh 3/ }).click();
    await page.getByRole("img", { name: "Kode QR WhatsApp: https://wa.me/6281270001234" }).waitFor();
    expect(await page.locator(".qr-svg svg").count()).toBe(2);
    await page.getByText("Ada yang menyakitimu? Ceritakan. Kami siap mendengarkan.").waitFor();
    await page.getByText("Kamu boleh melapor tanpa menyebut nama.").waitFor();
    await page.getByText("0812-7000-1234").first().waitFor();
    expect(await page.getByRole("note").count()).toBe(0);
    await page.screenshot({ path: artifactPath("leaflet-desktop.png"), fullPage: true });

    await page.evaluate(() => {
      Object.assign(window, { printCalls: 0 });
      window.print = () => Object.assign(window, { printCalls: 1 });
    });
    await page.getByRole("button", { name: "Cetak" }).click();
    expect(await page.evaluate(() => (window as unknown as { printCalls: number }).printCalls)).toBe(1);

    await page.emulateMedia({ media: "print" });
    expect(await page.getByRole("navigation", { name: "Menu utama" }).isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "Cetak" }).isVisible()).toBe(false);
    for (const box of await page.locator(".qr-svg").all()) {
      // 35 mm at the CSS 96 px per inch.
      expect((await box.boundingBox())?.width).toBeGreaterThanOrEqual((35 / 25.4) * 96);
    }
    await page.screenshot({ path: artifactPath("leaflet-print.png"), fullPage: true });
    const pdf = await page.pdf({ path: artifactPath("leaflet.pdf"), preferCSSPageSize: true });
    expect(/\/Count 1\b/.test(pdf.toString("latin1"))).toBe(true);
    await page.context().close();
  });
});
