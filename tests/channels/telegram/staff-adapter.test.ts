import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createI18n } from "../../../api/i18n.ts";
import { startTelegramEmulator, type TelegramEmulator } from "../../support/telegram-emulator.ts";
import { createTestAdapter, type RunningAdapter } from "./adapter-harness.ts";
import { createHotlineDouble, type HotlineDouble } from "../shared/hotline-double.ts";

/*
 * The adapter's staff side with the real bot and the emulator, the API doubled: /hubungkan and
 * an alert's "Terima" go to staffAction, never to the intake, and the answer goes back to the chat.
 */

const TICKET = "1f0a8c9e-2b3d-4e5f-8a7b-6c5d4e3f2a1b";
const i18n = await createI18n("id");
const idText = i18n.getFixedT("id", "telegram");

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

async function start(): Promise<HotlineDouble> {
  const hotline = createHotlineDouble();
  running = await createTestAdapter(emulator, hotline);
  await running.adapter.start();
  return hotline;
}

/** An alert as the outbox delivers it: a "Terima" callback button and a link to the ticket. */
function queueAlert(hotline: HotlineDouble, chatId: number) {
  hotline.queueOutbox({
    id: "00000000-0000-4000-8000-0000000000a1",
    channel: "telegram",
    address: String(chatId),
    text: "🚨 DARURAT MTR-7K3QX: laporan baru",
    choices: [[{ id: `ack:${TICKET}`, label: "Terima" }], [{ id: `open:${TICKET}`, label: "Buka tiket", url: `https://lapor.example/t/${TICKET}` }]],
  });
}

describe("Telegram adapter: staff", () => {
  it("hands /hubungkan to the staff actions, not the reporting flow, and sends the answer back", async () => {
    const hotline = await start();
    hotline.staffAnswer = () => ({ ok: true, outcome: "linked", reply: "✅ Telegram ini sekarang terhubung." });
    const staffChat = emulator.user({ firstName: "Sari" });

    const sent = await staffChat.sendText("/hubungkan@LaporAmanBot k7qw 3mzp");
    const [reply] = await staffChat.nextMessages(1);

    expect(reply?.text).toBe("✅ Telegram ini sekarang terhubung.");
    expect(hotline.staffActions).toEqual([
      { externalId: `m:${staffChat.chatId}:${sent.messageId}`, address: String(staffChat.chatId), action: { type: "link", code: "K7QW3MZP" } },
    ]);
    expect(hotline.received).toHaveLength(0);
  });

  it("explains /hubungkan without a code itself", async () => {
    const hotline = await start();
    const staffChat = emulator.user();

    await staffChat.sendText("/hubungkan");
    const [reply] = await staffChat.nextMessages(1);

    expect(reply?.text).toBe(idText("staff.link_usage"));
    expect(hotline.staffActions).toHaveLength(0);
    expect(hotline.received).toHaveLength(0);
  });

  it("acknowledges from the alert's button: answers the press, sends the reply, takes the buttons away", async () => {
    const hotline = await start();
    hotline.staffAnswer = () => ({ ok: true, outcome: "acknowledged", reply: "✅ Tiket MTR-7K3QX diterima. Anda yang menanganinya." });
    const staffChat = emulator.user();
    queueAlert(hotline, staffChat.chatId);
    const [alert] = await staffChat.nextMessages(1);
    expect(alert?.buttons.flat().map((b) => b.label)).toEqual(["Terima", "Buka tiket"]);
    const answeredBefore = emulator.callsTo("answerCallbackQuery").length;
    const editsBefore = emulator.callsTo("editMessageReplyMarkup").length;

    const pressed = await staffChat.press({ label: "Terima" });
    const [reply] = await staffChat.nextMessages(1);

    expect(reply?.text).toBe("✅ Tiket MTR-7K3QX diterima. Anda yang menanganinya.");
    expect(hotline.staffActions).toEqual([
      { externalId: `cb:${pressed.callbackQueryId}`, address: String(staffChat.chatId), action: { type: "acknowledge", ticketId: TICKET } },
    ]);
    expect(hotline.received).toHaveLength(0);
    await hotline.waitFor(() => emulator.callsTo("answerCallbackQuery").length === answeredBefore + 1);
    await hotline.waitFor(() => emulator.callsTo("editMessageReplyMarkup").length > editsBefore);
    // The emulator's press carries no keyboard, so no link button is known to keep.
    expect(emulator.callsTo("editMessageReplyMarkup").at(-1)?.payload).toMatchObject({
      chat_id: String(staffChat.chatId),
      message_id: alert?.messageId,
      reply_markup: { inline_keyboard: [] },
    });
    // The emulator records the call before it applies the edit to the chat's history.
    await hotline.waitFor(() => staffChat.history().find((m) => m.messageId === alert?.messageId)?.buttons.length === 0);
  });

  it("keeps the alert's link to the ticket when Telegram sends the alert's keyboard with the press", async () => {
    const hotline = await start();
    hotline.staffAnswer = () => ({ ok: false, outcome: "already_acknowledged", reply: "Tiket MTR-7K3QX sudah diterima oleh Budi pukul 14:08." });
    const staffChat = emulator.user();
    const link = { text: "Buka tiket", url: `https://lapor.example/t/${TICKET}` };
    const editsBefore = emulator.callsTo("editMessageReplyMarkup").length;

    // Gap: the emulator's presses carry no keyboard; Telegram's do.
    emulator.injectUpdate({
      callback_query: {
        id: "staff-press-1",
        from: { id: staffChat.chatId, is_bot: false, first_name: "Budi" },
        chat_instance: "ci",
        data: `ack:${TICKET}`,
        message: {
          message_id: 4242,
          date: Math.floor(Date.now() / 1000),
          chat: { id: staffChat.chatId, type: "private", first_name: "Budi" },
          text: "🚨 DARURAT MTR-7K3QX",
          reply_markup: { inline_keyboard: [[{ text: "Terima", callback_data: `ack:${TICKET}` }], [link]] },
        },
      },
    });
    const [reply] = await staffChat.nextMessages(1);

    expect(reply?.text).toBe("Tiket MTR-7K3QX sudah diterima oleh Budi pukul 14:08.");
    await hotline.waitFor(() => emulator.callsTo("editMessageReplyMarkup").length > editsBefore);
    expect(emulator.callsTo("editMessageReplyMarkup").at(-1)?.payload).toMatchObject({
      message_id: 4242,
      reply_markup: { inline_keyboard: [[link]] },
    });
  });

  it("leaves the buttons when the press did not take the ticket", async () => {
    const hotline = await start();
    hotline.staffAnswer = () => ({ ok: false, outcome: "not_linked", reply: "Akun belum terhubung." });
    const staffChat = emulator.user();
    queueAlert(hotline, staffChat.chatId);
    await staffChat.nextMessages(1);
    const editsBefore = emulator.callsTo("editMessageReplyMarkup").length;

    await staffChat.press({ label: "Terima" });
    const [reply] = await staffChat.nextMessages(1);

    expect(reply?.text).toBe("Akun belum terhubung.");
    expect(await staffChat.quietFor(200)).toEqual([]);
    expect(emulator.callsTo("editMessageReplyMarkup").length).toBe(editsBefore);
  });

  it("asks to try again when the API is unavailable, without spooling the action", async () => {
    const hotline = await start();
    hotline.mode = "down";
    const staffChat = emulator.user();

    await staffChat.sendText("/hubungkan K7QW3MZP");
    const [reply] = await staffChat.nextMessages(1);

    expect(reply?.text).toBe(idText("staff.try_again"));
    expect(hotline.staffActions).toHaveLength(1);
    expect(running?.adapter.spooled()).toBe(0);
    expect(hotline.received).toHaveLength(0);
    // The code is a secret and the chat id personal data: neither reaches the log.
    expect(running?.logs.text).toContain("staff action not handled");
    expect(running?.logs.text).not.toContain("K7QW3MZP");
    expect(running?.logs.text).not.toContain(String(staffChat.chatId));
  });

  it("refuses a staff button with broken data, without asking the API", async () => {
    const hotline = await start();
    const staffChat = emulator.user();

    await staffChat.pressRaw("ack:MTR-7K3QX");
    const [reply] = await staffChat.nextMessages(1);

    expect(reply?.text).toBe(idText("choice_invalid"));
    expect(hotline.staffActions).toHaveLength(0);
    expect(hotline.received).toHaveLength(0);
  });

  it("does not list /hubungkan in the reporters' command menu", async () => {
    const before = emulator.callsTo("setMyCommands").length;
    await start();
    const menus = emulator.callsTo("setMyCommands").slice(before);
    expect(menus).toHaveLength(2);
    for (const menu of menus) expect(JSON.stringify(menu.payload.commands)).not.toContain("hubungkan");
  });
});
