import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../api/app.ts";
import type { InboundContent, IntakeResponse } from "../../../api/intake/schemas.ts";
import { createI18n } from "../../../api/i18n.ts";
import { createJobs, type Jobs } from "../../../api/jobs/jobs.ts";
import { createLogger } from "../../../api/logging.ts";
import { createOutbox } from "../../../api/outbox/outbox.ts";
import { renderReplies } from "../../../bot/channels/whatsapp/render.ts";
import { createInjectClient } from "../../../bot/client.ts";
import { mediaFiles, outboundMessages, reporters, ticketEvents, tickets, transcriptMessages } from "../../../db/schema/index.ts";
import { seedIfEmpty } from "../../../db/seed.ts";
import { createStaff, loginAs } from "../../support/staff.ts";
import { buildTestApp, LogCapture, TEST_CHANNEL_TOKEN } from "../../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../../support/test-db.ts";
import { createTestAdapter, externalIdOf, switchable, waitUntil, type Phone, type RunningAdapter, type SwitchableClient } from "./harness.ts";

/*
 * The whole path, nothing doubled but the browser: a reporter's messages emitted on the real
 * whatsapp-web.js Client → the adapter → HotlineClient over app.inject → the real API, job queue,
 * outbox and database; and back, through the outbox, to client.sendMessage. The reporter reads
 * the numbered lists the adapter rendered, and answers with numbers, with the words of a choice,
 * and with free words; only a flow that never reaches a ticket breaks the test.
 */

const STORY = "anak tetangga sebelah sering ditinggal sendirian berhari-hari, tidak dikasih makan dan tidak sekolah";
const CHILD = "umurnya sekitar 7 tahun, kelas 1 SD";
const PEKSOS_REPLY = "Selamat siang Bapak/Ibu, saya Sari dari Dinas Sosial. Terima kasih laporannya. Kami akan berkunjung besok.";
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("foto bukti rumah kosong"), Buffer.from([0xff, 0xd9])]);
const MAX_TURNS = 20;

let database: TestDatabase;
let jobs: Jobs;
let app: App;
let api: SwitchableClient;
let wa: RunningAdapter;
let hint: string;
let peksosToken: string;
const apiLogs = new LogCapture();
const dataDirs: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
  const silent = createLogger("silent");
  // As the hotline wires them, with retries a second apart instead of minutes.
  jobs = createJobs({ database, logger: silent, delivery: { retryLimit: 5, retryDelaySeconds: 1, retryBackoff: false } });
  const outbox = createOutbox({ database, jobs, logger: silent, claimPollMs: 200 });
  await jobs.start();
  app = await buildTestApp(database, { outbox, logs: apiLogs });
  const peksos = await createStaff(database, { role: "peksos", name: "Sari Wulandari" });
  peksosToken = await loginAs(app, peksos.email, peksos.password);
  const i18n = await createI18n("id");
  hint = i18n.getFixedT("id", "whatsapp")("choose_hint");

  api = switchable(createInjectClient(app, TEST_CHANNEL_TOKEN));
  wa = await createTestAdapter(api);
  await wa.adapter.start();
  wa.connect();
});

afterAll(async () => {
  await wa?.stop();
  await app?.close();
  await jobs?.stop();
  await database?.destroy();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

interface Turn {
  sent: string;
  response: IntakeResponse;
  /** What the adapter handed the API for this message. */
  content: InboundContent;
  /** The texts the phone got back for it. */
  shown: string[];
}

/** Types `text` on the phone; waits for the API's answer and for every message it renders to on WhatsApp. */
async function say(running: RunningAdapter, phone: Phone, text: string): Promise<Turn> {
  const before = phone.received().length;
  const message = phone.send(text);
  const externalId = externalIdOf(message);
  await api.waitFor(() => api.responses.has(externalId), `the API's answer to "${text}"`);
  const response = api.responses.get(externalId)!;
  const parts = renderReplies(response.replies, hint).parts.length;
  const shown = (await phone.waitForTexts(before + parts)).slice(before);
  const content = api.inbound.find((m) => m.externalId === externalId)!.content;
  expect(running.logs.text).not.toContain(externalId);
  return { sent: text, response, content, shown };
}

/** The number the list on screen gives the choice whose value is `value` (choice ids are `<menu>:<value>`). */
function numberOn(turn: Turn, value: string): string {
  const choice = turn.response.replies.flatMap((r) => r.choices.flat()).find((c) => c.id.endsWith(`:${value}`));
  if (!choice) throw new Error(`no choice ${value} in ${JSON.stringify(turn.response.replies)}`);
  const line = turn.shown.join("\n").split("\n").find((l) => l.endsWith(`. ${choice.label}`));
  if (!line) throw new Error(`"${choice.label}" is not in the numbered list shown: ${JSON.stringify(turn.shown)}`);
  return line.slice(0, line.indexOf("."));
}

const labelOf = (turn: Turn, value: string) => turn.response.replies.flatMap((r) => r.choices.flat()).find((c) => c.id.endsWith(`:${value}`))!.label;
const valuesOf = (turn: Turn) => turn.response.replies.flatMap((r) => r.choices.flat()).filter((c) => !c.url).map((c) => c.id.slice(c.id.indexOf(":") + 1));

/**
 * A parent reports a neglected child: from "halo" to the ticket code, answering some questions
 * with the list's number, some with the choice's words in their own case, and some in free words
 * the API itself understands ("sudah", "kirim").
 */
async function reportNeglect(phone: Phone): Promise<{ turns: Turn[]; expected: Map<Turn, object> }> {
  const turns = [await say(wa, phone, "halo")];
  const expected = new Map<Turn, object>([[turns[0]!, { type: "text", text: "halo" }]]);
  let storyTold = false;
  for (let i = 0; i < MAX_TURNS; i++) {
    const last = turns.at(-1)!;
    if (last.response.ticketCode) return { turns, expected };
    const values = valuesOf(last);
    const choiceId = (value: string) => last.response.replies.flatMap((r) => r.choices.flat()).find((c) => c.id.endsWith(`:${value}`))!.id;
    let text: string;
    let content: object;
    if (values.includes("orang_tua")) [text, content] = [numberOn(last, "orang_tua"), { type: "choice", choiceId: choiceId("orang_tua") }];
    else if (values.includes("tidak_tahu")) [text, content] = [labelOf(last, "tidak").toUpperCase(), { type: "choice", choiceId: choiceId("tidak") }];
    else if (values.includes("tidak_diurus")) [text, content] = [`${numberOn(last, "tidak_diurus")}.`, { type: "choice", choiceId: choiceId("tidak_diurus") }];
    else if (values.includes("masih_terjadi")) [text, content] = [` ${labelOf(last, "masih_terjadi").toLowerCase()} `, { type: "choice", choiceId: choiceId("masih_terjadi") }];
    else if (values.includes("anonim")) [text, content] = [`${numberOn(last, "anonim")})`, { type: "choice", choiceId: choiceId("anonim") }];
    else if (values.join() === "sudah") {
      text = storyTold ? "sudah" : STORY;
      storyTold = true;
      content = { type: "text", text };
    } else if (values.join() === "lewati") [text, content] = [CHILD, { type: "text", text: CHILD }];
    else if (values.includes("kirim")) [text, content] = ["kirim", { type: "text", text: "kirim" }];
    else throw new Error(`unexpected question: ${JSON.stringify(last.response.replies)}`);
    const turn = await say(wa, phone, text);
    turns.push(turn);
    expected.set(turn, content);
  }
  throw new Error(`no ticket after ${MAX_TURNS} turns`);
}

async function deliveryStatuses(ticketId: string, outboundId: string): Promise<string[]> {
  const events = await database.db
    .select({ data: ticketEvents.data })
    .from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.type, "delivery")))
    .orderBy(asc(ticketEvents.createdAt), asc(ticketEvents.id));
  return events.map((e) => e.data as { outboundId: string; status: string }).filter((d) => d.outboundId === outboundId).map((d) => d.status);
}

async function peksosSends(ticketId: string, text: string): Promise<string> {
  const response = await app.inject({
    method: "POST",
    url: `/v1/tickets/${ticketId}/messages`,
    headers: { authorization: `Bearer ${peksosToken}` },
    payload: { text },
  });
  expect(response.statusCode, response.body).toBe(202);
  return response.json<{ outboundId: string }>().outboundId;
}

async function outboundRow(id: string) {
  const [row] = await database.db.select().from(outboundMessages).where(eq(outboundMessages.id, id));
  return row!;
}

describe(`a parent reports a neglected child on WhatsApp, end to end on ${testDbKind}`, () => {
  let parent: Phone;
  let ticket: { id: string; code: string };
  let turns: Turn[];

  it("goes from \"halo\" to the ticket code, answering with numbers and words", async () => {
    parent = wa.phone();
    const report = await reportNeglect(parent);
    turns = report.turns;
    const code = turns.at(-1)!.response.ticketCode!;
    expect(code).toMatch(/^[A-Z]{3}-[A-Z0-9]{5}$/);
    // The parent reads the code in the chat.
    expect(turns.at(-1)!.shown.join("\n")).toContain(code);
    // Each answer reached the API as intended: the list's numbers and a choice's words as choices, free words as text.
    for (const turn of turns) expect(turn.content, `"${turn.sent}"`).toEqual(report.expected.get(turn));
    expect(turns.map((t) => t.content.type)).toContain("choice");
    // The first question was shown as a numbered list with the hint.
    expect(turns[0]!.shown.at(-1)).toMatch(/\n1\. .+\n2\. .+/);
    expect(turns[0]!.shown.at(-1)).toContain(hint);

    const [row] = await database.db.select().from(tickets).where(eq(tickets.code, code));
    expect(row).toMatchObject({ channel: "whatsapp", category: "penelantaran", reporterRole: "orang_tua", incomplete: false });
    expect(row?.description).toContain(STORY);
    ticket = { id: row!.id, code };
    const [reporter] = await database.db.select().from(reporters).where(eq(reporters.id, row!.reporterId!));
    expect(reporter).toMatchObject({ channel: "whatsapp", address: parent.address });
  });

  it("delivers the peksos's answer, written in the console, to the same WhatsApp chat", async () => {
    const outboundId = await peksosSends(ticket.id, PEKSOS_REPLY);
    await waitUntil(() => parent.received().includes(PEKSOS_REPLY), "the peksos's answer in the parent's chat");
    expect(wa.sent.filter((m) => m.text === PEKSOS_REPLY)).toEqual([{ to: parent.address, text: PEKSOS_REPLY }]);
    await waitUntil(async () => (await deliveryStatuses(ticket.id, outboundId)).includes("sent"), "the delivery event");
    expect(await outboundRow(outboundId)).toMatchObject({ channel: "whatsapp", status: "sent", attempts: 1 });
  });

  it("keeps a photo with a caption as evidence: its bytes stored, the transcript pointing at them", async () => {
    const before = parent.received().length;
    parent.sendMedia({ type: "image", mimetype: "image/jpeg", bytes: PHOTO, caption: "ini rumahnya, anaknya di dalam" });
    await parent.waitForTexts(before + 1);
    const [entry] = await database.db
      .select()
      .from(transcriptMessages)
      .where(and(eq(transcriptMessages.ticketId, ticket.id), eq(transcriptMessages.kind, "media")));
    expect(entry?.media).toMatchObject({ kind: "photo", mimeType: "image/jpeg", fileSize: PHOTO.length, caption: "ini rumahnya, anaknya di dalam" });
    const fileId = entry!.media!.fileId!;
    expect(fileId).toMatch(/^media:[0-9a-f-]{36}$/);
    const [file] = await database.db.select().from(mediaFiles).where(eq(mediaFiles.id, fileId.slice("media:".length)));
    expect(file).toMatchObject({ channel: "whatsapp", mimeType: "image/jpeg", byteSize: PHOTO.length });
    expect(Buffer.compare(file!.data, PHOTO)).toBe(0);
    const events = await database.db.select().from(ticketEvents).where(and(eq(ticketEvents.ticketId, ticket.id), eq(ticketEvents.type, "evidence")));
    expect(events).toHaveLength(1);
  });

  it("keeps a photo's bytes on disk while the API is down, answers with the emergency numbers, and uploads it once back", async () => {
    const before = parent.received().length;
    const bytes = Buffer.concat([PHOTO, Buffer.from("kedua")]);
    api.down = true;
    parent.sendMedia({ type: "document", mimetype: "image/png", bytes });
    const [fallback] = (await parent.waitForTexts(before + 1)).slice(before);
    expect(fallback).toContain("112");
    expect(fallback).toContain("08111-129-129");
    expect(wa.adapter.spooled()).toBe(1);
    const mediaDir = join(wa.dataDir, "spool", "media");
    const kept = readdirSync(mediaDir);
    expect(kept).toHaveLength(1);
    expect(Buffer.compare(readFileSync(join(mediaDir, kept[0]!)), bytes)).toBe(0);

    api.down = false;
    await waitUntil(() => wa.adapter.spooled() === 0, "the spool to empty", 15_000);
    await parent.waitForTexts(before + 2);
    const stored = await database.db.select().from(mediaFiles).where(eq(mediaFiles.byteSize, bytes.length));
    expect(stored).toHaveLength(1);
    expect(Buffer.compare(stored[0]!.data, bytes)).toBe(0);
    expect(stored[0]!.mimeType).toBe("image/png");
    expect(readdirSync(mediaDir)).toEqual([]);
    const evidence = await database.db
      .select()
      .from(transcriptMessages)
      .where(and(eq(transcriptMessages.ticketId, ticket.id), eq(transcriptMessages.kind, "media")));
    expect(evidence.map((m) => m.media?.fileId)).toContain(`media:${stored[0]!.id}`);
  });

  it("retries a send WhatsApp Web failed twice and records it sent exactly once; a chat WhatsApp does not have ends failed", async () => {
    const browserGone = () => new Error("Protocol error (Runtime.callFunctionOn): Session closed.");
    wa.current().faults.push(browserGone(), browserGone());
    const retried = "Apakah anaknya sudah makan hari ini?";
    const outboundId = await peksosSends(ticket.id, retried);
    await waitUntil(() => parent.received().includes(retried), "the retried answer", 20_000);
    await waitUntil(async () => (await deliveryStatuses(ticket.id, outboundId)).includes("sent"), "the sent event");
    expect(await deliveryStatuses(ticket.id, outboundId)).toEqual(["retrying", "retrying", "sent"]);
    expect(await outboundRow(outboundId)).toMatchObject({ status: "sent", attempts: 3, lastError: "browser_gone" });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(parent.received().filter((t) => t === retried)).toHaveLength(1);

    wa.current().faults.push("no_chat");
    const lost = await peksosSends(ticket.id, "Pesan ini tidak sampai.");
    await waitUntil(async () => (await deliveryStatuses(ticket.id, lost)).includes("failed"), "the failed event");
    expect(await outboundRow(lost)).toMatchObject({ status: "failed", attempts: 1, lastError: "chat_not_found" });
  });

  it("kept the parent's number and words out of the API's and the adapter's logs", () => {
    expect(apiLogs.lines.length).toBeGreaterThan(0);
    expect(wa.logs.lines.length).toBeGreaterThan(0);
    const digits = parent.address.slice(0, parent.address.indexOf("@"));
    for (const text of [apiLogs.text, wa.logs.text]) {
      expect(text).not.toContain(digits);
      expect(text).not.toContain("ditinggal sendirian");
      expect(text).not.toContain("ini rumahnya");
      expect(text).not.toContain(PEKSOS_REPLY.slice(0, 30));
    }
  });
});

describe(`a restart between a question and its answer (${testDbKind})`, () => {
  it("maps a \"3\" typed after the adapter was replaced to the question asked before, and replays what waited in the spool", async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), "lapor-aman-wa-restart-")), "whatsapp");
    dataDirs.push(join(dataDir, ".."));
    const first = await createTestAdapter(api, { dataDir });
    await first.adapter.start();
    first.connect();
    const asked = first.phone();
    const welcome = await say(first, asked, "halo");
    const three = numberOn(welcome, "orang_tua");

    // Another chat's message arrives while the API is down: spooled, with the fallback.
    const waiting = first.phone();
    api.down = true;
    const spooledMessage = waiting.send("halo, saya mau melapor");
    await waiting.waitForTexts(1);
    expect(first.adapter.spooled()).toBe(1);
    await first.stop();
    api.down = false;

    const second = await createTestAdapter(api, { dataDir });
    try {
      await second.adapter.start();
      // Replayed at start; its answer waits for the link.
      await api.waitFor(() => api.responses.has(externalIdOf(spooledMessage)), "the spooled message to reach the API");
      expect(second.sent).toEqual([]);
      second.connect();
      const replayed = second.phone(waiting.address);
      await waitUntil(() => second.adapter.spooled() === 0, "the replayed message to leave the spool");
      const replies = api.responses.get(externalIdOf(spooledMessage))!.replies;
      expect(replayed.received()).toEqual(renderReplies(replies, hint).parts);

      const answer = await say(second, second.phone(asked.address), three);
      expect(answer.content).toEqual({
        type: "choice",
        choiceId: welcome.response.replies.flatMap((r) => r.choices.flat()).find((c) => c.id.endsWith(":orang_tua"))!.id,
      });
    } finally {
      await second.stop();
    }
  });
});
