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
  openSignedIn,
  PHONE,
  startConsoleServer,
  type ConsoleServer,
  type ReporterChat,
} from "./harness.ts";

/*
 * The ticket page as a peksos on a phone works a case: sees the conversation and why the triage
 * said darurat, takes it ("Terima"), answers the child with a ready-made reply, corrects the
 * priority, closes it with a reason, and sees the photo a reporter sent. Each step is checked in
 * the API too: the page must have done what it says.
 */

interface Detail {
  id: string;
  code: string;
  status: string;
  priority: string;
  closeReason: string | null;
  acknowledgedAt: string | null;
  assignee: { id: string; name: string } | null;
  transcript: { direction: string; step: string | null; text: string | null }[];
  timeline: { type: string; data: Record<string, unknown> }[];
}

let server: ConsoleServer;
let browser: Browser;
let peksos: { id: string; email: string; password: string };
let supervisor: { id: string; email: string; password: string };
let peksosToken: string;
let darurat: { code: string; chat: ReporterChat; id: string };

async function bearer(email: string, password: string): Promise<string> {
  const login = await server.api<{ token: string }>("POST", "/v1/auth/login", { body: { email, password } });
  if (login.status !== 200) throw new Error(`login answered ${login.status}`);
  return login.body.token;
}

async function ticketId(code: string): Promise<string> {
  const queue = await server.api<{ items: { id: string; code: string }[] }>("GET", "/v1/tickets?limit=100", { token: peksosToken });
  const item = queue.body.items.find((ticket) => ticket.code === code);
  if (!item) throw new Error(`${code} is not in the queue`);
  return item.id;
}

async function detail(id: string): Promise<Detail> {
  const response = await server.api<Detail>("GET", `/v1/tickets/${id}`, { token: peksosToken });
  expect(response.status).toBe(200);
  return response.body;
}

async function openTicket(person: { email: string; password: string }, id: string, viewport: { width: number; height: number } = PHONE) {
  const opened = await openSignedIn(browser, server, person, { viewport, path: `/tickets/${id}` });
  await opened.page.locator("#ticket-code").waitFor();
  return opened;
}

/** The polite status line every action fills. */
const announced = (page: Page, text: string) => page.getByRole("status").filter({ hasText: text }).waitFor();

/**
 * A WhatsApp report with a photo, as the WhatsApp adapter hands it over: the file first
 * (POST /v1/channels/whatsapp/media), then the message naming it, then a voice note whose file the
 * adapter could not keep. The harness's reporter chat speaks Telegram, whose files the test server
 * cannot fetch.
 */
async function whatsappReportWithPhoto(photo: Buffer): Promise<string> {
  const upload = await fetch(`${server.url}/v1/channels/whatsapp/media`, {
    method: "POST",
    headers: { authorization: `Bearer ${CHANNEL_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ mimeType: "image/jpeg", data: photo.toString("base64") }),
  });
  expect(upload.status).toBe(201);
  const { fileId } = (await upload.json()) as { fileId: string };
  const address = `62813${process.pid}${Date.now() % 100_000}`;
  let n = 0;
  let last: { replies: { choices: { id: string }[][] }[]; ticketCode: string | null } | undefined;
  const send = async (content: object) => {
    const response = await fetch(`${server.url}/v1/intake/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${CHANNEL_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ channel: "whatsapp", externalId: `wa-${address}-${++n}`, address, sentAt: new Date().toISOString(), content }),
    });
    expect(response.status).toBe(200);
    last = (await response.json()) as typeof last;
  };
  const press = (value: string) => {
    const choice = last?.replies.flatMap((reply) => reply.choices.flat()).find((c) => c.id.endsWith(`:${value}`));
    if (!choice) throw new Error(`no button "${value}"`);
    return send({ type: "choice", choiceId: choice.id });
  };
  await send({ type: "text", text: "halo" });
  await press("orang_tua");
  await press("tidak");
  await press("dipukul");
  await send({ type: "text", text: "anak saya dipukul temannya di sekolah sampai memar" });
  await send({ type: "media", kind: "photo", fileId, mimeType: "image/jpeg", caption: "memar di lengan" });
  await send({ type: "media", kind: "voice", mimeType: "audio/ogg" });
  await press("sudah");
  await send({ type: "text", text: "umur 9 tahun, SD Negeri 2 Metro Barat" });
  await press("sekali");
  await press("anonim");
  await press("kirim");
  if (!last?.ticketCode) throw new Error("the report made no ticket");
  return last.ticketCode;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
  peksos = await createStaff(server, { name: "Sari Wulandari", email: "sari.ticket@dinsos.example", role: "peksos" });
  supervisor = await createStaff(server, { name: "Kabid Rina", email: "rina.ticket@dinsos.example", role: "supervisor" });
  peksosToken = await bearer(peksos.email, peksos.password);
  const report = await daruratReport(server);
  darurat = { ...report, id: await ticketId(report.code) };
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the ticket page", () => {
  it("shows the conversation and why the triage said darurat, open", async () => {
    const { context, page, errors } = await openTicket(peksos, darurat.id);
    expect(await page.locator("#ticket-code").textContent()).toBe(darurat.code);
    expect(await page.locator(".ticket-header").getByText("DARURAT", { exact: true }).count()).toBe(1);
    expect(await page.locator(".ticket-header").getByText("Anak dalam bahaya sekarang", { exact: true }).count()).toBe(1);

    const chat = page.getByRole("log", { name: "Percakapan dengan pelapor" });
    const story = chat.locator(".from-reporter").filter({ hasText: "temanku dipukuli kakak kelas di belakang sekolah sekarang" });
    expect(await story.count()).toBe(1);
    expect(await chat.locator(".from-bot").count()).toBeGreaterThan(3);

    const why = page.locator("details.why");
    expect(await why.getAttribute("open")).not.toBeNull();
    expect(await why.locator("summary").textContent()).toContain("Kenapa DARURAT?");
    await why.getByText("pelapor menjawab anak dalam bahaya sekarang").waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("takes the case, answers with a ready-made reply, corrects the priority and closes it with a reason", async () => {
    const { context, page, errors } = await openTicket(peksos, darurat.id);

    // Terima: the API has it acknowledged, by her.
    await page.getByRole("button", { name: "Terima", exact: true }).click();
    await announced(page, "Tiket diterima.");
    await page.locator(".ticket-header").getByText("Sari Wulandari").waitFor();
    let ticket = await detail(darurat.id);
    expect(ticket.status).toBe("diterima");
    expect(ticket.acknowledgedAt).not.toBeNull();
    expect(ticket.assignee?.id).toBe(peksos.id);
    expect(await page.getByRole("button", { name: "Terima", exact: true }).count()).toBe(0);

    // A ready-made reply, written for a child, edited before it goes.
    await page.getByRole("button", { name: "Salam, laporan diterima" }).click();
    await page.getByRole("button", { name: "Aman sekarang?" }).click();
    const box = page.getByLabel("Pesan untuk pelapor");
    const canned = await box.inputValue();
    expect(canned).toContain("Laporanmu sudah kami terima");
    expect(canned).toContain("kamu sekarang aman nggak?");
    const reply = `${canned} Temanmu juga akan kami bantu.`;
    await box.fill(reply);
    await page.getByRole("button", { name: "Kirim", exact: true }).click();
    await announced(page, "Balasan masuk antrean kirim.");
    expect(await box.inputValue()).toBe("");
    const sent = page.locator(".from-staff").filter({ hasText: "Temanmu juga akan kami bantu." });
    await sent.waitFor();
    expect(await sent.locator(".delivery").textContent()).toMatch(/Menunggu dikirim|Terkirim|Gagal/);
    ticket = await detail(darurat.id);
    expect(ticket.transcript.filter((m) => m.direction === "out" && m.step === "staff_reply").map((m) => m.text)).toEqual([reply]);
    expect(ticket.timeline.filter((event) => event.type === "message_out")).toHaveLength(1);

    // The triage was too high after a call back: sedang, with the reason, shown under "Kenapa?".
    await page.getByRole("button", { name: "Tangani", exact: true }).click();
    await announced(page, "Status diubah menjadi Ditangani.");
    await page.getByText("Ubah prioritas atau kategori").click();
    await page.locator(".override").getByLabel("Prioritas").selectOption("sedang");
    const overrideReason = "Sudah ditelepon balik: temannya aman di rumah, kejadiannya kemarin.";
    await page.locator(".override").getByLabel("Alasan").fill(overrideReason);
    await page.getByRole("button", { name: "Simpan perubahan" }).click();
    await announced(page, "Prioritas sekarang sedang");
    await page.locator(".why").getByText(overrideReason, { exact: false }).waitFor();
    const triage = await server.api<{ priority: string; overrides: { reason: string }[] }>("GET", `/v1/tickets/${darurat.id}/triage`, {
      token: peksosToken,
    });
    expect(triage.body.priority).toBe("sedang");
    expect(triage.body.overrides.map((o) => o.reason)).toEqual([overrideReason]);

    // Closing asks for a reason first; the API keeps it.
    await page.getByRole("button", { name: "Tutup (spam/ganda)…" }).click();
    const closeReason = "Laporan ganda: anak yang sama melapor lagi lewat WhatsApp.";
    await page.locator(".reason-form").getByLabel(/Alasan/).fill(closeReason);
    await page.getByRole("button", { name: "Simpan status" }).click();
    await announced(page, "Status diubah menjadi Ditutup.");
    ticket = await detail(darurat.id);
    expect(ticket.status).toBe("ditutup");
    expect(ticket.closeReason).toBe(closeReason);

    // A reply to a closed ticket: the API refuses, the page says why and keeps the text.
    await box.fill("Halo lagi, kamu masih di sana?");
    await page.getByRole("button", { name: "Kirim", exact: true }).click();
    await page.locator(".reply").getByRole("alert").filter({ hasText: "Buka kembali dulu" }).waitFor();
    expect(await box.inputValue()).toBe("Halo lagi, kamu masih di sana?");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows a new message from the reporter without a reload", async () => {
    const { code, chat } = await bullyingReport(server);
    const id = await ticketId(code);
    const { context, page } = await openTicket(peksos, id);
    // The stream's `ready` follows the server's first look at the unit's tickets.
    await page.waitForTimeout(1_000);
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    await chat.text("tadi aku diejek lagi di kantin");
    await page.locator(".from-reporter").filter({ hasText: "tadi aku diejek lagi di kantin" }).waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => "sameDocument" in window)).toBe(true);
    await context.close();
  });

  it("lets a supervisor give the case to a peksos", async () => {
    const { code } = await bullyingReport(server);
    const id = await ticketId(code);
    const { context, page } = await openTicket(supervisor, id, DESKTOP);
    await page.getByLabel("Tugaskan ke").selectOption({ label: "Sari Wulandari (Pekerja sosial)" });
    await page.getByRole("button", { name: "Serahkan", exact: true }).click();
    await announced(page, "Tiket diserahkan ke Sari Wulandari.");
    expect((await detail(id)).assignee?.id).toBe(peksos.id);
    await context.close();
  });

  it("shows the reporter's photo in the chat, full size on a tap, and says when a file is not there", async () => {
    // A photo the browser makes itself: a real JPEG with no file to keep in the repository.
    const maker = await browser.newPage({ viewport: { width: 480, height: 320 } });
    await maker.setContent('<body style="margin:0;background:#f4a261;display:grid;place-items:center;height:100vh;font:40px sans-serif">foto</body>');
    const photo = await maker.screenshot({ type: "jpeg" });
    await maker.close();
    const code = await whatsappReportWithPhoto(photo);
    const id = await ticketId(code);
    await server.api("POST", `/v1/tickets/${id}/acknowledge`, { token: peksosToken });

    const { context, page, errors } = await openTicket(peksos, id);
    const thumb = page.getByRole("button", { name: /Foto dari pelapor: memar di lengan/ });
    await thumb.scrollIntoViewIfNeeded();
    await expect.poll(() => thumb.locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(480);
    expect(await thumb.locator("img").getAttribute("loading")).toBe("lazy");
    await thumb.click();
    const dialog = page.getByRole("dialog");
    await dialog.locator("img").waitFor();
    expect(await dialog.locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(480);
    await dialog.getByRole("button", { name: "Tutup" }).click();
    expect(await page.getByText("Pesan suara: Berkas tidak tersedia").count()).toBe(1);

    // From the top, so the sticky bar sits where a person sees it.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: artifactPath("ticket-phone.png"), fullPage: true });
    await page.setViewportSize(DESKTOP);
    await page.reload();
    await page.locator("#ticket-code").waitFor();
    await page.locator(".evidence-thumb img").evaluate((img: HTMLImageElement) => img.scrollIntoView({ block: "center" }));
    await expect.poll(() => page.locator(".evidence-thumb img").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(480);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: artifactPath("ticket-desktop.png"), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
