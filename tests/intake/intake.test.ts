import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { App } from "../../api/app.ts";
import { createIntake, type Intake } from "../../api/intake/intake-service.ts";
import { createI18n } from "../../api/i18n.ts";
import { createLogger } from "../../api/logging.ts";
import { conversations, outboundMessages, ticketEvents, tickets, transcriptMessages } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { buildTestApp, LogCapture, TEST_CHANNEL_TOKEN } from "../support/test-app.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";
import { ChatDriver } from "./support.ts";

let database: TestDatabase;
let app: App;
const logs = new LogCapture();
let chats = 0;
/** Each test talks from its own chat so they do not share a conversation. */
const newChat = () => new ChatDriver(app, `70${++chats}${Date.now() % 100000}`);

beforeAll(async () => {
  database = await createTestDatabase();
  await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
  app = await buildTestApp(database, { logs });
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});

const STORY = "kakak kelas mengejek aku tiap istirahat di kantin";

async function plainReport(chat: ChatDriver, options: { role?: string; danger?: string } = {}) {
  await chat.text("halo");
  await chat.press(options.role ?? "anak_diri");
  await chat.press(options.danger ?? "tidak");
  await chat.press("diejek");
  await chat.text(STORY);
  await chat.press("sudah");
  await chat.text("kelas 5 SD Negeri 2 Metro Barat");
  await chat.press("masih_terjadi");
  await chat.press("anonim");
  return chat.press("kirim");
}

async function ticketOf(code: string) {
  const [row] = await database.db.select().from(tickets).where(eq(tickets.code, code));
  if (!row) throw new Error(`no ticket ${code}`);
  return row;
}

describe("a child's report through the intake", () => {
  test("ends in one ticket with the answers, a PIN and the whole transcript", async () => {
    const chat = newChat();
    const response = await plainReport(chat);
    expect(response.ticketCode).toMatch(/^MTR-[234679ACDEFGHJKMNPQRTUVWXYZ]{5}$/);
    const pin = /PIN: (\d{4})/.exec(response.replies[0]?.text ?? "")?.[1];
    expect(pin).toBeDefined();
    expect(response.replies[0]?.text).toContain("08111-129-129");

    const ticket = await ticketOf(response.ticketCode ?? "");
    expect(ticket).toMatchObject({
      priority: "sedang",
      category: "perundungan_verbal",
      reporterRole: "anak",
      victimRelation: "diri_sendiri",
      victimGrade: "5",
      kecamatan: "Metro Barat",
      frequency: "masih_terjadi",
      inDanger: false,
      anonymous: true,
      consentToContact: true,
      incomplete: false,
      description: STORY,
      reportSeq: 1,
      status: "baru",
    });
    expect(ticket.pinHash).not.toContain(pin);
    expect(ticket.slaDueAt.getTime() - ticket.createdAt.getTime()).toBe(24 * 60 * 60_000);

    const transcript = await database.db.select().from(transcriptMessages).where(eq(transcriptMessages.ticketId, ticket.id));
    const inbound = transcript.filter((m) => m.direction === "in");
    expect(inbound).toHaveLength(10);
    expect(inbound.map((m) => m.text)).toContain(STORY);
    // Pressed buttons are kept as the words the reporter saw.
    expect(inbound.map((m) => m.text)).toContain("Diejek / dihina");
    expect(transcript.filter((m) => m.direction === "out").length).toBeGreaterThanOrEqual(10);
    const unattached = await database.db
      .select()
      .from(transcriptMessages)
      .where(and(eq(transcriptMessages.reporterId, ticket.reporterId ?? ""), eq(transcriptMessages.reportSeq, 1)));
    expect(unattached.every((m) => m.ticketId === ticket.id)).toBe(true);
  });

  test("after submitting, new messages join the ticket with a short acknowledgement", async () => {
    const chat = newChat();
    const { ticketCode } = await plainReport(chat);
    const reply = await chat.text("tadi aku lupa, dia juga ambil uang jajanku");
    expect(reply.replies).toHaveLength(1);
    expect(reply.replies[0]?.text).toContain(ticketCode);
    const ticket = await ticketOf(ticketCode ?? "");
    const events = await database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
    expect(events.filter((e) => e.type === "message_in")).toHaveLength(1);
    const photo = await chat.send({ type: "media", kind: "photo", fileId: "AgAC-photo", width: 800, height: 600 });
    expect(photo.replies[0]?.text).toContain(ticketCode);
    const evidence = await database.db.select().from(transcriptMessages).where(eq(transcriptMessages.ticketId, ticket.id));
    expect(evidence.find((m) => m.kind === "media")?.media).toMatchObject({ kind: "photo", fileId: "AgAC-photo" });
  });

  test("'Ya' to danger opens a darurat ticket at once and later answers fill that same ticket", async () => {
    const chat = newChat();
    await chat.text("tolong");
    expect(chat.texts[0]).toContain("112");
    await chat.press("anak_teman");
    const danger = await chat.press("ya");
    expect(danger.ticketCode).toMatch(/^MTR-/);
    expect(danger.replies.map((r) => r.text).join("\n")).toContain("08111-129-129");
    let ticket = await ticketOf(danger.ticketCode ?? "");
    expect(ticket).toMatchObject({ priority: "darurat", inDanger: true, incomplete: true, consentToContact: true, victimRelation: "teman" });
    expect(ticket.slaDueAt.getTime() - ticket.createdAt.getTime()).toBe(5 * 60_000);

    await chat.press("dipukul");
    await chat.text("temanku dipukuli di belakang sekolah sekarang");
    ticket = await ticketOf(danger.ticketCode ?? "");
    expect(ticket.description).toBe("temanku dipukuli di belakang sekolah sekarang");
    expect(ticket.category).toBe("perundungan_fisik");

    await chat.press("sudah");
    await chat.press("lewati");
    await chat.press("masih_terjadi");
    await chat.press("anonim");
    const done = await chat.press("kirim");
    expect(done.ticketCode).toBe(danger.ticketCode);
    const all = await database.db.select().from(tickets).where(eq(tickets.reporterId, ticket.reporterId ?? ""));
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ priority: "darurat", incomplete: false });
  });

  test("the same update delivered twice changes nothing the second time and repeats the replies", async () => {
    const chat = newChat();
    await chat.text("halo");
    await chat.press("orang_tua");
    const first = await chat.send({ type: "text", text: "gak" }, "fixed-update-1");
    const [before] = await database.db.select().from(conversations);
    const second = await chat.send({ type: "text", text: "gak" }, "fixed-update-1");
    expect(second.duplicate).toBe(true);
    expect(second.replies).toEqual(first.replies);
    const rows = await database.db.select().from(conversations).where(eq(conversations.id, before?.id ?? ""));
    expect(rows[0]?.version).toBe(before?.version);

    // A redelivered "Kirim" must not make a second ticket or a second PIN.
    for (const step of [() => chat.press("diejek"), () => chat.press("sudah"), () => chat.press("lewati"), () => chat.press("sekali"), () => chat.press("tidak")]) await step();
    const kirim = chat.last?.replies.flatMap((r) => r.choices.flat()).find((c) => c.id.endsWith(":kirim"));
    const once = await chat.send({ type: "choice", choiceId: kirim?.id ?? "" }, "fixed-update-2");
    const again = await chat.send({ type: "choice", choiceId: kirim?.id ?? "" }, "fixed-update-2");
    expect(again.replies).toEqual(once.replies);
    const ticket = await ticketOf(once.ticketCode ?? "");
    const mine = await database.db.select().from(tickets).where(eq(tickets.reporterId, ticket.reporterId ?? ""));
    expect(mine).toHaveLength(1);
  });

  test("two messages of one chat at the same moment are both kept, one after the other", async () => {
    const chat = newChat();
    await chat.text("halo");
    await chat.press("anak_diri");
    await chat.press("tidak");
    await chat.press("dijauhi");
    const [a, b] = await Promise.all([chat.text("pesan pertama tentang kejadian"), chat.text("pesan kedua tentang kejadian")]);
    expect(a.duplicate || b.duplicate).toBe(false);
    await chat.press("sudah");
    for (const step of [() => chat.press("lewati"), () => chat.press("sekali"), () => chat.press("anonim")]) await step();
    const done = await chat.press("kirim");
    const ticket = await ticketOf(done.ticketCode ?? "");
    expect(ticket.description?.split("\n\n").sort()).toEqual(["pesan kedua tentang kejadian", "pesan pertama tentang kejadian"]);
  });

  test("/status works for the reporting chat, for another chat with code and PIN, and limits guessing", async () => {
    const chat = newChat();
    const done = await plainReport(chat);
    const code = done.ticketCode ?? "";
    const pin = /PIN: (\d{4})/.exec(done.replies[0]?.text ?? "")?.[1] ?? "";
    expect((await chat.text("/status")).replies[0]?.text).toContain(code);

    const other = newChat();
    expect((await other.text(`/status ${code}`)).replies[0]?.text).toContain("/status KODE PIN");
    const wrongPin = pin === "0000" ? "1111" : "0000";
    expect((await other.text(`/status ${code} ${wrongPin}`)).replies[0]?.text).toBe("Kode atau PIN tidak cocok. Periksa lagi, ya.");
    expect((await other.text(`/status ${code.toLowerCase()} ${pin}`)).replies[0]?.text).toContain("menunggu dibaca petugas");
    // The PIN never lands in the transcript.
    const typed = await database.db.select({ text: transcriptMessages.text }).from(transcriptMessages);
    expect(typed.some((m) => m.text?.includes(pin) && m.text.startsWith("/status"))).toBe(false);

    const guesser = newChat();
    for (let i = 0; i < 5; i++) await guesser.text(`/status ${code} 00${10 + i}`);
    expect((await guesser.text(`/status ${code} ${pin}`)).replies[0]?.text).toBe("Terlalu banyak percobaan. Coba lagi nanti, ya.");
  });

  test("/batal before a ticket forgets what the report recorded", async () => {
    const chat = newChat();
    await chat.text("halo");
    await chat.press("anak_diri");
    await chat.press("tidak");
    await chat.press("diejek");
    await chat.text("sesuatu yang tidak jadi dilaporkan sama sekali");
    await chat.text("/batal");
    const rows = await database.db.select({ text: transcriptMessages.text }).from(transcriptMessages);
    expect(rows.some((r) => r.text === "sesuatu yang tidak jadi dilaporkan sama sekali")).toBe(false);
  });

  test("a bad message gets a 400 naming the field, and no token gets a 401", async () => {
    const bad = await app.inject({
      method: "POST",
      url: "/v1/intake/messages",
      headers: { authorization: `Bearer ${TEST_CHANNEL_TOKEN}` },
      payload: { channel: "telegram", externalId: "x", address: "1", sentAt: "kemarin", content: { type: "text", text: "hi" } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields.map((f: { path: string }) => f.path)).toContain("sentAt");
    const anonymous = await app.inject({ method: "POST", url: "/v1/intake/messages", payload: {} });
    expect(anonymous.statusCode).toBe(401);
  });

  test("nothing the reporter wrote, nor their chat id, reaches the logs", async () => {
    const chat = new ChatDriver(app, "5550001234");
    await plainReport(chat);
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(logs.text).not.toContain(STORY);
    expect(logs.text).not.toContain("5550001234");
    expect(logs.text).not.toContain("Metro Barat");
  });
});

describe("timers", () => {
  let intake: Intake;
  beforeAll(async () => {
    intake = createIntake({ database, i18n: await createI18n("id"), logger: createLogger("silent") });
  });

  test("an unfinished report gets one reminder after 30 minutes, and a told story is submitted after 2 hours", async () => {
    const start = new Date("2030-01-01T08:00:00Z");
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    const address = "timer-chat-1";
    const send = (n: number, text: string, minutes: number) =>
      intake.handle({ channel: "telegram", externalId: `timer-${n}`, address, sentAt: at(minutes).toISOString(), content: { type: "text", text } }, at(minutes));
    await send(1, "halo", 0);
    await send(2, "1", 1);
    await send(3, "tidak", 2);
    await send(4, "8", 3);
    await send(5, "om tetangga suka marah-marah dan menyuruh aku kerja", 4);

    expect(await intake.runTimers(at(20))).toBe(0);
    expect(await intake.runTimers(at(35))).toBe(1);
    const reminders = await database.db.select().from(outboundMessages).where(eq(outboundMessages.purpose, "reminder"));
    expect(reminders.map((r) => r.text).join("\n")).toContain("belum selesai");
    expect(await intake.runTimers(at(60))).toBe(0);

    expect(await intake.runTimers(at(125))).toBe(1);
    const submitted = await database.db.select().from(outboundMessages).where(eq(outboundMessages.purpose, "auto_submitted"));
    expect(submitted).toHaveLength(1);
    const code = /MTR-[A-Z0-9]{5}/.exec(submitted[0]?.text ?? "")?.[0] ?? "";
    expect(await ticketOf(code)).toMatchObject({ incomplete: true, description: "om tetangga suka marah-marah dan menyuruh aku kerja" });
    expect(await intake.runTimers(at(500))).toBe(0);
  });
});
