import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { isValidChoiceId, normaliseUpdate, stripCommandBotName } from "../../../bot/channels/telegram/normalise.ts";

/** Updates as Telegram sends them, trimmed to what matters; the cast is the one place the shape is asserted. */
const at = new Date("2030-05-06T07:08:09.000Z");
const date = Math.floor(Date.parse("2030-05-06T07:00:00Z") / 1000);
const privateChat = { id: 4242, type: "private", first_name: "Rani" };
const from = { id: 4242, is_bot: false, first_name: "Rani", language_code: "id" };
const update = (fields: Record<string, unknown>) => ({ update_id: 777, ...fields }) as unknown as Update;
const message = (fields: Record<string, unknown>, chat: Record<string, unknown> = privateChat) =>
  update({ message: { message_id: 1, date, chat, from, ...fields } });

describe("normaliseUpdate", () => {
  it("makes a text message an InboundMessage keyed by chat and message id, addressed by chat id, dated by Telegram", () => {
    expect(normaliseUpdate(message({ message_id: 31, text: "aku dipukul" }), at)).toEqual({
      kind: "inbound",
      message: {
        channel: "telegram",
        externalId: "m:4242:31",
        address: "4242",
        sentAt: "2030-05-06T07:00:00.000Z",
        languageHint: "id",
        content: { type: "text", text: "aku dipukul" },
      },
    });
  });

  it("leaves languageHint out when Telegram does not say", () => {
    const result = normaliseUpdate(update({ message: { message_id: 1, date, chat: privateChat, from: { id: 1, is_bot: false, first_name: "A" }, text: "hi" } }), at);
    expect(result.kind === "inbound" && "languageHint" in result.message).toBe(false);
  });

  it.each([
    ["/start@LaporAmanBot s_smpn3", "/start s_smpn3"],
    ["/start@LaporAmanBot", "/start"],
    ["/status@lapor_aman_bot MTR-7K3QX 1234", "/status MTR-7K3QX 1234"],
    ["/start s_smpn3", "/start s_smpn3"],
    ["email aku@contoh.com", "email aku@contoh.com"],
    ["/start@ x", "/start@ x"],
  ])("command text %j arrives as %j", (typed, expected) => {
    expect(stripCommandBotName(typed)).toBe(expected);
    const result = normaliseUpdate(message({ text: typed }), at);
    expect(result.kind === "inbound" && result.message.content).toEqual({ type: "text", text: expected });
  });

  it("makes a button press a choice, dated when it was received", () => {
    const result = normaliseUpdate(
      update({ callback_query: { id: "cb1", from, chat_instance: "ci", data: "3:diejek", message: { message_id: 9, date: date - 600, chat: privateChat } } }),
      at,
    );
    expect(result).toEqual({
      kind: "inbound",
      message: { channel: "telegram", externalId: "cb:cb1", address: "4242", sentAt: at.toISOString(), languageHint: "id", content: { type: "choice", choiceId: "3:diejek" } },
    });
  });

  it("keys updates by what Telegram never reuses, not by update_id, which restarts after a quiet week", () => {
    const key = (u: Update) => {
      const result = normaliseUpdate(u, at);
      return result.kind === "inbound" ? result.message.externalId : undefined;
    };
    const text = (updateId: number, messageId: number, chat: Record<string, unknown> = privateChat) =>
      ({ update_id: updateId, message: { message_id: messageId, date, chat, from, text: "halo" } }) as unknown as Update;
    const press = (updateId: number, id: string) =>
      ({ update_id: updateId, callback_query: { id, from, chat_instance: "ci", data: "1:x", message: { message_id: 9, date, chat: privateChat } } }) as unknown as Update;

    // Redelivered: the same key, so the API answers it as a duplicate.
    expect([key(text(500, 31)), key(text(500, 31))]).toEqual(["m:4242:31", "m:4242:31"]);
    expect([key(press(501, "5550001")), key(press(501, "5550001"))]).toEqual(["cb:5550001", "cb:5550001"]);
    // A new message or press that comes with an old update_id: a new key, so it is not lost as a duplicate.
    expect(key(text(500, 32))).not.toBe(key(text(500, 31)));
    expect(key(press(500, "5550002"))).not.toBe(key(text(500, 31)));
    expect(key(press(501, "5550002"))).not.toBe(key(press(501, "5550001")));
    // Message ids count per chat: the same number in another chat is another message.
    expect(key(text(600, 31, { id: 4343, type: "private", first_name: "Budi" }))).not.toBe(key(text(500, 31)));
  });

  it.each([["x".repeat(65)], ["ada spasi"], ["pilihan✓"], [""], ["\n"]])("refuses callback data %j", (data) => {
    expect(isValidChoiceId(data)).toBe(false);
    const result = normaliseUpdate(
      update({ callback_query: { id: "cb", from, chat_instance: "ci", data, message: { message_id: 9, date, chat: privateChat } } }),
      at,
    );
    expect(result).toEqual({ kind: "invalid_choice", chatId: "4242", languageHint: "id" });
  });

  it("accepts every choice id shape the API sends: <question>:<value>, 64 bytes at most", () => {
    for (const id of ["1:anak_diri", "8:kirim", "r:tidak_tahu", `9:${"a".repeat(62)}`]) expect(isValidChoiceId(id), id).toBe(true);
  });

  it("takes the largest photo size, whatever order Telegram lists them in", () => {
    const size = (id: string, width: number, height: number, file_size?: number) => ({ file_id: id, file_unique_id: `u${id}`, width, height, ...(file_size && { file_size }) });
    const result = normaliseUpdate(message({ photo: [size("m", 320, 240, 9000), size("l", 1280, 960, 90000), size("s", 90, 67)], caption: "lukanya" }), at);
    expect(result.kind === "inbound" && result.message.content).toEqual({
      type: "media", kind: "photo", fileId: "l", fileUniqueId: "ul", width: 1280, height: 960, fileSize: 90000, caption: "lukanya",
    });
  });

  it.each([
    [{ document: { file_id: "d", file_unique_id: "ud", file_name: "rahasia.pdf", mime_type: "application/pdf", file_size: 10 } }, { kind: "document", fileId: "d", fileUniqueId: "ud", mimeType: "application/pdf", fileSize: 10 }],
    [{ voice: { file_id: "v", file_unique_id: "uv", duration: 3, mime_type: "audio/ogg" } }, { kind: "voice", fileId: "v", fileUniqueId: "uv", mimeType: "audio/ogg" }],
    [{ audio: { file_id: "a", file_unique_id: "ua", duration: 3, file_size: 5 }, caption: "rekaman" }, { kind: "audio", fileId: "a", fileUniqueId: "ua", fileSize: 5, caption: "rekaman" }],
    [{ video: { file_id: "v", file_unique_id: "uv", width: 640, height: 360, duration: 9, mime_type: "video/mp4" } }, { kind: "video", fileId: "v", fileUniqueId: "uv", width: 640, height: 360, mimeType: "video/mp4" }],
    [{ video_note: { file_id: "n", file_unique_id: "un", length: 240, duration: 5 } }, { kind: "video_note", fileId: "n", fileUniqueId: "un", width: 240, height: 240 }],
    [{ animation: { file_id: "g", file_unique_id: "ug", width: 200, height: 100, duration: 2 }, document: { file_id: "g", file_unique_id: "ug" } }, { kind: "animation", fileId: "g", fileUniqueId: "ug", width: 200, height: 100 }],
    [{ sticker: { file_id: "s", file_unique_id: "us", type: "regular", width: 512, height: 512, is_animated: false, is_video: false } }, { kind: "sticker", fileId: "s", fileUniqueId: "us", width: 512, height: 512 }],
    [{ location: { latitude: -5.1, longitude: 105.3 } }, { kind: "location" }],
    [{ venue: { location: { latitude: -5.1, longitude: 105.3 }, title: "Sekolah", address: "Jl. X" }, location: { latitude: -5.1, longitude: 105.3 } }, { kind: "location" }],
    [{ contact: { phone_number: "08123456789", first_name: "Ibu" } }, { kind: "contact" }],
    [{ poll: { id: "p", question: "?", options: [] } }, { kind: "other" }],
    [{ dice: { emoji: "🎲", value: 3 } }, { kind: "other" }],
  ])("media %#", (fields, content) => {
    const result = normaliseUpdate(message(fields), at);
    expect(result.kind === "inbound" && result.message.content).toEqual({ type: "media", ...content });
    // A document's name, a contact's number and a place's coordinates stay out of the contract's fields.
    expect(JSON.stringify(result)).not.toMatch(/rahasia\.pdf|08123456789|105\.3/);
  });

  it("animations count as animations, not as the document Telegram also attaches", () => {
    const result = normaliseUpdate(message({ animation: { file_id: "g", file_unique_id: "ug", width: 1, height: 1, duration: 1 }, document: { file_id: "g", file_unique_id: "ug" } }), at);
    expect(result.kind === "inbound" && result.message.content.type === "media" && result.message.content.kind).toBe("animation");
  });

  it("ignores service messages a reporter did not write", () => {
    expect(normaliseUpdate(message({ message_auto_delete_timer_changed: { message_auto_delete_time: 86400 } }), at)).toEqual({ kind: "ignored", reason: "service_message" });
    expect(normaliseUpdate(message({ pinned_message: { message_id: 1, date, chat: privateChat } }), at)).toEqual({ kind: "ignored", reason: "service_message" });
  });

  it("never forwards groups or channels; a command in a group is flagged for one pointer to a private chat", () => {
    const group = { id: -100123, type: "supergroup", title: "Kelas 7B" };
    expect(normaliseUpdate(message({ text: "/lapor" }, group), at)).toEqual({ kind: "group_command", chatId: "-100123" });
    expect(normaliseUpdate(message({ text: "aku dibully" }, group), at)).toEqual({ kind: "ignored", reason: "not_private" });
    expect(normaliseUpdate(message({ text: "/lapor" }, { id: -100999, type: "channel", title: "Info" }), at)).toEqual({ kind: "ignored", reason: "not_private" });
    expect(normaliseUpdate(update({ channel_post: { message_id: 1, date, chat: { id: -1, type: "channel", title: "x" }, text: "/start" } }), at)).toEqual({ kind: "ignored", reason: "unsupported_update" });
    expect(
      normaliseUpdate(update({ callback_query: { id: "cb", from, chat_instance: "ci", data: "1:x", message: { message_id: 9, date, chat: group } } }), at),
    ).toEqual({ kind: "ignored", reason: "not_private" });
  });

  it("flags an edited message in a private chat, ignores one elsewhere", () => {
    expect(normaliseUpdate(update({ edited_message: { message_id: 1, date, edit_date: date + 5, chat: privateChat, from, text: "x" } }), at)).toEqual({ kind: "edited", chatId: "4242", languageHint: "id" });
    expect(normaliseUpdate(update({ edited_message: { message_id: 1, date, edit_date: date + 5, chat: { id: -5, type: "group", title: "g" }, from, text: "x" } }), at)).toEqual({ kind: "ignored", reason: "not_private" });
  });

  it("ignores a press on a message it cannot see (inline mode) and other update types", () => {
    expect(normaliseUpdate(update({ callback_query: { id: "cb", from, chat_instance: "ci", data: "1:x", inline_message_id: "im" } }), at)).toEqual({ kind: "ignored", reason: "callback_without_chat" });
    expect(normaliseUpdate(update({ my_chat_member: {} }), at)).toEqual({ kind: "ignored", reason: "unsupported_update" });
  });
});
