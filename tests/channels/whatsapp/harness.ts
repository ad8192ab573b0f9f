import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import wwebjs, { type Client, type Message, type MessageMedia } from "whatsapp-web.js";
import type { InboundMessage, IntakeResponse } from "../../../api/intake/schemas.ts";
import { createI18n } from "../../../api/i18n.ts";
import { createLogger } from "../../../api/logging.ts";
import { HotlineUnavailableError, type HotlineClient } from "../../../bot/client.ts";
import { createWhatsAppAdapter, type WhatsAppAdapter, type WhatsAppTiming } from "../../../bot/channels/whatsapp/adapter.ts";
import { LogCapture } from "../../support/test-app.ts";

/*
 * The adapter against whatsapp-web.js's real Client, never initialize()d: messages are built with
 * the library's own Message structure and emitted as the browser would, sends are recorded (and
 * fail on demand) by replacing sendMessage on the instance, files by replacing downloadMedia.
 */

/** whatsapp-web.js exports its Message class at runtime; its typings only describe the instance. */
const MessageStructure = (wwebjs as unknown as { Message: new (client: Client, data: object) => Message }).Message;

/** The hotline's own number, as WhatsApp Web names it. */
export const HOTLINE_ADDRESS = "6281100000000@c.us";

/** Retries, backoffs and pacing in milliseconds, so a test sees them happen. */
export const FAST_TIMING: Partial<WhatsAppTiming> = {
  reconnect: { initialMs: 20, maxMs: 80 },
  heartbeatMs: 60_000,
  sendIntervalMs: 1,
  sendTimeoutMs: 2_000,
  replyWaitMs: 5_000,
  downloadTimeoutMs: 2_000,
  menuWriteDelayMs: 10,
  spoolRetry: { initialMs: 100, maxMs: 400 },
  outboxRetry: { initialMs: 50, maxMs: 200 },
  outboxWaitMs: 200,
  outboxMinEmptyPollIntervalMs: 20,
  stopGraceMs: 2_000,
};

export interface SentMessage {
  to: string;
  text: string;
}

/** What a test may make sendMessage do next: throw this error, or find no chat (resolve with nothing). */
export type SendFault = Error | "no_chat";

/** A real whatsapp-web.js Client, whose sends are recorded instead of reaching a browser. */
export interface TestClient {
  client: Client;
  faults: SendFault[];
  initializeCalls: number;
  destroyCalls: number;
}

let messageCounter = 0;

function recordingClient(sent: SentMessage[]): TestClient {
  const client = new wwebjs.Client({});
  const test: TestClient = { client, faults: [], initializeCalls: 0, destroyCalls: 0 };
  client.sendMessage = async (chatId, content) => {
    const fault = test.faults.shift();
    if (fault === "no_chat") return undefined as unknown as Message;
    if (fault !== undefined) throw fault;
    const text = String(content);
    sent.push({ to: chatId, text });
    const id = `OUT${++messageCounter}`;
    return new MessageStructure(client, {
      id: { fromMe: true, remote: chatId, id, _serialized: `true_${chatId}_${id}` },
      type: "chat",
      body: text,
      from: HOTLINE_ADDRESS,
      to: chatId,
      t: Math.floor(Date.now() / 1000),
    });
  };
  client.destroy = async () => {
    test.destroyCalls += 1;
  };
  return test;
}

export interface MessageOptions {
  id?: string;
  fromMe?: boolean;
  type?: string;
  /** Fields of WhatsApp Web's own message model (mimetype, size, caption, directPath, isStatusV3…). */
  raw?: Record<string, unknown>;
}

/** A message as whatsapp-web.js builds it from WhatsApp Web's model. */
export function buildMessage(client: Client, from: string, body: string, options: MessageOptions = {}): Message {
  const id = options.id ?? `3EB0${randomBytes(8).toString("hex").toUpperCase()}`;
  const fromMe = options.fromMe ?? false;
  return new MessageStructure(client, {
    id: { fromMe, remote: from, id, _serialized: `${fromMe}_${from}_${id}` },
    type: options.type ?? "chat",
    body,
    from,
    to: HOTLINE_ADDRESS,
    t: Math.floor(Date.now() / 1000),
    ...options.raw,
  });
}

/** A photo (or any file) with its bytes: downloadMedia is replaced to hand them over. */
export function buildMediaMessage(
  client: Client,
  from: string,
  file: { type?: string; mimetype: string; bytes: Buffer; caption?: string; failDownload?: boolean },
): Message {
  const message = buildMessage(client, from, "/9j/4AAQSkZJRgABAQ-thumbnail", {
    type: file.type ?? "image",
    raw: {
      directPath: "/v/t62.7118-24/0000000_n.enc",
      mimetype: file.mimetype,
      size: file.bytes.length,
      ...(file.caption !== undefined && { caption: file.caption }),
    },
  });
  message.downloadMedia = async () => {
    if (file.failDownload) throw new Error("Evaluation failed: media gone");
    return new wwebjs.MessageMedia(file.mimetype, file.bytes.toString("base64"), null, file.bytes.length) as MessageMedia;
  };
  return message;
}

/** A HotlineClient that can be switched off (intake and uploads unavailable), and that records what it was given. */
export interface SwitchableClient extends HotlineClient {
  down: boolean;
  inbound: InboundMessage[];
  responses: Map<string, IntakeResponse>;
  waitFor(condition: () => boolean, what: string, timeoutMs?: number): Promise<void>;
}

export function switchable(inner: HotlineClient): SwitchableClient {
  const wrapped: SwitchableClient = {
    down: false,
    inbound: [],
    responses: new Map(),
    async sendInbound(message) {
      wrapped.inbound.push(message);
      if (wrapped.down) throw new HotlineUnavailableError("http_503");
      const response = await inner.sendInbound(message);
      wrapped.responses.set(message.externalId, response);
      return response;
    },
    async uploadMedia(channel, file) {
      if (wrapped.down) throw new HotlineUnavailableError("http_503");
      return inner.uploadMedia(channel, file);
    },
    fetchOutbox: (channel, options) => inner.fetchOutbox(channel, options),
    reportOutbox: (id, result) => inner.reportOutbox(id, result),
    staffAction: (channel, message) => inner.staffAction(channel, message),
    reportChannelState: (channel, report) => inner.reportChannelState(channel, report),
    waitFor: (condition, what, timeoutMs) => waitUntil(condition, what, timeoutMs),
  };
  return wrapped;
}

export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface RunningAdapter {
  adapter: WhatsAppAdapter;
  logs: LogCapture;
  dataDir: string;
  /** Every client the factory made, oldest first. */
  clients: TestClient[];
  /** The newest client: the one the adapter listens to. */
  current(): TestClient;
  /** Everything sent, over all clients. */
  sent: SentMessage[];
  printed: string[];
  /** Emits `ready` on the current client. */
  connect(): void;
  /** A person's phone: sends messages to the hotline and reads what came back. */
  phone(address?: string): Phone;
  stop(): Promise<void>;
}

export interface Phone {
  address: string;
  /** Emits a text message; returns it (its externalId is `wa:<id._serialized>`). */
  send(text: string, options?: MessageOptions): Message;
  sendMedia(file: Parameters<typeof buildMediaMessage>[2]): Message;
  /** Texts the hotline sent to this phone, in order. */
  received(): string[];
  /** Waits until `count` texts have arrived here and returns them all. */
  waitForTexts(count: number, timeoutMs?: number): Promise<string[]>;
}

let phoneCounter = 0;

/** A fresh Indonesian mobile number in WhatsApp's form; `lid` for one of WhatsApp's hidden-number ids. */
export function newAddress(kind: "c.us" | "lid" = "c.us"): string {
  phoneCounter += 1;
  const digits = `${Date.now() % 1_000_000}${String(phoneCounter).padStart(3, "0")}`;
  return kind === "c.us" ? `62812${digits}@c.us` : `1${digits}${digits}@lid`;
}

export async function createTestAdapter(
  client: HotlineClient,
  options: { dataDir?: string; timing?: Partial<WhatsAppTiming>; connect?: boolean; onNewClient?: (test: TestClient) => void } = {},
): Promise<RunningAdapter> {
  const logs = new LogCapture();
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? join(mkdtempSync(join(tmpdir(), "lapor-aman-wa-")), "whatsapp");
  const clients: TestClient[] = [];
  const sent: SentMessage[] = [];
  const printed: string[] = [];
  const adapter = createWhatsAppAdapter({
    client,
    logger: createLogger("trace", logs),
    i18n: await createI18n("id"),
    dataDir,
    print: (line) => printed.push(line),
    createClient: () => {
      const test = recordingClient(sent);
      options.onNewClient?.(test);
      clients.push(test);
      return test.client;
    },
    ...(options.connect !== undefined && { connect: options.connect }),
    timing: { ...FAST_TIMING, ...options.timing },
  });
  const current = () => {
    const last = clients.at(-1);
    if (last === undefined) throw new Error("the adapter has made no client yet: call start()");
    return last;
  };
  return {
    adapter,
    logs,
    dataDir,
    clients,
    current,
    sent,
    printed,
    connect: () => void current().client.emit("ready"),
    phone(address = newAddress()) {
      const received = () => sent.filter((m) => m.to === address).map((m) => m.text);
      return {
        address,
        send(text, messageOptions) {
          const message = buildMessage(current().client, address, text, messageOptions);
          current().client.emit("message", message);
          return message;
        },
        sendMedia(file) {
          const message = buildMediaMessage(current().client, address, file);
          current().client.emit("message", message);
          return message;
        },
        received,
        async waitForTexts(count, timeoutMs = 10_000) {
          await waitUntil(() => received().length >= count, `${count} messages to the phone (got ${received().length})`, timeoutMs);
          return received();
        },
      };
    },
    async stop() {
      await adapter.stop();
      if (ownDir) rmSync(join(dataDir, ".."), { recursive: true, force: true });
    },
  };
}

export const externalIdOf = (message: Message) => `wa:${message.id._serialized}`;
