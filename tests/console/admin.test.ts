import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  artifactPath,
  CHANNEL_TOKEN,
  createStaff,
  DESKTOP,
  launchBrowser,
  PHONE,
  signIn,
  startConsoleServer,
  type ConsoleServer,
} from "./harness.ts";

/*
 * The supervisor's desk work, in the browser: staff accounts with a one-time password, the
 * on-call roster, the agency directory, the schools, and one's own account (password, chat for
 * alerts). Each step checks the page in Bahasa Indonesia and then the API's state behind it.
 */

const UNIT_ZONE = "Asia/Jakarta";
const HOUR_MS = 60 * 60_000;

interface ShiftBody {
  id: string;
  staffId: string;
  staffName: string;
  tier: string;
  startsAt: string;
  endsAt: string;
  alertChannel: string | null;
}
interface OnCallNowBody {
  primary: { staffId: string; name: string; alertChannel: string | null } | null;
}

let server: ConsoleServer;
let browser: Browser;
let adminContext: BrowserContext;
let admin: Page;
const pageErrors: string[] = [];
const peksos = { name: "Rina Kurnia", email: "rina.kurnia@dinsos.example", id: "", password: "" };

/** "2025-07-14T07:00" for an instant, as a datetime-local input in the unit's zone shows it. */
function localInput(instant: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: UNIT_ZONE,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

async function newPage(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: "id-ID", timezoneId: UNIT_ZONE });
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  return { context, page };
}

async function shiftsFromApi(): Promise<ShiftBody[]> {
  const list = await server.api<{ shifts: ShiftBody[] }>("GET", "/v1/shifts", { token: await server.adminToken() });
  expect(list.status).toBe(200);
  return list.body.shifts;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
  ({ context: adminContext, page: admin } = await newPage(DESKTOP));
  await signIn(admin, server, ADMIN_EMAIL, ADMIN_PASSWORD);
});

afterAll(async () => {
  await adminContext?.close();
  await browser?.close();
  await server?.stop();
});

describe("the console's roster and administration pages", () => {
  it("lets an admin create a peksos and shows the one-time password once, kept nowhere", async () => {
    await admin.goto(`${server.url}/staff`);
    await admin.getByRole("button", { name: "Tambah petugas" }).click();
    await admin.getByLabel("Nama lengkap").fill(peksos.name);
    await admin.getByLabel("Email").fill(peksos.email);
    expect(await admin.getByLabel("Peran").inputValue()).toBe("peksos");
    await admin.getByRole("button", { name: "Buat akun" }).click();

    await admin.getByRole("heading", { name: `Kata sandi sekali pakai untuk ${peksos.name}` }).waitFor();
    await admin.getByText("Kata sandi ini hanya ditampilkan sekarang.").waitFor();
    peksos.password = await admin.getByRole("textbox", { name: "Kata sandi sekali pakai" }).inputValue();
    expect(peksos.password.length).toBeGreaterThanOrEqual(12);
    const login = await server.api<{ staff: { id: string; role: string } }>("POST", "/v1/auth/login", {
      body: { email: peksos.email, password: peksos.password },
    });
    expect(login.status).toBe(200);
    expect(login.body.staff.role).toBe("peksos");
    peksos.id = login.body.staff.id;

    const row = admin.getByRole("row", { name: new RegExp(peksos.name) });
    await row.waitFor();
    expect(await row.textContent()).toContain("Pekerja sosial");
    expect(await row.textContent()).toContain("Belum ada chat");

    await admin.getByRole("button", { name: "Sudah saya catat, tutup" }).click();
    await admin.getByRole("heading", { name: /Kata sandi sekali pakai/ }).waitFor({ state: "detached" });
    expect(await admin.content()).not.toContain(peksos.password);
    const storage = await admin.evaluate(() => ({ local: Object.keys(localStorage), session: Object.keys(sessionStorage) }));
    expect(storage).toEqual({ local: [], session: [] });
  });

  it("puts the new peksos on call now, and the roster's headline shows them", async () => {
    await admin.goto(`${server.url}/roster`);
    await admin.getByText("Semua waktu dalam WIB (Asia/Jakarta)").waitFor();
    const nowPanel = admin.getByRole("region", { name: "Piket sekarang" });
    await nowPanel.getByText("Saat ini tidak ada petugas piket utama.").waitFor();

    await admin.getByRole("button", { name: "Tambah jadwal" }).click();
    await admin.getByRole("combobox", { name: /^Petugas/ }).selectOption({ label: `${peksos.name} (Pekerja sosial)` });
    expect(await admin.getByRole("radio", { name: /^Utama/ }).isChecked()).toBe(true);
    await admin.getByRole("button", { name: "Simpan" }).click();
    await admin.getByText("Jadwal ditambahkan.").waitFor();

    await nowPanel.getByText(peksos.name, { exact: true }).waitFor();
    expect(await nowPanel.textContent()).toContain(`${peksos.name} belum menghubungkan Telegram atau WhatsApp`);
    const now = await server.api<OnCallNowBody>("GET", "/v1/oncall/now", { token: await server.adminToken() });
    expect(now.body.primary?.staffId).toBe(peksos.id);

    const [shift] = await shiftsFromApi();
    expect(shift).toMatchObject({ staffId: peksos.id, tier: "primary" });
    // The form's default: from the start of this hour in the unit's zone, for 12 hours.
    const startsAt = new Date(shift?.startsAt ?? "");
    expect(startsAt.getTime() % HOUR_MS).toBe(0);
    expect(Date.now() - startsAt.getTime()).toBeLessThan(HOUR_MS);
    expect(new Date(shift?.endsAt ?? "").getTime() - startsAt.getTime()).toBe(12 * HOUR_MS);
  });

  it("edits the shift in the unit's time zone and shows the API's reason for an overlap", async () => {
    const [before] = await shiftsFromApi();
    if (!before) throw new Error("no shift to edit");
    const endsAt = new Date(new Date(before.startsAt).getTime() + 8 * HOUR_MS);

    await admin.getByRole("button", { name: `Ubah jadwal ${peksos.name}` }).click();
    await admin.getByRole("heading", { name: "Ubah jadwal piket" }).waitFor();
    expect(await admin.getByLabel("Mulai (WIB)").inputValue()).toBe(localInput(new Date(before.startsAt)));
    await admin.getByLabel("Selesai (WIB)").fill(localInput(endsAt));
    await admin.getByRole("button", { name: "Simpan" }).click();
    await admin.getByText("Jadwal diperbarui.").waitFor();
    const [after] = await shiftsFromApi();
    expect(after?.endsAt).toBe(endsAt.toISOString());

    // A second primary at the same time: the API refuses, and its own words are shown.
    await admin.getByRole("button", { name: "Tambah jadwal" }).click();
    await admin.getByRole("combobox", { name: /^Petugas/ }).selectOption({ label: `${peksos.name} (Pekerja sosial)` });
    await admin.getByRole("button", { name: "Simpan" }).click();
    const refusal = admin.getByRole("alert").filter({ hasText: "Bentrok dengan piket utama" });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain(peksos.name);
    await admin.getByRole("button", { name: "Batal" }).click();
    expect(await shiftsFromApi()).toHaveLength(1);
  });

  it("keeps screenshots of the roster at phone and desktop widths", async () => {
    await admin.goto(`${server.url}/roster`);
    await admin.getByRole("region", { name: "Piket sekarang" }).getByText(peksos.name, { exact: true }).waitFor();
    await admin.getByRole("heading", { name: "Kekosongan jadwal" }).waitFor();
    await admin.screenshot({ path: artifactPath("roster-desktop.png"), fullPage: true });
    await admin.setViewportSize(PHONE);
    await admin.screenshot({ path: artifactPath("roster-phone.png"), fullPage: true });
    // On a phone the shifts are cards, not a table too wide for the screen.
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await admin.setViewportSize(DESKTOP);
  });

  it("gives a supervisor the roster and peksos accounts, without the admin-only parts", async () => {
    const supervisor = await createStaff(server, { name: "Budi Santoso", email: "budi.santoso@dinsos.example", role: "supervisor" });
    const { context, page } = await newPage(DESKTOP);
    try {
      await signIn(page, server, supervisor.email, supervisor.password);
      await page.goto(`${server.url}/staff`);
      await page.getByText("Supervisor dapat menambah dan mengelola akun pekerja sosial.").waitFor();
      await page.getByRole("row", { name: new RegExp(peksos.name) }).getByRole("button", { name: `Reset kata sandi ${peksos.name}` }).waitFor();
      const adminRow = page.getByRole("row", { name: /Administrator/ });
      expect(await adminRow.getByRole("button").count()).toBe(0);
      await page.getByRole("button", { name: "Tambah petugas" }).click();
      await page.getByText("Akun baru dibuat sebagai pekerja sosial.").waitFor();
      expect(await page.getByLabel("Peran").count()).toBe(0);
      await page.getByRole("button", { name: "Batal" }).click();

      // Supervisors plan the roster too, in the unit's zone (which the API tells them with the statistics).
      await page.goto(`${server.url}/roster`);
      await page.getByText("Semua waktu dalam WIB (Asia/Jakarta)").waitFor();
      await page.getByRole("button", { name: "Tambah jadwal" }).waitFor();
      await page.getByRole("heading", { name: "Kekosongan jadwal" }).waitFor();
    } finally {
      await context.close();
    }
  });

  it("shows a peksos the roster to read, and the account page to link a chat and change the password", async () => {
    const { context, page } = await newPage(DESKTOP);
    try {
      await signIn(page, server, peksos.email, peksos.password);
      await page.goto(`${server.url}/roster`);
      await page.getByRole("region", { name: "Piket sekarang" }).getByText(peksos.name, { exact: true }).waitFor();
      await page.getByRole("row", { name: new RegExp(peksos.name) }).first().waitFor();
      expect(await page.getByRole("button", { name: "Tambah jadwal" }).count()).toBe(0);
      expect(await page.getByRole("heading", { name: "Kekosongan jadwal" }).count()).toBe(0);
      expect(await page.getByRole("button", { name: /^Hapus/ }).count()).toBe(0);

      // A chat for alerts: the one-time code, sent from Telegram as the bot would pass it on.
      await page.goto(`${server.url}/account`);
      await page.getByRole("button", { name: "Buat kode penghubung" }).click();
      const command = await page.getByLabel("Pesan yang dikirim").inputValue();
      expect(command).toMatch(/^\/hubungkan [A-Z0-9]{8}$/);
      await page.getByText(/^Berlaku sampai/).waitFor();
      const linked = await fetch(`${server.url}/v1/channels/telegram/staff-actions`, {
        method: "POST",
        headers: { authorization: `Bearer ${CHANNEL_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ externalId: "m:1", address: "5550001", action: { type: "link", code: command.split(" ")[1] } }),
      });
      expect(((await linked.json()) as { outcome: string }).outcome).toBe("linked");
      await page.getByText("Telegram terhubung. Peringatan piket dikirim ke sana.").waitFor({ timeout: 15_000 });
      const now = await server.api<OnCallNowBody>("GET", "/v1/oncall/now", { token: await server.adminToken() });
      expect(now.body.primary?.alertChannel).toBe("telegram");

      const newPassword = "kopi pagi di balai desa";
      await page.getByLabel("Kata sandi sekarang").fill(peksos.password);
      await page.getByLabel("Kata sandi baru", { exact: true }).fill(newPassword);
      await page.getByLabel("Ulangi kata sandi baru").fill(newPassword);
      await page.getByRole("button", { name: "Ganti kata sandi" }).click();
      await page.getByText("Kata sandi sudah diganti.").waitFor();
    } finally {
      await context.close();
    }
    const { context: again, page: second } = await newPage(DESKTOP);
    try {
      await signIn(second, server, peksos.email, "kopi pagi di balai desa");
      await second.goto(`${server.url}/account`);
      await second.getByText(peksos.email).waitFor();
      await second.goto(`${server.url}/staff`);
      await second.getByText("Halaman ini hanya untuk supervisor dan admin.").waitFor();
    } finally {
      await again.close();
    }
  });

  it("adds an agency under its type, and retires it into the folded list", async () => {
    await admin.goto(`${server.url}/agencies`);
    await admin.getByRole("button", { name: "Tambah lembaga" }).click();
    await admin.getByLabel("Nama lembaga").fill("Unit PPA Polres Metro");
    await admin.getByLabel("Jenis layanan").selectOption("polisi_ppa");
    await admin.getByLabel("Telepon").fill("0725-41110");
    await admin.getByLabel("Catatan").fill("Tanyakan penyidik PPA piket.");
    await admin.getByRole("button", { name: "Simpan" }).click();
    await admin.getByText("Unit PPA Polres Metro tersimpan.").waitFor();
    const group = admin.getByRole("region", { name: "Unit PPA Kepolisian" });
    await group.getByRole("heading", { name: "Unit PPA Polres Metro" }).waitFor();
    expect(await group.getByRole("link", { name: "0725-41110" }).getAttribute("href")).toBe("tel:072541110");

    const list = await server.api<{ agencies: Array<{ id: string; name: string; type: string; phone: string; active: boolean }> }>(
      "GET",
      "/v1/agencies",
      { token: await server.adminToken() },
    );
    const added = list.body.agencies.find((a) => a.name === "Unit PPA Polres Metro");
    expect(added).toMatchObject({ type: "polisi_ppa", phone: "0725-41110", active: true });

    await group.getByRole("button", { name: "Nonaktifkan Unit PPA Polres Metro" }).click();
    await admin.getByRole("button", { name: "Ya, nonaktifkan" }).click();
    await admin.getByText("Unit PPA Polres Metro dinonaktifkan.").waitFor();
    await admin.getByText(/^Lembaga nonaktif \(1\)$/).click();
    await admin.locator("details.retired-agencies").getByRole("heading", { name: /Unit PPA Polres Metro/ }).waitFor();
    const after = await server.api<{ agencies: Array<{ id: string; active: boolean }> }>("GET", "/v1/agencies", {
      token: await server.adminToken(),
    });
    expect(after.body.agencies.find((a) => a.id === added?.id)?.active).toBe(false);
  });

  it("adds a school with a code taken from its name, links its leaflet, and refuses a code in use", async () => {
    await admin.goto(`${server.url}/schools`);
    await admin.getByText(/sekolah contoh/).waitFor();
    expect(await admin.getByText("contoh", { exact: true }).count()).toBeGreaterThan(0);

    await admin.getByRole("button", { name: "Tambah sekolah" }).click();
    await admin.getByLabel("Nama sekolah").fill("SMP Negeri 3 Metro");
    expect(await admin.getByLabel("Kode").inputValue()).toBe("smp-negeri-3-metro");
    await admin.getByLabel("Kode").fill("smpn-3-metro");
    await admin.getByLabel("Kecamatan").fill("Metro Barat");
    await admin.getByRole("button", { name: "Simpan" }).click();
    await admin.getByText("SMP Negeri 3 Metro tersimpan.").waitFor();

    const schools = await server.api<{ schools: Array<{ id: string; code: string; name: string; kecamatan: string | null }> }>(
      "GET",
      "/v1/schools",
      { token: await server.adminToken() },
    );
    const school = schools.body.schools.find((s) => s.code === "smpn-3-metro");
    expect(school).toMatchObject({ name: "SMP Negeri 3 Metro", kecamatan: "Metro Barat" });
    const row = admin.getByRole("row", { name: /SMP Negeri 3 Metro/ });
    expect(await row.getByRole("link", { name: /Leaflet/ }).getAttribute("href")).toBe(`/leaflets/${school?.id}`);

    await admin.getByRole("button", { name: "Tambah sekolah" }).click();
    await admin.getByLabel("Nama sekolah").fill("SMP Negeri 3 Metro (kampus 2)");
    await admin.getByLabel("Kode").fill("smpn-3-metro");
    await admin.getByRole("button", { name: "Simpan" }).click();
    await admin.getByRole("alert").filter({ hasText: "Kode sekolah" }).waitFor();
  });

  it("ran without a script error in any page", () => {
    expect(pageErrors).toEqual([]);
  });
});
