import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { Referral } from "../../api/referrals/referral-schemas.ts";
import type { QueueItem, TicketDetail } from "../../api/tickets/ticket-schemas.ts";
import {
  artifactPath,
  bullyingReport,
  createStaff,
  DESKTOP,
  launchBrowser,
  openSignedIn,
  PHONE,
  startConsoleServer,
  type ConsoleServer,
} from "./harness.ts";

/*
 * The ticket page's follow-up panels as a peksos uses them on a phone: an internal note that
 * lands on the timeline, a referral to an agency and its progress, and a second report of the
 * same incident linked by its code and opened through the link. After each step the API is
 * asked too, so the page cannot show something the server did not keep.
 */

let server: ConsoleServer;
let browser: Browser;
let peksos: { id: string; email: string; password: string };
let peksosToken: string;
let agencyId: string;
const first = { id: "", code: "" };
const second = { id: "", code: "" };

const AGENCY_NAME = "UPTD PPA Kota Uji";

async function bearer(email: string, password: string): Promise<string> {
  const login = await server.api<{ token: string }>("POST", "/v1/auth/login", { body: { email, password } });
  if (login.status !== 200) throw new Error(`login answered ${login.status}`);
  return login.body.token;
}

async function ticketIdOf(code: string): Promise<string> {
  const queue = await server.api<{ items: QueueItem[] }>("GET", "/v1/tickets?limit=100", { token: peksosToken });
  const item = queue.body.items.find((candidate) => candidate.code === code);
  if (!item) throw new Error(`ticket ${code} is not in the queue`);
  return item.id;
}

async function detail(id: string): Promise<TicketDetail> {
  const response = await server.api<TicketDetail>("GET", `/v1/tickets/${id}`, { token: peksosToken });
  expect(response.status).toBe(200);
  return response.body;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
  peksos = await createStaff(server, { name: "Sari Wulandari", email: "sari.panels@dinsos.example", role: "peksos" });
  peksosToken = await bearer(peksos.email, peksos.password);
  const agency = await server.api<{ id: string }>("POST", "/v1/agencies", {
    token: await server.adminToken(),
    body: { name: AGENCY_NAME, type: "uptd_ppa", phone: "0725-123456" },
  });
  expect(agency.status).toBe(201);
  agencyId = agency.body.id;

  first.code = (await bullyingReport(server)).code;
  second.code = (await bullyingReport(server)).code;
  first.id = await ticketIdOf(first.code);
  second.id = await ticketIdOf(second.code);
  // A referral needs an acknowledged ticket; acknowledging is the ticket page's own button, tested with it.
  const acknowledged = await server.api("POST", `/v1/tickets/${first.id}/acknowledge`, { token: peksosToken });
  expect(acknowledged.status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openTicket(viewport: { width: number; height: number }, id: string) {
  const opened = await openSignedIn(browser, server, peksos, { viewport, path: `/tickets/${id}` });
  await panel(opened.page, "Riwayat tiket").waitFor();
  return opened;
}

/** A panel is a section named by its heading. */
function panel(page: Page, heading: string | RegExp) {
  return page.getByRole("region", { name: heading });
}

const timelineLines = (page: Page) => panel(page, "Riwayat tiket").locator(".timeline-line");

describe("the ticket's panels", () => {
  it("keeps an internal note, says it is never sent to the reporter, and shows it on the timeline", async () => {
    const { context, page, errors } = await openTicket(PHONE, first.id);
    const notes = panel(page, "Catatan internal");
    await expect(notes.getByText("Catatan tidak pernah dikirim ke pelapor.").isVisible()).resolves.toBe(true);
    await expect(timelineLines(page).first().textContent()).resolves.toMatch(/^Diterima oleh Sari Wulandari · \d{2}\.\d{2}$/);

    const text = "Sudah menelepon wali kelas; besok kunjungan ke sekolah.";
    await notes.getByLabel("Tulis catatan").fill(text);
    await notes.getByRole("button", { name: "Simpan catatan" }).click();
    await notes.getByRole("status").filter({ hasText: "Catatan tersimpan" }).waitFor();
    const timeline = panel(page, "Riwayat tiket");
    await timeline.locator(".timeline-quote", { hasText: text }).waitFor();
    await expect(timelineLines(page).first().textContent()).resolves.toMatch(/^Catatan internal dari Sari Wulandari · /);
    await expect(notes.getByLabel("Tulis catatan").inputValue()).resolves.toBe("");

    const notesOnServer = (await detail(first.id)).timeline.filter((event) => event.type === "note" && event.data.text === text);
    expect(notesOnServer).toHaveLength(1);
    expect(notesOnServer[0]?.actor.staff?.id).toBe(peksos.id);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("refers the ticket to an agency and records that the agency accepted it", async () => {
    const { context, page, errors } = await openTicket(PHONE, first.id);
    const referrals = panel(page, "Rujukan");
    await referrals.getByText("Tiket ini belum dirujuk ke lembaga mana pun.").waitFor();
    await referrals.getByRole("button", { name: "Rujuk ke lembaga" }).click();
    await referrals.getByLabel("Lembaga", { exact: true }).selectOption({ label: AGENCY_NAME });
    await referrals.getByLabel("Apa yang diminta dari lembaga?").fill("Mohon pendampingan psikologis untuk anak.");
    await expect(referrals.getByLabel("Batas waktu jawaban lembaga").inputValue()).resolves.toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await referrals.getByRole("button", { name: "Kirim rujukan" }).click();
    await referrals.getByRole("status").filter({ hasText: `Rujukan ke ${AGENCY_NAME} tercatat.` }).waitFor();

    const card = referrals.locator(".referral-card", { hasText: AGENCY_NAME });
    await card.locator(".referral-status", { hasText: "Dikirim" }).waitFor();
    await expect(card.getByText("UPTD PPA", { exact: true }).isVisible()).resolves.toBe(true);
    await panel(page, "Riwayat tiket").getByText(`Dirujuk ke ${AGENCY_NAME} oleh Sari Wulandari`).waitFor();

    let onServer = await server.api<{ referrals: Referral[] }>("GET", `/v1/tickets/${first.id}/referrals`, { token: peksosToken });
    expect(onServer.body.referrals).toHaveLength(1);
    expect(onServer.body.referrals[0]).toMatchObject({
      status: "dikirim",
      agency: { id: agencyId },
      note: "Mohon pendampingan psikologis untuk anak.",
      overdue: false,
    });
    const due = new Date(onServer.body.referrals[0]!.dueAt!).getTime();
    expect(due - Date.now()).toBeGreaterThan(6 * 24 * 3_600_000);
    expect((await detail(first.id)).status).toBe("dirujuk");

    await card.getByRole("button", { name: "Catat perkembangan" }).click();
    await card.getByRole("radio", { name: /^Diterima lembaga/ }).check();
    await card.getByLabel(/Apa kata atau tindakan lembaga/).fill("Konselor UPTD menjadwalkan pertemuan hari Senin.");
    await card.getByRole("button", { name: "Simpan" }).click();
    await referrals.getByRole("status").filter({ hasText: `Rujukan ke ${AGENCY_NAME} sekarang: Diterima lembaga.` }).waitFor();
    await card.locator(".referral-status", { hasText: "Diterima lembaga" }).waitFor();
    await panel(page, "Riwayat tiket").getByText(`Rujukan ke ${AGENCY_NAME}: Dikirim → Diterima lembaga (dicatat Sari Wulandari)`).waitFor();

    onServer = await server.api<{ referrals: Referral[] }>("GET", `/v1/tickets/${first.id}/referrals`, { token: peksosToken });
    expect(onServer.body.referrals[0]).toMatchObject({ status: "diterima", allowedNext: ["ditindaklanjuti", "selesai", "ditolak"] });

    await page.screenshot({ path: artifactPath("ticket-panels-phone.png"), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("links a second report by its code and opens it through the link", async () => {
    const { context, page, errors } = await openTicket(DESKTOP, first.id);
    const links = panel(page, /^Laporan terkait/);
    await links.getByText("Belum ada laporan lain yang ditautkan.").waitFor();

    // Typed as a person would copy it from an alert: lower case, with a stray space.
    await links.getByLabel("Tautkan laporan lain").fill(` ${second.code.toLowerCase()}`);
    await links.getByRole("button", { name: "Tautkan", exact: true }).click();
    await links.getByRole("status").filter({ hasText: `Ditautkan dengan ${second.code}.` }).waitFor();
    const link = links.getByRole("link", { name: second.code });
    await link.waitFor();
    await panel(page, "Riwayat tiket").getByText(`Ditautkan dengan ${second.code} sebagai satu kejadian oleh Sari Wulandari`).waitFor();

    const [one, two] = await Promise.all([detail(first.id), detail(second.id)]);
    expect(one.incidentId).not.toBeNull();
    expect(two.incidentId).toBe(one.incidentId);
    expect(one.linked.map((other) => other.code)).toEqual([second.code]);

    await page.screenshot({ path: artifactPath("ticket-panels-desktop.png"), fullPage: true });
    await link.click();
    await page.waitForURL(`${server.url}/tickets/${second.id}`);
    await panel(page, /^Laporan terkait/).getByRole("link", { name: first.code }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("says so when a code is not a ticket of the unit, and links nothing", async () => {
    const { context, page } = await openTicket(PHONE, second.id);
    const links = panel(page, /^Laporan terkait/);
    await links.getByLabel("Tautkan laporan lain").fill("MTR-ZZZZZ");
    await links.getByRole("button", { name: "Tautkan", exact: true }).click();
    await links.getByRole("alert").filter({ hasText: "Tiket MTR-ZZZZZ tidak ditemukan di unit Anda." }).waitFor();
    expect((await detail(second.id)).linked.map((other) => other.id)).toEqual([first.id]);
    await context.close();
  });
});
