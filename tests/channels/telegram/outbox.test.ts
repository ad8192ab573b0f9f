import { GrammyError, HttpError } from "grammy";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { OutboxItem } from "../../../api/intake/schemas.ts";
import { classifySendError } from "../../../bot/channels/telegram/send-errors.ts";
import { startTelegramEmulator, type TelegramEmulator } from "../../support/telegram-emulator.ts";
import { createTestAdapter, type RunningAdapter } from "./adapter-harness.ts";
import { createHotlineDouble, type HotlineDouble } from "../shared/hotline-double.ts";

/*
 * The outbox loop with the real bot and the emulator, the API's outbox doubled: claims, sends,
 * reports, and what a blocked reporter or an unreachable API does to it.
 */

let emulator: TelegramEmulator;
let running: RunningAdapter | undefined;

beforeAll(async () => {
  emulator = await startTelegramEmulator();
});
afterAll(async () => {
  await emulator.stop();
});
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

const item = (id: string, address: number, text: string, choices: OutboxItem["choices"] = []): OutboxItem => ({
  id,
  channel: "telegram",
  address: String(address),
  text,
  choices,
});

async function start(hotline: HotlineDouble, timing: Parameters<typeof createTestAdapter>[2] = {}) {
  running = await createTestAdapter(emulator, hotline, timing);
  await running.adapter.start();
  return running;
}

describe("Telegram outbox loop", () => {
  it("sends claimed messages like replies and reports each one with its Telegram message id", async () => {
    const hotline = createHotlineDouble();
    await start(hotline);
    const user = emulator.user();
    hotline.queueOutbox(
      item("00000000-0000-4000-8000-000000000001", user.chatId, "Halo, aku Bu Sari, peksos yang membaca laporanmu."),
      item("00000000-0000-4000-8000-000000000002", user.chatId, "Apakah kamu aman sekarang?", [
        [{ id: "r:ya", label: "Ya" }, { id: "r:tidak", label: "Tidak" }],
      ]),
    );

    const [first, second] = await user.nextMessages(2);
    await hotline.waitFor(() => hotline.reports.length === 2);

    expect(first?.text).toBe("Halo, aku Bu Sari, peksos yang membaca laporanmu.");
    expect(second?.buttons).toEqual([[{ label: "Ya", data: "r:ya" }, { label: "Tidak", data: "r:tidak" }]]);
    expect(hotline.reports).toEqual([
      { id: "00000000-0000-4000-8000-000000000001", result: { ok: true, externalId: String(first?.messageId) } },
      { id: "00000000-0000-4000-8000-000000000002", result: { ok: true, externalId: String(second?.messageId) } },
    ]);
  });

  it("reports a blocked reporter (403) and a missing chat (400) as permanent, other refusals as transient", async () => {
    const hotline = createHotlineDouble();
    await start(hotline);
    const blocked = emulator.user();
    const gone = emulator.user();
    const tooLong = emulator.user();
    // Gap: the emulator never refuses a send; the proxy answers as Telegram does.
    emulator.failNext({ method: "sendMessage", chatId: blocked.chatId, errorCode: 403, description: "Forbidden: bot was blocked by the user" });
    emulator.failNext({ method: "sendMessage", chatId: gone.chatId, errorCode: 400, description: "Bad Request: chat not found" });
    emulator.failNext({ method: "sendMessage", chatId: tooLong.chatId, errorCode: 400, description: "Bad Request: message is too long" });

    hotline.queueOutbox(item("a", blocked.chatId, "x"), item("b", gone.chatId, "y"), item("c", tooLong.chatId, "z"));
    await hotline.waitFor(() => hotline.reports.length === 3);

    expect(hotline.reports).toEqual([
      { id: "a", result: { ok: false, permanent: true, reason: "blocked" } },
      { id: "b", result: { ok: false, permanent: true, reason: "chat_not_found" } },
      { id: "c", result: { ok: false, permanent: false, reason: "telegram_400" } },
    ]);
  });

  it("backs off while the API is unavailable and carries on when it is back", async () => {
    const hotline = createHotlineDouble();
    hotline.outboxDown = true;
    await start(hotline, { timing: { outboxRetry: { initialMs: 50, maxMs: 100 } } });
    const user = emulator.user();

    await hotline.waitFor(() => hotline.claims >= 3);
    const claimsWhileDown = hotline.claims;
    await new Promise((r) => setTimeout(r, 200));
    // Backing off, not spinning: a handful of claims in 200 ms, not hundreds.
    expect(hotline.claims - claimsWhileDown).toBeLessThan(8);

    hotline.outboxDown = false;
    hotline.queueOutbox(item("d", user.chatId, "Kami sudah menerima laporanmu."));
    const [message] = await user.nextMessages(1);
    expect(message?.text).toBe("Kami sudah menerima laporanmu.");
    await hotline.waitFor(() => hotline.reports.length === 1);
  });

  it("stops promptly even while a claim is held open by the API", async () => {
    const hotline = createHotlineDouble();
    let claimStarted = false;
    hotline.fetchOutbox = () => {
      claimStarted = true;
      return new Promise(() => {});
    };
    const { adapter } = await start(hotline, { timing: { stopGraceMs: 300 } });
    await hotline.waitFor(() => claimStarted);

    const began = Date.now();
    await adapter.stop();
    expect(Date.now() - began).toBeLessThan(2_000);
  });
});

describe("classifySendError", () => {
  const grammyError = (code: number, description: string) =>
    new GrammyError("Call to 'sendMessage' failed!", { ok: false, error_code: code, description }, "sendMessage", {});

  it.each([
    [grammyError(403, "Forbidden: bot was blocked by the user"), { permanent: true, reason: "blocked" }],
    [grammyError(403, "Forbidden: user is deactivated"), { permanent: true, reason: "blocked" }],
    [grammyError(400, "Bad Request: chat not found"), { permanent: true, reason: "chat_not_found" }],
    [grammyError(400, "Bad Request: PEER_ID_INVALID"), { permanent: true, reason: "chat_not_found" }],
    [grammyError(429, "Too Many Requests: retry after 3600"), { permanent: false, reason: "telegram_429" }],
    [grammyError(502, "Bad Gateway"), { permanent: false, reason: "telegram_502" }],
    [new HttpError("Network request for 'sendMessage' failed!", new Error("ECONNRESET")), { permanent: false, reason: "network" }],
    [new Error("something else"), { permanent: false, reason: "send_failed" }],
  ])("%s", (error, expected) => {
    expect(classifySendError(error)).toEqual({ ok: false, ...expected });
  });
});
