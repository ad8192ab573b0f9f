import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_MEDIA_BYTES } from "../../../api/channels/channel-schemas.ts";
import { createI18n } from "../../../api/i18n.ts";
import type { OutboxItem } from "../../../api/intake/schemas.ts";
import { createLogger } from "../../../api/logging.ts";
import { createWhatsAppAdapter } from "../../../bot/channels/whatsapp/adapter.ts";
import { createHotlineDouble, type HotlineDouble } from "../shared/hotline-double.ts";
import { buildMediaMessage, buildMessage, createTestAdapter, externalIdOf, FAST_TIMING, newAddress, waitUntil, type RunningAdapter } from "./harness.ts";

/*
 * The adapter with the real whatsapp-web.js Client (never initialized) and the API doubled, where
 * the API's behaviour is the point: what is ignored, the rate limit, the link's state reports and
 * reconnects, staff actions, outbox results and media. The real API is in end-to-end.test.ts.
 */

const TICKET = "1f0a8c9e-2b3d-4e5f-8a7b-6c5d4e3f2a1b";
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

let running: RunningAdapter | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function start(hotline: HotlineDouble, options: Parameters<typeof createTestAdapter>[1] = {}): Promise<RunningAdapter> {
  running = await createTestAdapter(hotline, options);
  await running.adapter.start();
  return running;
}

const quiet = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("what never reaches the API", () => {
  it("ignores group chats, status updates, the hotline's own messages and channels: nothing sent to the API, nothing answered", async () => {
    const hotline = createHotlineDouble();
    const wa = await start(hotline);
    wa.connect();
    const person = newAddress();
    const client = wa.current().client;
    for (const message of [
      buildMessage(client, "120363025246125486@g.us", "halo semua", { raw: { author: person } }),
      buildMessage(client, "status@broadcast", "story hari ini", { raw: { isStatusV3: true } }),
      buildMessage(client, person, "pesan dari HP layanan", { fromMe: true }),
      buildMessage(client, "120363162345678901@newsletter", "berita", {}),
    ]) {
      client.emit("message", message);
    }
    await quiet(200);
    expect(hotline.received).toEqual([]);
    expect(hotline.staffActions).toEqual([]);
    expect(wa.sent).toEqual([]);
    expect(wa.logs.text).toContain('"reason":"group"');
    expect(wa.logs.text).not.toContain(person.slice(0, -5));
  });
});

describe("per-sender rate limit", () => {
  it("a flood of 40 from one sender: the burst reaches the API, one kind notice; another sender is not held up", async () => {
    const hotline = createHotlineDouble();
    const wa = await start(hotline, { timing: { rateLimit: { burst: 15, refillMs: 3_000 } } });
    wa.connect();
    const flooder = wa.phone();
    const other = wa.phone();
    for (let i = 0; i < 40; i++) flooder.send(`pesan ${i}`);
    other.send("halo, aku mau lapor");

    await hotline.waitFor(() => hotline.received.some((m) => m.address === other.address));
    await waitUntil(() => wa.sent.filter((m) => m.to === flooder.address).length >= 16, "the flooder's replies and notice");
    await quiet(200);
    const fromFlooder = hotline.received.filter((m) => m.address === flooder.address);
    expect(fromFlooder.length).toBeGreaterThanOrEqual(15);
    expect(fromFlooder.length).toBeLessThanOrEqual(16);
    // In the order they were typed.
    expect(fromFlooder.map((m) => (m.content.type === "text" ? m.content.text : ""))).toEqual(fromFlooder.map((_, i) => `pesan ${i}`));
    const notices = flooder.received().filter((text) => text.includes("banyak sekali dalam waktu singkat"));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain("SAPA 129");
    expect(other.received()).toEqual(["diterima: halo, aku mau lapor"]);
  });
});

describe("the phone link", () => {
  it("prints and reports each new QR, then connected on ready (the outbox loop claims), and reconnects with a new client after a disconnect", async () => {
    const hotline = createHotlineDouble();
    const wa = await start(hotline);
    expect(wa.adapter.state()).toBe("starting");
    await hotline.waitFor(() => hotline.stateReports.length === 1);
    expect(hotline.stateReports).toEqual([{ state: "starting" }]);

    const first = wa.current();
    first.client.emit("qr", "2@QRONE,abc,def");
    await hotline.waitFor(() => hotline.stateReports.length === 2);
    await quiet(20);
    // WhatsApp Web shows a new QR every 20 seconds or so; the same one again is not news.
    first.client.emit("qr", "2@QRONE,abc,def");
    first.client.emit("qr", "2@QRTWO,abc,def");
    await hotline.waitFor(() => hotline.stateReports.length === 3);
    expect(hotline.stateReports.slice(1)).toEqual([
      { state: "qr_needed", qr: "2@QRONE,abc,def" },
      { state: "qr_needed", qr: "2@QRTWO,abc,def" },
    ]);
    expect(wa.adapter.state()).toBe("qr_needed");
    // Each QR drawn in the terminal, with what to do with it.
    expect(wa.printed.filter((line) => /[█▀▄]/.test(line))).toHaveLength(2);
    expect(wa.printed.filter((line) => line.includes("Perangkat tertaut"))).toHaveLength(2);
    // Never in the log: whoever scans it links their phone.
    expect(wa.logs.text).not.toContain("QRONE");
    expect(hotline.claims).toBe(0);

    first.client.emit("authenticated");
    first.client.emit("ready");
    await hotline.waitFor(() => hotline.claims > 0);
    expect(wa.adapter.state()).toBe("connected");
    await hotline.waitFor(() => hotline.stateReports.at(-1)?.state === "connected");
    expect(hotline.stateReports.at(-1)).toEqual({ state: "connected" });

    first.client.emit("disconnected", "NAVIGATION");
    await hotline.waitFor(() => hotline.stateReports.at(-1)?.state === "disconnected");
    expect(hotline.stateReports.at(-1)).toEqual({ state: "disconnected", reason: "NAVIGATION" });
    expect(wa.adapter.state()).toBe("disconnected");
    // After the backoff, a new client from the factory.
    await waitUntil(() => wa.clients.length === 2, "a new client");
    const claimsWhileDown = hotline.claims;
    await quiet(150);
    expect(hotline.claims).toBeLessThanOrEqual(claimsWhileDown + 1);
    expect(wa.printed.some((line) => line.includes("WhatsApp terputus (NAVIGATION)"))).toBe(true);

    // The old client's events no longer count; the new one's do.
    first.client.emit("ready");
    await quiet(50);
    expect(wa.adapter.state()).toBe("disconnected");
    wa.current().client.emit("ready");
    await hotline.waitFor(() => hotline.stateReports.at(-1)?.state === "connected");
    const claims = hotline.claims;
    await hotline.waitFor(() => hotline.claims > claims);
  });

  it("with the built-in client's behaviour (connect): a browser that does not start is reported, closed and retried with a new client", async () => {
    const hotline = createHotlineDouble();
    const wa = await start(hotline, {
      connect: true,
      onNewClient(test) {
        test.client.initialize = async () => {
          test.initializeCalls += 1;
          throw new Error("Failed to launch the browser process");
        };
      },
    });
    await waitUntil(() => wa.clients.length >= 3, "two retries");
    expect(wa.clients.every((c, i) => i === wa.clients.length - 1 || (c.initializeCalls === 1 && c.destroyCalls >= 1))).toBe(true);
    await hotline.waitFor(() => hotline.stateReports.some((r) => r.state === "disconnected"));
    expect(hotline.stateReports.find((r) => r.state === "disconnected")).toEqual({ state: "disconnected", reason: "browser_failed" });
  });

  it("never initializes a client a test made (connect defaults to false with createClient)", async () => {
    const hotline = createHotlineDouble();
    const wa = await start(hotline, {
      onNewClient(test) {
        test.client.initialize = async () => {
          test.initializeCalls += 1;
        };
      },
    });
    wa.current().client.emit("disconnected", "LOGOUT");
    await waitUntil(() => wa.clients.length === 2, "a new client");
    expect(wa.clients.map((c) => c.initializeCalls)).toEqual([0, 0]);
    expect(wa.printed.some((line) => line.includes("melepas tautan"))).toBe(true);
  });

  it("builds its own client when none is given (tested without connecting: that would start Chromium)", async () => {
    const hotline = createHotlineDouble();
    const dir = mkdtempSync(join(tmpdir(), "lapor-aman-wa-default-"));
    const adapter = createWhatsAppAdapter({
      client: hotline,
      logger: createLogger("silent"),
      i18n: await createI18n("id"),
      dataDir: join(dir, "whatsapp"),
      print: () => {},
      connect: false,
      timing: FAST_TIMING,
    });
    try {
      await adapter.start();
      await hotline.waitFor(() => hotline.stateReports.length === 1);
      expect(adapter.state()).toBe("starting");
    } finally {
      await adapter.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("re-reports the state as a heartbeat, and a report the API did not take is retried at the next one", async () => {
    const hotline = createHotlineDouble();
    hotline.mode = "down";
    const wa = await start(hotline, { timing: { heartbeatMs: 40 } });
    wa.connect();
    await hotline.waitFor(() => hotline.stateReports.filter((r) => r.state === "connected").length >= 2);
    expect(wa.logs.text).toContain("could not report the WhatsApp link state");
    hotline.mode = "up";
    const before = hotline.stateReports.length;
    await hotline.waitFor(() => hotline.stateReports.length >= before + 2);
    expect(new Set(hotline.stateReports.slice(before).map((r) => r.state))).toEqual(new Set(["connected"]));
  });
});

describe("staff on WhatsApp", () => {
  it("links with /hubungkan and answers with the API's reply; /hubungkan alone gets the usage, not the API", async () => {
    const hotline = createHotlineDouble();
    const wa = await start(hotline);
    wa.connect();
    const staffPhone = wa.phone();
    const command = staffPhone.send("/hubungkan K7QW-3MZP");
    await staffPhone.waitForTexts(1);
    expect(hotline.staffActions).toEqual([
      { externalId: externalIdOf(command), address: staffPhone.address, action: { type: "link", code: "K7QW3MZP" } },
    ]);
    expect(staffPhone.received()).toEqual(["staf: link"]);

    staffPhone.send("/hubungkan");
    await staffPhone.waitForTexts(2);
    expect(staffPhone.received()[1]).toContain("/hubungkan K7QW3MZP");
    expect(hotline.staffActions).toHaveLength(1);
    expect(hotline.received).toEqual([]);
  });

  it("renders an alert's choices as a numbered Terima and a printed link; its number acknowledges, once", async () => {
    const hotline = createHotlineDouble();
    const wa = await start(hotline);
    wa.connect();
    const staffPhone = wa.phone();
    const alert: OutboxItem = {
      id: "00000000-0000-4000-8000-0000000000a1",
      channel: "whatsapp",
      address: staffPhone.address,
      text: "🚨 DARURAT MTR-7K3QX: anak dalam bahaya.",
      choices: [[{ id: `ack:${TICKET}`, label: "✅ Terima" }], [{ id: "open", label: "Buka tiket", url: "https://lapor.example/tiket/1" }]],
    };
    hotline.queueOutbox(alert);
    const [shown] = await staffPhone.waitForTexts(1);
    expect(shown).toBe(
      "🚨 DARURAT MTR-7K3QX: anak dalam bahaya.\n\n1. ✅ Terima\n\nBalas dengan angka pilihan, atau tulis jawabannya.\n\nBuka tiket: https://lapor.example/tiket/1",
    );
    await hotline.waitFor(() => hotline.reports.length === 1);
    expect(hotline.reports[0]).toEqual({ id: alert.id, result: { ok: true, externalId: expect.stringMatching(/^OUT\d+$/) } });

    const press = staffPhone.send("1");
    await staffPhone.waitForTexts(2);
    expect(hotline.staffActions).toEqual([
      { externalId: externalIdOf(press), address: staffPhone.address, action: { type: "acknowledge", ticketId: TICKET } },
    ]);
    expect(staffPhone.received()[1]).toBe("staf: acknowledge");
    expect(hotline.received).toEqual([]);

    // Taken: "1" means nothing more here, and goes to the API as text.
    staffPhone.send("1");
    await hotline.waitFor(() => hotline.received.length === 1);
    expect(hotline.received[0]?.content).toEqual({ type: "text", text: "1" });
    expect(hotline.staffActions).toHaveLength(1);
  });

  it("asks to try again when the API cannot take a staff action", async () => {
    const hotline = createHotlineDouble();
    const wa = await start(hotline);
    wa.connect();
    hotline.mode = "down";
    const staffPhone = wa.phone();
    staffPhone.send("/hubungkan K7QW3MZP");
    const [reply] = await staffPhone.waitForTexts(1);
    expect(reply).toBe("Maaf, permintaan ini belum bisa diproses. Coba lagi sebentar lagi.");
  });
});

describe("outbox results", () => {
  const item = (id: string, address: string): OutboxItem => ({ id, channel: "whatsapp", address, text: "Halo dari peksos", choices: [] });

  it("reports a chat WhatsApp does not have as permanent, a browser gone as transient", async () => {
    const hotline = createHotlineDouble();
    const wa = await start(hotline);
    wa.connect();
    wa.current().faults.push("no_chat", new Error("Protocol error (Runtime.callFunctionOn): Session closed."), new Error("Evaluation failed: Error: wid error: invalid wid"));
    hotline.queueOutbox(item("a", newAddress()), item("b", newAddress()), item("c", newAddress()), item("d", newAddress()));
    await hotline.waitFor(() => hotline.reports.length === 4);
    expect(hotline.reports.map((r) => r.result)).toEqual([
      { ok: false, permanent: true, reason: "chat_not_found" },
      { ok: false, permanent: false, reason: "browser_gone" },
      { ok: false, permanent: true, reason: "chat_not_found" },
      { ok: true, externalId: expect.any(String) },
    ]);
  });

  it("paces sends: at least sendIntervalMs apart over all chats", async () => {
    const hotline = createHotlineDouble();
    const wa = await start(hotline, { timing: { sendIntervalMs: 60 } });
    wa.connect();
    const times: number[] = [];
    const send = wa.current().client.sendMessage.bind(wa.current().client);
    wa.current().client.sendMessage = async (...args) => {
      times.push(Date.now());
      return send(...args);
    };
    hotline.queueOutbox(item("p1", newAddress()), item("p2", newAddress()), item("p3", newAddress()));
    await hotline.waitFor(() => hotline.reports.length === 3);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps.every((gap) => gap >= 55)).toBe(true);
  });
});

describe("media", () => {
  it("uploads a photo's bytes and sends the API's fileId with the caption and the file's bare type", async () => {
    const hotline = createHotlineDouble();
    const wa = await start(hotline);
    wa.connect();
    const phone = wa.phone();
    phone.sendMedia({ type: "image", mimetype: "image/jpeg", bytes: JPEG, caption: "ini foto lukanya" });
    phone.sendMedia({ type: "ptt", mimetype: "audio/ogg; codecs=opus", bytes: Buffer.from("OggS-voice") });
    await hotline.waitFor(() => hotline.received.length === 2);
    expect(hotline.uploads).toEqual([
      { mimeType: "image/jpeg", data: JPEG.toString("base64") },
      { mimeType: "audio/ogg", data: Buffer.from("OggS-voice").toString("base64") },
    ]);
    expect(hotline.received.map((m) => m.content)).toEqual([
      { type: "media", kind: "photo", fileId: "media:upload-1", mimeType: "image/jpeg", fileSize: JPEG.length, caption: "ini foto lukanya" },
      { type: "media", kind: "voice", fileId: "media:upload-2", mimeType: "audio/ogg", fileSize: 10 },
    ]);
    expect(wa.logs.text).not.toContain("ini foto lukanya");
  });

  it("still delivers a message whose file could not be fetched, or is too large, without a fileId; stickers are never fetched", async () => {
    const hotline = createHotlineDouble();
    const wa = await start(hotline);
    wa.connect();
    const phone = wa.phone();
    phone.sendMedia({ type: "image", mimetype: "image/jpeg", bytes: JPEG, failDownload: true });
    const huge = buildMessage(wa.current().client, phone.address, "", {
      type: "video",
      raw: { directPath: "/v/x.enc", mimetype: "video/mp4", size: MAX_MEDIA_BYTES + 1 },
    });
    let hugeDownloads = 0;
    huge.downloadMedia = async () => {
      hugeDownloads += 1;
      throw new Error("not expected");
    };
    wa.current().client.emit("message", huge);
    phone.sendMedia({ type: "sticker", mimetype: "image/webp", bytes: Buffer.from("RIFF") });
    await hotline.waitFor(() => hotline.received.length === 3);
    expect(hotline.received.map((m) => m.content)).toEqual([
      { type: "media", kind: "photo", mimeType: "image/jpeg", fileSize: JPEG.length },
      { type: "media", kind: "video", mimeType: "video/mp4", fileSize: MAX_MEDIA_BYTES + 1 },
      { type: "media", kind: "sticker", mimeType: "image/webp" },
    ]);
    expect(hotline.uploads).toEqual([]);
    expect(hugeDownloads).toBe(0);
  });

  it("keeps one chat's order: a text typed after a photo waits for the photo's download", async () => {
    const hotline = createHotlineDouble();
    const wa = await start(hotline);
    wa.connect();
    const phone = wa.phone();
    const photo = buildMediaMessage(wa.current().client, phone.address, { type: "image", mimetype: "image/jpeg", bytes: JPEG });
    const fetchBytes = photo.downloadMedia.bind(photo);
    photo.downloadMedia = async () => {
      await quiet(150);
      return fetchBytes();
    };
    wa.current().client.emit("message", photo);
    phone.send("itu fotonya");
    await hotline.waitFor(() => hotline.received.length === 2);
    expect(hotline.received.map((m) => m.content.type)).toEqual(["media", "text"]);
  });
});
