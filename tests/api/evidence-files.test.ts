import { randomBytes, randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import type { InboundContent, InboundMessage, IntakeResponse } from "../../api/intake/schemas.ts";
import { createTelegramFiles, TelegramDownloadError } from "../../api/tickets/evidence-telegram.ts";
import { normaliseUpdate } from "../../bot/channels/telegram/normalise.ts";
import { auditEvents, tickets, units } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { createStaff, loginAs } from "../support/staff.ts";
import { buildTestApp, LogCapture, TEST_CHANNEL_TOKEN } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

/*
 * Evidence files as the console opens them: GET /v1/tickets/{id}/evidence/{evidenceId}/file, the
 * `url` of each evidence in the ticket detail. Reports arrive through the real intake (a Telegram
 * photo normalised from the update Telegram sends, a WhatsApp photo uploaded by the adapter), and
 * Telegram files come from a Bot API stand-in below: telegram-test-api, the emulator the bot's
 * tests use, knows no getFile and serves no files.
 */

const BOT_TOKEN = "424242:AAStandInTokenForEvidenceFilesTests_x";
/** Short, so the cases of a Bot API that does not answer take a moment, not 10 s each; long enough that a busy CI machine answering the stand-in slowly is not a "hang". */
const TIMEOUT_MS = 2000;
const MB = 1024 * 1024;

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(4096), Buffer.from([0xff, 0xd9])]);
const PDF = Buffer.from("%PDF-1.4\n% surat keterangan dokter\n%%EOF\n");

// ---------------------------------------------------------------------------------------------
// A Bot API stand-in: exactly getFile and /file/bot<token>/<path>, as Telegram documents them.

type Behaviour = "ok" | "get_file_fails" | "get_file_hangs" | "too_big" | "download_missing" | "download_stalls" | "unsized";

interface HostedFile {
  path: string;
  bytes: Buffer;
  behaviour: Behaviour;
}

interface BotApiRequest {
  kind: "getFile" | "download";
  token: string;
  fileId?: string;
  path?: string;
}

interface BotApiStandIn {
  apiRoot: string;
  requests: BotApiRequest[];
  /** Downloads whose connection is still open. */
  openDownloads(): number;
  host(fileId: string, file: Omit<HostedFile, "behaviour">, behaviour?: Behaviour): void;
  stop(): Promise<void>;
}

async function startBotApiStandIn(token: string): Promise<BotApiStandIn> {
  const files = new Map<string, HostedFile>();
  const requests: BotApiRequest[] = [];
  let openDownloads = 0;

  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const body = await readBody(req);
    const method = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (method) {
      const [, presented = "", name] = method;
      if (presented !== token) return json(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
      if (name !== "getFile") return json(res, 404, { ok: false, error_code: 404, description: "Not Found: method not found" });
      const parsed = (body.length > 0 ? JSON.parse(body.toString("utf8")) : {}) as { file_id?: string };
      const fileId = parsed.file_id ?? url.searchParams.get("file_id") ?? "";
      requests.push({ kind: "getFile", token: presented, fileId });
      const file = files.get(fileId);
      if (!file) return json(res, 400, { ok: false, error_code: 400, description: "Bad Request: invalid file_id" });
      if (file.behaviour === "get_file_hangs") return;
      if (file.behaviour === "get_file_fails") return json(res, 500, { ok: false, error_code: 500, description: "Internal Server Error" });
      if (file.behaviour === "too_big") return json(res, 400, { ok: false, error_code: 400, description: "Bad Request: file is too big" });
      return json(res, 200, {
        ok: true,
        result: {
          file_id: fileId,
          file_unique_id: `u${fileId}`,
          ...(file.behaviour !== "unsized" && { file_size: file.bytes.length }),
          file_path: file.path,
        },
      });
    }
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (download) {
      const [, presented = "", path = ""] = download;
      requests.push({ kind: "download", token: presented, path });
      openDownloads += 1;
      res.once("close", () => {
        openDownloads -= 1;
      });
      const file = presented === token ? [...files.values()].find((f) => f.path === path) : undefined;
      if (!file || file.behaviour === "download_missing") return json(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      if (file.behaviour === "download_stalls") {
        res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(file.bytes.length) });
        res.write(file.bytes.subarray(0, 100));
        return;
      }
      // Chunked, without a length: only counting the bytes can stop an oversized file.
      res.writeHead(200, {
        "content-type": "application/octet-stream",
        ...(file.behaviour !== "unsized" && { "content-length": String(file.bytes.length) }),
      });
      res.end(file.bytes);
      return;
    }
    json(res, 404, { ok: false, error_code: 404, description: "Not Found" });
  }

  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    requests,
    openDownloads: () => openDownloads,
    host(fileId, file, behaviour = "ok") {
      files.set(fileId, { ...file, behaviour });
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** A port nothing listens on: a Bot API that refuses connections. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

// ---------------------------------------------------------------------------------------------
// A reporter's chat through the intake, as a channel adapter sends it.

const STORY = "kakak kelas mengejek aku tiap istirahat di kantin";

class Chat {
  private seq = 0;
  last: IntakeResponse | undefined;
  constructor(
    private readonly app: App,
    readonly channel: "telegram" | "whatsapp",
    readonly address: string,
  ) {}

  async deliver(message: InboundMessage): Promise<IntakeResponse> {
    const response = await this.app.inject({
      method: "POST",
      url: "/v1/intake/messages",
      headers: { authorization: `Bearer ${TEST_CHANNEL_TOKEN}` },
      payload: message,
    });
    if (response.statusCode !== 200) throw new Error(`intake answered ${response.statusCode}: ${response.body}`);
    this.last = response.json<IntakeResponse>();
    return this.last;
  }

  send(content: InboundContent): Promise<IntakeResponse> {
    this.seq += 1;
    return this.deliver({
      channel: this.channel,
      externalId: `${this.address}-${this.seq}`,
      address: this.address,
      sentAt: new Date().toISOString(),
      content,
    });
  }

  press(value: string): Promise<IntakeResponse> {
    const choice = this.last?.replies.flatMap((r) => r.choices.flat()).find((c) => c.id.endsWith(`:${value}`));
    if (!choice) throw new Error(`no button "${value}" in the last replies`);
    return this.send({ type: "choice", choiceId: choice.id });
  }

  /** A child's anonymous report; returns the ticket's code. */
  async report(): Promise<string> {
    await this.send({ type: "text", text: "halo" });
    await this.press("anak_diri");
    await this.press("tidak");
    await this.press("diejek");
    await this.send({ type: "text", text: STORY });
    await this.press("sudah");
    await this.send({ type: "text", text: "kelas 5 SD Negeri 2 Metro Barat" });
    await this.press("masih_terjadi");
    await this.press("anonim");
    const sent = await this.press("kirim");
    if (!sent.ticketCode) throw new Error("the report made no ticket");
    return sent.ticketCode;
  }
}

/** A Telegram message update in a private chat, shaped as Telegram sends it. */
function telegramUpdate(chatId: number, messageId: number, fields: Record<string, unknown>): Update {
  const chat = { id: chatId, type: "private", first_name: "Rani" } as const;
  return {
    update_id: messageId,
    message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat, from: { id: chatId, is_bot: false, first_name: "Rani" }, ...fields },
  } as Update;
}

/** What the Telegram adapter sends the intake for an update. */
function normalised(update: Update): InboundMessage {
  const result = normaliseUpdate(update, new Date());
  if (result.kind !== "inbound") throw new Error(`the update normalised to ${result.kind}`);
  return result.message;
}

// ---------------------------------------------------------------------------------------------

interface EvidenceItem {
  id: string;
  kind: string;
  fileId: string | null;
  url: string | null;
  mimeType: string | null;
  caption: string | null;
}

describe(`evidence files on ${testDbKind}`, () => {
  let database: TestDatabase;
  let standIn: BotApiStandIn;
  const logs = new LogCapture();
  /** Telegram configured against the stand-in. */
  let app: App;
  /** No Telegram bot token in this process. */
  let bare: App;
  let unit: { id: string; code: string };
  let otherUnit: { id: string; code: string };
  const tokens = { peksos: "", supervisor: "", admin: "", otherPeksos: "", otherAdmin: "" };
  const staffIds = { peksos: "" };

  /** The Telegram ticket's evidence by the file id Telegram gave it. */
  let telegramTicket: string;
  const evidenceOf = new Map<string, EvidenceItem>();
  let chatId: number;
  let messageId = 100;

  /** Each Telegram file the reporter sends: [file id, path at the stand-in, bytes, behaviour]. */
  const PHOTO_ID = `AgACAgphoto-${randomUUID()}`;
  const PHOTO_PATH = "photos/file_7.jpg";
  const DOC_ID = `BQACAgdoc-${randomUUID()}`;
  const DOC_PATH = "documents/file_8.pdf";

  const get = (target: App, url: string, token?: string, headers: Record<string, string> = {}) =>
    target.inject({ method: "GET", url, headers: { ...(token !== undefined && { authorization: `Bearer ${token}` }), ...headers } });

  const fileUrl = (ticketId: string, evidenceId: string) => `/v1/tickets/${ticketId}/evidence/${evidenceId}/file`;

  async function detailEvidence(ticketId: string, token = tokens.supervisor): Promise<EvidenceItem[]> {
    const response = await get(app, `/v1/tickets/${ticketId}`, token);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { evidence: EvidenceItem[] }).evidence;
  }

  async function ticketIdOf(code: string): Promise<string> {
    const [row] = await database.db.select({ id: tickets.id }).from(tickets).where(eq(tickets.code, code));
    if (!row) throw new Error(`no ticket ${code}`);
    return row.id;
  }

  const mediaAudits = (ticketId: string) =>
    database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "ticket.media_viewed"), eq(auditEvents.entityId, ticketId)));

  /** A file the reporter sends after the report, by Telegram message content. */
  async function sendTelegram(chat: Chat, fields: Record<string, unknown>): Promise<void> {
    messageId += 1;
    await chat.deliver(normalised(telegramUpdate(chatId, messageId, fields)));
  }

  const photoSizes = (fileId: string) => [
    { file_id: `${fileId}-small`, file_unique_id: `s${fileId}`, width: 90, height: 67, file_size: 1200 },
    { file_id: fileId, file_unique_id: `u${fileId}`, width: 1280, height: 960, file_size: JPEG.length },
  ];
  const document = (fileId: string, mime: string, size?: number) => ({
    file_id: fileId,
    file_unique_id: `u${fileId}`,
    file_name: "foto_luka_rani.pdf",
    mime_type: mime,
    ...(size !== undefined && { file_size: size }),
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
    [unit] = (await database.db.select({ id: units.id, code: units.code }).from(units)) as [{ id: string; code: string }];
    [otherUnit] = (await database.db.insert(units).values({ name: "Dinas Sosial Kabupaten Lain", code: "LIN" }).returning({ id: units.id, code: units.code })) as [
      { id: string; code: string },
    ];
    standIn = await startBotApiStandIn(BOT_TOKEN);
    app = await buildTestApp(database, {
      logs,
      telegramFiles: createTelegramFiles({ token: BOT_TOKEN, apiRoot: standIn.apiRoot, timeoutMs: TIMEOUT_MS }),
    });
    bare = await buildTestApp(database);
    const signIn = async (role: "peksos" | "supervisor" | "admin", unitId: string) => {
      const member = await createStaff(database, { role, unitId });
      return { id: member.id, token: await loginAs(app, member.email, member.password) };
    };
    const peksos = await signIn("peksos", unit.id);
    tokens.peksos = peksos.token;
    staffIds.peksos = peksos.id;
    tokens.supervisor = (await signIn("supervisor", unit.id)).token;
    tokens.admin = (await signIn("admin", unit.id)).token;
    tokens.otherPeksos = (await signIn("peksos", otherUnit.id)).token;
    tokens.otherAdmin = (await signIn("admin", otherUnit.id)).token;

    // A child reports on Telegram, then sends her evidence: each file is one case below.
    chatId = 700_000_000 + Math.floor(Math.random() * 1e8);
    const chat = new Chat(app, "telegram", String(chatId));
    telegramTicket = await ticketIdOf(await chat.report());
    standIn.host(PHOTO_ID, { path: PHOTO_PATH, bytes: JPEG });
    await sendTelegram(chat, { photo: photoSizes(PHOTO_ID), caption: "ini lukanya" });
    standIn.host(DOC_ID, { path: DOC_PATH, bytes: PDF });
    await sendTelegram(chat, { document: document(DOC_ID, "application/pdf", PDF.length) });
    // Over the Bot API's 20 MB as the message says: never asked for.
    await sendTelegram(chat, { video: { file_id: "BAACvideo-big", file_unique_id: "ubig", width: 1920, height: 1080, duration: 300, mime_type: "video/mp4", file_size: 25 * MB } });
    // No size in the message; Telegram says so when asked.
    standIn.host("BQACdoc-toobig", { path: "documents/file_9.zip", bytes: PDF }, "too_big");
    await sendTelegram(chat, { document: document("BQACdoc-toobig", "application/zip") });
    // Telegram no longer knows the id (never hosted at the stand-in).
    await sendTelegram(chat, { photo: photoSizes("AgACexpired") });
    standIn.host("AgACmissing", { path: "photos/file_10.jpg", bytes: JPEG }, "download_missing");
    await sendTelegram(chat, { photo: photoSizes("AgACmissing") });
    standIn.host("AgACfails", { path: "photos/file_11.jpg", bytes: JPEG }, "get_file_fails");
    await sendTelegram(chat, { photo: photoSizes("AgACfails") });
    standIn.host("AgAChangs", { path: "photos/file_12.jpg", bytes: JPEG }, "get_file_hangs");
    await sendTelegram(chat, { photo: photoSizes("AgAChangs") });
    standIn.host("AgACstalls", { path: "photos/file_13.jpg", bytes: JPEG }, "download_stalls");
    await sendTelegram(chat, { photo: photoSizes("AgACstalls") });
    await sendTelegram(chat, { location: { latitude: -5.1136, longitude: 105.3067 } });

    for (const item of await detailEvidence(telegramTicket)) evidenceOf.set(item.fileId ?? item.kind, item);
  });

  afterAll(async () => {
    await app.close();
    await bare.close();
    await standIn.stop();
    await database.destroy();
  });

  const evidence = (key: string): EvidenceItem => {
    const item = evidenceOf.get(key);
    if (!item) throw new Error(`no evidence ${key} on the Telegram ticket`);
    return item;
  };

  describe("the ticket detail's evidence", () => {
    it("gives every file, whatever its channel, the one file route as its url; a location gets none", () => {
      expect([...evidenceOf.keys()]).toHaveLength(10);
      const photo = evidence(PHOTO_ID);
      expect(photo).toMatchObject({ kind: "photo", fileId: PHOTO_ID, caption: "ini lukanya", url: fileUrl(telegramTicket, photo.id) });
      for (const item of evidenceOf.values()) {
        if (item.kind === "location") expect(item).toMatchObject({ fileId: null, url: null });
        else expect(item.url).toBe(fileUrl(telegramTicket, item.id));
      }
    });
  });

  describe("a Telegram file", () => {
    it("is fetched from the Bot API with the bot's token and given inline, privately, to anyone who may read the ticket", async () => {
      const photo = evidence(PHOTO_ID);
      const before = standIn.requests.length;
      for (const role of ["peksos", "supervisor", "admin"] as const) {
        const response = await get(app, photo.url ?? "", tokens[role]);
        expect(response.statusCode, `${role}: ${response.body.slice(0, 200)}`).toBe(200);
        expect(Buffer.compare(response.rawPayload, JPEG), role).toBe(0);
        expect(response.headers, role).toMatchObject({
          "content-type": "image/jpeg",
          "content-length": String(JPEG.length),
          "x-content-type-options": "nosniff",
          "cache-control": "private, no-store",
          "content-disposition": `inline; filename="bukti-${photo.id.slice(0, 8)}.jpg"`,
        });
      }
      // getFile with the largest size's id, then the download by the path it gave.
      expect(standIn.requests.slice(before, before + 2)).toEqual([
        { kind: "getFile", token: BOT_TOKEN, fileId: PHOTO_ID },
        { kind: "download", token: BOT_TOKEN, path: PHOTO_PATH },
      ]);
    });

    it("opens with the browser's session cookie alone, as an <img src> does", async () => {
      const photo = evidence(PHOTO_ID);
      const response = await get(app, photo.url ?? "", undefined, { cookie: `lapor_sesi=${tokens.peksos}` });
      expect(response.statusCode).toBe(200);
      expect(Buffer.compare(response.rawPayload, JPEG)).toBe(0);
    });

    it("audits each file given out, and logs neither the token nor Telegram's path", async () => {
      const photo = evidence(PHOTO_ID);
      const before = (await mediaAudits(telegramTicket)).length;
      expect((await get(app, photo.url ?? "", tokens.peksos)).statusCode).toBe(200);
      const audits = await mediaAudits(telegramTicket);
      expect(audits).toHaveLength(before + 1);
      expect(audits.at(-1)).toMatchObject({
        unitId: unit.id,
        actorStaffId: staffIds.peksos,
        entityType: "ticket",
        data: { transcriptMessageId: photo.id, source: "telegram" },
      });
      expect(JSON.stringify(audits)).not.toContain("lukanya");
      expect(logs.text).toContain("ticket evidence viewed");
      expect(logs.text).not.toContain(BOT_TOKEN);
      expect(logs.text).not.toContain(BOT_TOKEN.split(":")[1]);
      expect(logs.text).not.toContain(PHOTO_PATH);
    });

    it("makes a document a download with the type the message stated", async () => {
      const pdf = evidence(DOC_ID);
      const response = await get(app, pdf.url ?? "", tokens.peksos);
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("application/pdf");
      expect(response.headers["content-disposition"]).toBe(`attachment; filename="bukti-${pdf.id.slice(0, 8)}.pdf"`);
      expect(response.body).toBe(PDF.toString());
    });
  });

  describe("who may open a file", () => {
    it("answers another unit's staff exactly as an unknown ticket or evidence, without asking Telegram", async () => {
      const photo = evidence(PHOTO_ID);
      const unknownEvidence = await get(app, fileUrl(telegramTicket, randomUUID()), tokens.peksos);
      expect(unknownEvidence.statusCode).toBe(404);
      expect(unknownEvidence.json()).toEqual({ error: "evidence_not_found", message: "Bukti tidak ditemukan di tiket ini." });
      const unknownTicket = await get(app, fileUrl(randomUUID(), photo.id), tokens.otherPeksos);
      expect(unknownTicket.json()).toEqual(unknownEvidence.json());
      const before = standIn.requests.length;
      for (const token of [tokens.otherPeksos, tokens.otherAdmin]) {
        const response = await get(app, photo.url ?? "", token);
        expect({ status: response.statusCode, body: response.json() as unknown }).toEqual({ status: 404, body: unknownEvidence.json() });
      }
      expect(standIn.requests.length).toBe(before);
    });

    it("gives a file only through the ticket whose conversation holds it", async () => {
      const chat = new Chat(app, "telegram", String(chatId + 1));
      const otherTicket = await ticketIdOf(await chat.report());
      const crossed = await get(app, fileUrl(otherTicket, evidence(PHOTO_ID).id), tokens.supervisor);
      expect(crossed.statusCode).toBe(404);
      expect(crossed.json()).toMatchObject({ error: "evidence_not_found" });
      // A message of the conversation that is not a file.
      const [text] = (await get(app, `/v1/tickets/${otherTicket}`, tokens.supervisor)).json<{ transcript: { id: string }[] }>().transcript;
      expect((await get(app, fileUrl(otherTicket, text?.id ?? ""), tokens.supervisor)).json()).toMatchObject({ error: "evidence_not_found" });
    });

    it("keeps a file sent as the answer to the contact question for those who may read the reporter's contact", async () => {
      const chat = new Chat(app, "telegram", String(chatId + 3));
      await chat.send({ type: "text", text: "halo" });
      await chat.press("orang_tua");
      await chat.press("tidak");
      await chat.press("dipukul");
      await chat.send({ type: "text", text: "anak saya dipukul temannya di sekolah" });
      await chat.press("sudah");
      await chat.send({ type: "text", text: "umur 9 tahun" });
      await chat.press("sekali");
      await chat.press("nama");
      // A photo of a name card, where the bot asked for a name and phone.
      messageId += 1;
      await chat.deliver(normalised(telegramUpdate(chatId + 3, messageId, { photo: photoSizes(PHOTO_ID) })));
      await chat.send({ type: "text", text: "Bu Sari 0812 3456 7890" });
      const sent = await chat.press("kirim");
      const ticketId = await ticketIdOf(sent.ticketCode ?? "");

      const [card] = await detailEvidence(ticketId, tokens.supervisor);
      expect(card?.url).toBe(fileUrl(ticketId, card?.id ?? ""));
      expect((await get(app, card?.url ?? "", tokens.supervisor)).statusCode).toBe(200);
      // An unassigned peksos sees the ticket, but neither the card in the list nor through its address.
      expect(await detailEvidence(ticketId, tokens.peksos)).toEqual([]);
      const refused = await get(app, card?.url ?? "", tokens.peksos);
      expect(refused.statusCode).toBe(404);
      expect(refused.json()).toMatchObject({ error: "evidence_not_found" });
    });

    it("answers 404 once the ticket is purged", async () => {
      const chat = new Chat(app, "telegram", String(chatId + 2));
      const purged = await ticketIdOf(await chat.report());
      messageId += 1;
      await chat.deliver(normalised(telegramUpdate(chatId + 2, messageId, { photo: photoSizes(PHOTO_ID) })));
      const [item] = await detailEvidence(purged);
      expect((await get(app, item?.url ?? "", tokens.peksos)).statusCode).toBe(200);
      await database.db.update(tickets).set({ purgedAt: new Date() }).where(eq(tickets.id, purged));
      const response = await get(app, item?.url ?? "", tokens.peksos);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ error: "evidence_not_found" });
    });

    it("needs a session and ids that are uuids", async () => {
      const photo = evidence(PHOTO_ID);
      expect((await get(app, photo.url ?? "")).statusCode).toBe(401);
      expect((await get(app, photo.url ?? "", TEST_CHANNEL_TOKEN)).statusCode).toBe(401);
      const bad = await get(app, fileUrl(telegramTicket, "foto-1"), tokens.peksos);
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ error: "validation", fields: [{ in: "params", path: "evidenceId" }] });
    });
  });

  describe("a file that cannot be had", () => {
    async function expectUnavailable(target: App, item: EvidenceItem, status: number, body: object) {
      const audits = (await mediaAudits(telegramTicket)).length;
      const started = Date.now();
      const response = await get(target, item.url ?? fileUrl(telegramTicket, item.id), tokens.peksos);
      expect({ status: response.statusCode, body: response.json() as unknown }).toEqual({ status, body });
      // Nothing was given out, so nothing is audited; and nobody waits past the timeout.
      expect((await mediaAudits(telegramTicket)).length).toBe(audits);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2000);
    }

    const tooLarge = {
      error: "file_unavailable",
      reason: "too_large",
      message: "Berkas tidak bisa dibuka: ukurannya lebih dari 20 MB, batas Telegram untuk bot.",
    };
    const gone = { error: "file_unavailable", reason: "gone", message: "Berkas tidak bisa dibuka: berkas ini sudah tidak disimpan lagi oleh kanalnya." };
    const unreachable = { error: "channel_unreachable", message: "Berkas tidak bisa dibuka sekarang: Telegram tidak menjawab. Coba lagi sebentar lagi." };

    it("over 20 MB: refused from the size the message gave, without asking Telegram", async () => {
      const before = standIn.requests.length;
      await expectUnavailable(app, evidence("BAACvideo-big"), 404, tooLarge);
      expect(standIn.requests.length).toBe(before);
    });

    it("over 20 MB as Telegram's getFile says", async () => {
      await expectUnavailable(app, evidence("BQACdoc-toobig"), 404, tooLarge);
    });

    it("no longer kept by Telegram: an unknown file id, or a path whose download is gone", async () => {
      await expectUnavailable(app, evidence("AgACexpired"), 404, gone);
      await expectUnavailable(app, evidence("AgACmissing"), 404, gone);
    });

    it("Telegram failing or silent: 502 channel_unreachable within the timeout", async () => {
      await expectUnavailable(app, evidence("AgACfails"), 502, unreachable);
      await expectUnavailable(app, evidence("AgAChangs"), 502, unreachable);
    });

    it("Telegram refusing the bot's token, or refusing connections: 502 as well", async () => {
      const wrongToken = await buildTestApp(database, {
        telegramFiles: createTelegramFiles({ token: "424242:AAaWrongTokenNobodyIssued_xyz", apiRoot: standIn.apiRoot, timeoutMs: TIMEOUT_MS }),
      });
      const refused = await buildTestApp(database, {
        telegramFiles: createTelegramFiles({ token: BOT_TOKEN, apiRoot: `http://127.0.0.1:${await closedPort()}`, timeoutMs: TIMEOUT_MS }),
      });
      try {
        await expectUnavailable(wrongToken, evidence(PHOTO_ID), 502, unreachable);
        await expectUnavailable(refused, evidence(PHOTO_ID), 502, unreachable);
      } finally {
        await wrongToken.close();
        await refused.close();
      }
    });

    it("without a bot token in this process: 404 file_unavailable, in the caller's language", async () => {
      await expectUnavailable(bare, evidence(PHOTO_ID), 404, {
        error: "file_unavailable",
        reason: "not_configured",
        message: "Berkas tidak bisa dibuka: server belum tersambung ke bot Telegram. Minta admin memasang token bot di server API.",
      });
      const english = await get(bare, evidence(PHOTO_ID).url ?? "", tokens.peksos, { "accept-language": "en" });
      expect(english.json()).toMatchObject({
        reason: "not_configured",
        message: "The file cannot be opened: the server is not connected to the Telegram bot. Ask an admin to set the bot token on the API server.",
      });
    });

    it("a shared location has no file", async () => {
      await expectUnavailable(app, evidence("location"), 404, {
        error: "file_unavailable",
        reason: "no_file",
        message: "Berkas tidak bisa dibuka: bukti ini tidak punya berkas (misalnya lokasi atau kontak yang dibagikan).",
      });
    });

    it("a download that stalls midway is cut instead of holding the request", async () => {
      const stalls = evidence("AgACstalls");
      const started = Date.now();
      // Headers and the first bytes went out before the stall: the answer is cut, not completed.
      await expect(get(app, stalls.url ?? "", tokens.peksos)).rejects.toThrow(/destroyed before completion/);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2000);
      expect(logs.text).toContain("telegram_download_stalled");
      expect(logs.text).not.toContain(BOT_TOKEN);
    });

    it("a path that is not Telegram's shape is never fetched", async () => {
      const files = createTelegramFiles({ token: BOT_TOKEN, apiRoot: standIn.apiRoot, timeoutMs: TIMEOUT_MS });
      for (const [fileId, path] of [
        ["AgACtraversal", "photos/../../bot/getMe"],
        ["AgAClocal", "/var/lib/telegram-bot-api/photos/file_1.jpg"],
      ] as const) {
        standIn.host(fileId, { path, bytes: JPEG });
        const before = standIn.requests.length;
        expect(await files.open(fileId, undefined)).toEqual({ ok: false, error: "unreachable", detail: "unusable_file_path" });
        expect(standIn.requests.slice(before).map((r) => r.kind)).toEqual(["getFile"]);
      }
    });

    it("a download given up before it is read is closed at Telegram's end too", async () => {
      const files = createTelegramFiles({ token: BOT_TOKEN, apiRoot: standIn.apiRoot, timeoutMs: 60_000 });
      const opened = await files.open("AgACstalls", undefined);
      if (!opened.ok) throw new Error(`open failed: ${opened.error}`);
      expect(standIn.openDownloads()).toBe(1);
      opened.file.stream.destroy();
      await expect.poll(() => standIn.openDownloads(), { timeout: 2000 }).toBe(0);
    });

    it("a download longer than the limit is cut while it streams, when Telegram sent no length", async () => {
      const big = Buffer.alloc(5000, 1);
      standIn.host("AgACunsized", { path: "photos/file_14.jpg", bytes: big }, "unsized");
      const files = createTelegramFiles({ token: BOT_TOKEN, apiRoot: standIn.apiRoot, timeoutMs: TIMEOUT_MS, maxBytes: 4096 });
      const opened = await files.open("AgACunsized", undefined);
      if (!opened.ok) throw new Error(`open failed: ${opened.error}`);
      expect(opened.file).toMatchObject({ size: undefined, extension: "jpg" });
      const read = async () => {
        for await (const chunk of opened.file.stream) void chunk;
      };
      await expect(read()).rejects.toThrow(new TelegramDownloadError("too_large"));
      // Within the limit it passes whole.
      const fits = await createTelegramFiles({ token: BOT_TOKEN, apiRoot: standIn.apiRoot, maxBytes: 5000 }).open("AgACunsized", undefined);
      if (!fits.ok) throw new Error(`open failed: ${fits.error}`);
      const chunks: Buffer[] = [];
      for await (const chunk of fits.file.stream) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).equals(big)).toBe(true);
    });
  });

  describe("a WhatsApp file", () => {
    let ticketId: string;
    let item: EvidenceItem;
    let mediaId: string;

    beforeAll(async () => {
      const uploaded = await app.inject({
        method: "POST",
        url: "/v1/channels/whatsapp/media",
        headers: { authorization: `Bearer ${TEST_CHANNEL_TOKEN}` },
        payload: { mimeType: "image/jpeg", data: JPEG.toString("base64") },
      });
      expect(uploaded.statusCode, uploaded.body).toBe(201);
      const { fileId } = uploaded.json<{ fileId: string }>();
      mediaId = fileId.slice("media:".length);
      const chat = new Chat(app, "whatsapp", `62812${Math.floor(Math.random() * 1e8)}@c.us`);
      ticketId = await ticketIdOf(await chat.report());
      await chat.send({ type: "media", kind: "photo", fileId, mimeType: "image/jpeg", fileSize: JPEG.length, caption: "fotonya" });
      [item] = (await detailEvidence(ticketId)) as [EvidenceItem];
    });

    it("has the same kind of url, and is served from the API's store even without a Telegram token", async () => {
      expect(item).toMatchObject({ kind: "photo", fileId: `media:${mediaId}`, mimeType: "image/jpeg", url: fileUrl(ticketId, item.id) });
      const before = standIn.requests.length;
      for (const target of [app, bare]) {
        const response = await get(target, item.url ?? "", tokens.peksos);
        expect(response.statusCode).toBe(200);
        expect(Buffer.compare(response.rawPayload, JPEG)).toBe(0);
        expect(response.headers).toMatchObject({
          "content-type": "image/jpeg",
          "content-length": String(JPEG.length),
          "x-content-type-options": "nosniff",
          "cache-control": "private, no-store",
          "content-disposition": `inline; filename="bukti-${item.id.slice(0, 8)}.jpg"`,
        });
      }
      expect(standIn.requests.length).toBe(before);
      const audits = await mediaAudits(ticketId);
      expect(audits).toHaveLength(2);
      expect(audits[0]).toMatchObject({ unitId: unit.id, data: { transcriptMessageId: item.id, mediaId, source: "stored" } });
    });

    it("still opens through the stored-media route, whose checks are the same", async () => {
      expect((await get(app, `/v1/tickets/${ticketId}/media/${mediaId}`, tokens.supervisor)).statusCode).toBe(200);
      expect((await get(app, `/v1/tickets/${ticketId}/media/${mediaId}`, tokens.otherAdmin)).statusCode).toBe(404);
      expect((await get(app, item.url ?? "", tokens.otherAdmin)).statusCode).toBe(404);
    });
  });
});
