import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createI18n } from "../../../api/i18n.ts";
import { createSpool } from "../../../bot/channels/shared/spool.ts";
import { startTelegramEmulator, type TelegramEmulator } from "../../support/telegram-emulator.ts";
import { createTestAdapter, externalIdOf, type RunningAdapter } from "./adapter-harness.ts";
import { createHotlineDouble, type HotlineDouble } from "../shared/hotline-double.ts";

/*
 * The real grammY bot and runner against the Bot API emulator, with the API replaced by a double:
 * these tests are about what the adapter does when the API answers, refuses, repeats or is gone.
 */

const i18n = await createI18n("id");
const idText = i18n.getFixedT("id", "telegram");
const enText = i18n.getFixedT("en", "telegram");

let emulator: TelegramEmulator;
let hotline: HotlineDouble;
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

async function startAdapter(options: Parameters<typeof createTestAdapter>[2] = {}): Promise<RunningAdapter> {
  hotline ??= createHotlineDouble();
  running = await createTestAdapter(emulator, hotline, options);
  await running.adapter.start();
  return running;
}

function freshHotline(): HotlineDouble {
  hotline = createHotlineDouble();
  return hotline;
}

describe("Telegram adapter: normalising and rendering", () => {
  it("hands a typed message to the API and sends its replies in order, plain text, buttons as an inline keyboard", async () => {
    const api = freshHotline();
    api.answer = () => [
      { text: "Terima kasih sudah cerita. Ini bukan salahmu.", choices: [] },
      {
        text: "Apakah kamu dalam bahaya sekarang?",
        choices: [
          [{ id: "2:ya", label: "Ya" }, { id: "2:tidak", label: "Tidak" }],
          [{ id: "2:tidak_tahu", label: "Tidak tahu" }],
        ],
      },
    ];
    await startAdapter();
    const user = emulator.user({ languageCode: "id" });

    const sent = await user.sendText("aku dipukul *kakak kelas* _tadi_");
    const [first, second] = await user.nextMessages(2);

    expect(api.received).toHaveLength(1);
    const message = api.received[0]!;
    expect(message).toMatchObject({
      channel: "telegram",
      // Keyed by chat and message id, not by the update_id Telegram may reuse.
      externalId: `m:${user.chatId}:${sent.messageId}`,
      address: String(user.chatId),
      languageHint: "id",
      content: { type: "text", text: "aku dipukul *kakak kelas* _tadi_" },
    });
    expect(Math.abs(Date.parse(message.sentAt) - Date.now())).toBeLessThan(10_000);

    expect(first?.text).toBe("Terima kasih sudah cerita. Ini bukan salahmu.");
    expect(first?.buttons).toEqual([]);
    expect(second?.text).toBe("Apakah kamu dalam bahaya sekarang?");
    expect(second?.buttons).toEqual([
      [{ label: "Ya", data: "2:ya" }, { label: "Tidak", data: "2:tidak" }],
      [{ label: "Tidak tahu", data: "2:tidak_tahu" }],
    ]);
    // Reporters' words are echoed in summaries: no Markdown or HTML parsing, no link previews.
    for (const sent of emulator.callsTo("sendMessage").filter((c) => String(c.payload.chat_id) === String(user.chatId))) {
      expect(sent.payload.parse_mode).toBeUndefined();
      expect(sent.payload.link_preview_options).toEqual({ is_disabled: true });
    }
  });

  it("strips the bot name from a command and keeps a deep link's payload: /start@Bot s_smpn3 → /start s_smpn3", async () => {
    const api = freshHotline();
    await startAdapter();
    const user = emulator.user();

    await user.sendText("/start@LaporAmanBot s_smpn3");
    await user.nextMessages(1);
    await user.sendText("/status");
    await user.nextMessages(1);

    expect(api.received.map((m) => m.content)).toEqual([
      { type: "text", text: "/start s_smpn3" },
      { type: "text", text: "/status" },
    ]);
  });

  it("turns a pressed button into its choice id, and always answers the callback query", async () => {
    const api = freshHotline();
    api.answer = (m) =>
      m.content.type === "text"
        ? [{ text: "Siapa yang menulis?", choices: [[{ id: "1:anak_diri", label: "Aku sendiri" }]] }]
        : [{ text: "Oke.", choices: [] }];
    await startAdapter();
    const user = emulator.user({ languageCode: "en-US" });
    const answeredBefore = emulator.callsTo("answerCallbackQuery").length;

    await user.sendText("halo");
    await user.nextMessages(1);
    const pressed = await user.press({ label: "Aku sendiri" });
    await user.nextMessages(1);

    expect(api.received[1]).toMatchObject({
      // Keyed by the callback query id, not by the update_id Telegram may reuse.
      externalId: `cb:${pressed.callbackQueryId}`,
      address: String(user.chatId),
      languageHint: "en-US",
      content: { type: "choice", choiceId: "1:anak_diri" },
    });
    expect(emulator.callsTo("answerCallbackQuery").length).toBe(answeredBefore + 1);
  });

  it("answers callback data the API never sent (too long, spaces, non-ASCII) kindly, without forwarding it", async () => {
    const api = freshHotline();
    await startAdapter();
    const user = emulator.user();
    const answeredBefore = emulator.callsTo("answerCallbackQuery").length;

    await user.pressRaw("x".repeat(65));
    await user.pressRaw("ada spasi");
    await user.pressRaw("pilihan✓");
    const notices = await user.nextMessages(3);

    expect(api.received).toHaveLength(0);
    expect(notices.map((n) => n.text)).toEqual(Array(3).fill(idText("choice_invalid")));
    expect(emulator.callsTo("answerCallbackQuery").length).toBe(answeredBefore + 3);
  });

  it("sends a photo as media with its largest size and caption", async () => {
    const api = freshHotline();
    await startAdapter();
    const user = emulator.user();

    await user.sendPhoto({ caption: "ini lukanya" });
    await user.nextMessages(1);

    expect(api.received[0]?.content).toEqual({
      type: "media",
      kind: "photo",
      fileId: "AgACAgphoto3",
      fileUniqueId: "AQADphoto3",
      width: 1280,
      height: 960,
      fileSize: 1280 * 960,
      caption: "ini lukanya",
    });
  });

  it("sends documents, voice notes and locations as media, never the file name", async () => {
    const api = freshHotline();
    await startAdapter();
    const user = emulator.user();

    await user.sendMessage({
      document: { file_id: "doc1", file_unique_id: "udoc1", file_name: "foto_luka_rani.pdf", mime_type: "application/pdf", file_size: 2048 },
    });
    await user.sendMessage({ voice: { file_id: "v1", file_unique_id: "uv1", duration: 4, mime_type: "audio/ogg", file_size: 900 } });
    await user.sendMessage({ location: { latitude: -6.2, longitude: 106.8 } });
    await user.nextMessages(3);

    expect(api.received.map((m) => m.content)).toEqual([
      { type: "media", kind: "document", fileId: "doc1", fileUniqueId: "udoc1", mimeType: "application/pdf", fileSize: 2048 },
      { type: "media", kind: "voice", fileId: "v1", fileUniqueId: "uv1", mimeType: "audio/ogg", fileSize: 900 },
      { type: "media", kind: "location" },
    ]);
    expect(JSON.stringify(api.received)).not.toContain("foto_luka_rani");
  });

  it("splits a reply longer than 4096 characters at paragraph breaks, the keyboard under the last part", async () => {
    const api = freshHotline();
    const paragraph = "Ringkasan laporanmu. ".repeat(70).trim();
    const long = [paragraph, paragraph, paragraph].join("\n\n");
    expect(long.length).toBeGreaterThan(4096);
    api.answer = () => [{ text: long, choices: [[{ id: "9:kirim", label: "Kirim" }]] }];
    await startAdapter();
    const user = emulator.user();

    await user.sendText("ringkas");
    const parts = await user.nextMessages(2);

    expect(parts.map((p) => p.text.length).every((n) => n <= 4096)).toBe(true);
    expect(parts.map((p) => p.text).join("\n\n")).toBe(long);
    expect(parts[0]?.buttons).toEqual([]);
    expect(parts[1]?.buttons).toEqual([[{ label: "Kirim", data: "9:kirim" }]]);
    expect(await user.quietFor(100)).toEqual([]);
  });

  it("hands two quick messages of one chat to the API one after the other, in order", async () => {
    const api = freshHotline();
    api.answer = async (m) => {
      // The first answer is slow: without per-chat ordering the second would overtake it.
      if (m.content.type === "text" && m.content.text === "satu") await new Promise((r) => setTimeout(r, 300));
      return [{ text: `balas ${m.content.type === "text" ? m.content.text : ""}`, choices: [] }];
    };
    await startAdapter();
    const user = emulator.user();
    const other = emulator.user();

    await user.sendText("satu");
    await user.sendText("dua");
    await other.sendText("lain");
    const replies = await user.nextMessages(2);
    await other.nextMessages(1);

    expect(replies.map((r) => r.text)).toEqual(["balas satu", "balas dua"]);
    const ours = api.timeline.filter((t) => api.received.find((m) => m.externalId === t.externalId)?.address === String(user.chatId));
    expect(ours.map((t) => t.event)).toEqual(["start", "end", "start", "end"]);
    // Another chat is not held up by this one's slow answer.
    const otherId = api.received.find((m) => m.address === String(other.chatId))?.externalId;
    const satuId = api.received.find((m) => m.content.type === "text" && m.content.text === "satu")?.externalId;
    const firstEnd = api.timeline.findIndex((t) => t.externalId === satuId && t.event === "end");
    expect(api.timeline.findIndex((t) => t.externalId === otherId && t.event === "end")).toBeLessThan(firstEnd);
  });

  it("retries a 429 from Telegram after retry_after (auto-retry)", async () => {
    freshHotline();
    await startAdapter();
    const user = emulator.user();
    emulator.failNext({ method: "sendMessage", chatId: user.chatId, errorCode: 429, description: "Too Many Requests: retry after 1", retryAfter: 1 });

    await user.sendText("halo");
    const [reply] = await user.nextMessages(1, 5_000);

    expect(reply?.text).toBe("diterima: halo");
    expect(emulator.callsTo("sendMessage").filter((c) => String(c.payload.chat_id) === String(user.chatId))).toHaveLength(2);
  });

  it("publishes the command menu in Bahasa Indonesia (default) and English", async () => {
    freshHotline();
    const before = emulator.callsTo("setMyCommands").length;
    await startAdapter();

    const calls = emulator.callsTo("setMyCommands").slice(before);
    expect(calls).toHaveLength(2);
    const names = ["start", "lapor", "status", "bantuan", "batal", "bahasa"];
    const byLanguage = (code: string | undefined) => calls.find((c) => c.payload.language_code === code)?.payload.commands;
    expect(byLanguage(undefined)).toEqual(names.map((command) => ({ command, description: idText(`commands.${command}`) })));
    expect(byLanguage("en")).toEqual(names.map((command) => ({ command, description: enText(`commands.${command}`) })));
  });
});

describe("Telegram adapter: starting", () => {
  it("fails fast on a token Telegram refuses, and can be started once it is accepted", async () => {
    freshHotline();
    running = await createTestAdapter(emulator, hotline);
    emulator.failNext({ method: "getMe", errorCode: 401, description: "Unauthorized" });

    await expect(running.adapter.start()).rejects.toMatchObject({ error_code: 401 });
    await running.adapter.start();
    const user = emulator.user();
    await user.sendText("halo");
    expect((await user.nextMessages(1))[0]?.text).toBe("diterima: halo");
  });
});

describe("Telegram adapter: chats it does not take reports from", () => {
  it("never forwards group messages; a command in a group gets one pointer to a private chat", async () => {
    const api = freshHotline();
    await startAdapter();
    const group = emulator.user({ chatType: "group" });

    await group.sendText("/lapor@TestNameBot");
    const [notice] = await group.nextMessages(1);
    await group.sendText("/start");
    await group.sendText("aku mau lapor");

    expect(notice?.text).toBe(idText("group_private_only", { link: "https://t.me/TestNameBot" }));
    expect(await group.quietFor(300)).toEqual([]);
    expect(api.received).toHaveLength(0);
  });

  it("answers an edited message kindly (once), without sending the edit to the API", async () => {
    const api = freshHotline();
    await startAdapter();
    const user = emulator.user({ languageCode: "en" });
    const edited = (text: string) => ({
      edited_message: {
        message_id: 77,
        date: Math.floor(Date.now() / 1000) - 5,
        edit_date: Math.floor(Date.now() / 1000),
        chat: { id: user.chatId, type: "private", first_name: "Rani" },
        from: { id: user.chatId, is_bot: false, first_name: "Rani", language_code: "en" },
        text,
      },
    });

    // Gap: the emulator cannot edit a user's message; the update is handed to the bot as Telegram would send it.
    emulator.injectUpdate(edited("aku dipukul kakak kelas"));
    const [notice] = await user.nextMessages(1);
    emulator.injectUpdate(edited("aku dipukul kakak kelas kemarin"));

    expect(notice?.text).toBe(enText("edited"));
    expect(await user.quietFor(300)).toEqual([]);
    expect(api.received).toHaveLength(0);
  });
});

describe("Telegram adapter: when the API is unavailable, refuses, or repeats", () => {
  it("replies at once with the emergency numbers, spools the message, and delivers it when the API is back", async () => {
    const api = freshHotline();
    api.mode = "down";
    const { spoolDir } = await startAdapter();
    const user = emulator.user();

    const sent = await user.sendText("tolong aku takut pulang");
    const [fallback] = await user.nextMessages(1);

    expect(fallback?.text).toBe(idText("fallback"));
    expect(fallback?.text).toMatch(/112/);
    expect(fallback?.text).toMatch(/110/);
    expect(fallback?.text).toMatch(/08111-129-129/);
    const file = join(spoolDir, `m_${user.chatId}_${sent.messageId}.json`);
    expect(readdirSync(spoolDir)).toEqual([`m_${user.chatId}_${sent.messageId}.json`]);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({
      updateId: sent.updateId,
      message: { externalId: externalIdOf(sent), content: { text: "tolong aku takut pulang" } },
    });

    // Still down on the first retries: nothing more is sent, the file stays.
    await api.waitFor(() => api.received.length >= 3);
    expect(await user.quietFor(50)).toEqual([]);
    expect(existsSync(file)).toBe(true);

    api.mode = "up";
    const [reply] = await user.nextMessages(1);
    expect(reply?.text).toBe("diterima: tolong aku takut pulang");
    await api.waitFor(() => !existsSync(file));
    expect(new Set(api.received.map((m) => m.externalId))).toEqual(new Set([externalIdOf(sent)]));
    expect(running?.adapter.spooled()).toBe(0);
  });

  it("gives the fallback in English to a reporter whose app is in English", async () => {
    const api = freshHotline();
    api.mode = "down";
    await startAdapter();
    const user = emulator.user({ languageCode: "en-GB" });

    await user.sendText("help");
    const [fallback] = await user.nextMessages(1);

    expect(fallback?.text).toBe(enText("fallback"));
  });

  it("keeps a chat's order: a new message waits behind the one that is spooled", async () => {
    const api = freshHotline();
    api.mode = "down";
    // Replays far in the future: only the arrival of the next message can trigger delivery.
    await startAdapter({ timing: { spoolRetry: { initialMs: 60_000, maxMs: 60_000 } } });
    const user = emulator.user();

    const first = await user.sendText("pertama");
    await user.nextMessages(1);
    api.mode = "up";
    const second = await user.sendText("kedua");
    const replies = await user.nextMessages(2);

    expect(replies.map((r) => r.text)).toEqual(["diterima: pertama", "diterima: kedua"]);
    expect(api.received.map((m) => m.externalId)).toEqual([externalIdOf(first), externalIdOf(first), externalIdOf(second)]);
  });

  it("delivers, on start, the messages a previous run left in the spool", async () => {
    const api = freshHotline();
    const user = emulator.user();
    const prepared = await createTestAdapter(emulator, api);
    const leftover = createSpool(prepared.spoolDir);
    await leftover.load();
    await leftover.add(
      {
        channel: "telegram",
        externalId: `m:${user.chatId}:990001`,
        address: String(user.chatId),
        sentAt: new Date().toISOString(),
        content: { type: "text", text: "pesan dari kemarin" },
      },
      880001,
    );
    running = prepared;
    await prepared.adapter.start();

    const [reply] = await user.nextMessages(1);
    expect(reply?.text).toBe("diterima: pesan dari kemarin");
    expect(api.received.map((m) => m.externalId)).toEqual([`m:${user.chatId}:990001`]);
    // The file goes first, then the log line: wait for both.
    await api.waitFor(() => readdirSync(prepared.spoolDir).length === 0 && prepared.logs.text.includes("spooled message delivered"));
    expect(prepared.logs.lines.map((l) => JSON.parse(l) as object)).toContainEqual(
      expect.objectContaining({ msg: "spooled message delivered", updateId: 880001 }),
    );
  });

  it("answers a refused message (4xx) with a kind generic reply, logs only the status, and does not retry it", async () => {
    const api = freshHotline();
    api.mode = { rejectWith: 422 };
    const { logs, spoolDir } = await startAdapter();
    const user = emulator.user();

    await user.sendText("pesan yang ditolak");
    const [reply] = await user.nextMessages(1);

    expect(reply?.text).toBe(idText("rejected"));
    expect(await user.quietFor(500)).toEqual([]);
    expect(api.received).toHaveLength(1);
    expect(readdirSync(spoolDir)).toEqual([]);
    expect(logs.lines.map((l) => JSON.parse(l) as { msg: string; statusCode?: number })).toContainEqual(
      expect.objectContaining({ msg: "intake refused the message", statusCode: 422 }),
    );
  });

  it("sends the replies of a duplicate answer too, and a redelivered update keeps its externalId", async () => {
    const api = freshHotline();
    const { logs } = await startAdapter();
    const user = emulator.user();

    const sent = await user.sendText("halo lagi");
    await user.nextMessages(1);
    emulator.redeliver(sent.updateId);
    const [again] = await user.nextMessages(1);

    expect(api.received.map((m) => m.externalId)).toEqual([externalIdOf(sent), externalIdOf(sent)]);
    expect(again?.text).toBe("diterima: halo lagi");
    // The API answered the second delivery as a duplicate, and the log names it by its update_id.
    expect(logs.lines.map((l) => JSON.parse(l) as object)).toContainEqual(
      expect.objectContaining({ msg: "intake had this update already; resending its replies", updateId: sent.updateId }),
    );
  });

  it("keys a pressed button by its callback query id, so a redelivered press is a duplicate too", async () => {
    const api = freshHotline();
    api.answer = (m) =>
      m.content.type === "text" ? [{ text: "Pilih", choices: [[{ id: "2:tidak", label: "Tidak" }]] }] : [{ text: "Oke.", choices: [] }];
    await startAdapter();
    const user = emulator.user();

    await user.sendText("halo");
    await user.nextMessages(1);
    const first = await user.press({ data: "2:tidak" });
    await user.nextMessages(1);
    emulator.redeliver(first.updateId);
    await user.nextMessages(1);
    // The same button pressed again is a new press: Telegram gives it a new callback query id.
    const second = await user.press({ data: "2:tidak" });
    await user.nextMessages(1);

    const presses = api.received.filter((m) => m.content.type === "choice").map((m) => m.externalId);
    expect(presses).toEqual([externalIdOf(first), externalIdOf(first), externalIdOf(second)]);
    expect(externalIdOf(second)).not.toBe(externalIdOf(first));
  });

  it("never logs what a reporter wrote, nor the chat id, nor the externalId that holds it", async () => {
    const api = freshHotline();
    const { logs } = await startAdapter();
    const user = emulator.user({ chatId: 987_654_321 });
    const secret = "rahasia-kakak-kelas-memukul-aku";

    const first = await user.sendText(secret);
    await user.nextMessages(1);
    api.mode = "down";
    const spooled = await user.sendText(`${secret} lagi`);
    await user.nextMessages(1);
    api.mode = "up";
    await user.nextMessages(1);
    api.mode = { rejectWith: 400 };
    const refused = await user.sendText(`${secret} ketiga`);
    await user.nextMessages(1);
    await user.pressRaw("tidak valid");
    await user.nextMessages(1);
    api.mode = "up";
    emulator.redeliver(first.updateId);
    await user.nextMessages(1);
    emulator.failNext({ method: "sendMessage", chatId: user.chatId, errorCode: 403, description: "Forbidden: bot was blocked by the user" });
    const unanswered = await user.sendText(`${secret} keempat`);
    await api.waitFor(() => logs.text.includes("could not send the replies"));
    await running?.stop();
    running = undefined;

    // Every path that names a message logged, and named it by its update_id.
    const lines = logs.lines.map((l) => JSON.parse(l) as object);
    for (const [sent, msg] of [
      [spooled, "intake unavailable"],
      [spooled, "spooled message delivered"],
      [refused, "intake refused the message"],
      [first, "intake had this update already; resending its replies"],
      [unanswered, "could not send the replies"],
    ] as const) {
      expect(lines, msg).toContainEqual(expect.objectContaining({ msg, updateId: sent.updateId }));
    }
    expect(api.received.map((m) => m.externalId)).toContain(externalIdOf(unanswered));
    expect(logs.text).not.toContain("rahasia");
    expect(logs.text).not.toContain("987654321");
    for (const { externalId } of api.received) expect(logs.text).not.toContain(externalId);
  });
});
