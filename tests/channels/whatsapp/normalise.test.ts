import wwebjs from "whatsapp-web.js";
import { describe, expect, it } from "vitest";
import { menuOf } from "../../../bot/channels/whatsapp/menu-memory.ts";
import { bareMimeType, normaliseMessage, type Normalised } from "../../../bot/channels/whatsapp/normalise.ts";
import { buildMediaMessage, buildMessage, type MessageOptions } from "./harness.ts";

/*
 * normaliseMessage over messages built with whatsapp-web.js's own Message structure, as the
 * browser's events deliver them: what reaches the API, as what, and what is ignored and why.
 */

const client = new wwebjs.Client({});
const PERSON = "6281234567890@c.us";
const HIDDEN = "105793224687621@lid";
const NOW = new Date("2025-03-04T05:06:07.000Z");
const TICKET = "1f0a8c9e-2b3d-4e5f-8a7b-6c5d4e3f2a1b";

const ROLE_MENU = menuOf([
  { id: "1:anak_diri", label: "Aku anak/siswa, ini tentang aku" },
  { id: "1:orang_tua", label: "Saya orang tua/wali" },
  { id: "1:en", label: "English" },
]);
const ALERT_MENU = menuOf([{ id: `ack:${TICKET}`, label: "✅ Terima" }]);

function normalise(from: string, body: string, options: MessageOptions = {}, menu = ROLE_MENU): Normalised {
  return normaliseMessage(buildMessage(client, from, body, { id: "3EB0C0FFEE", ...options }), menu, NOW);
}

const contentOf = (n: Normalised) => (n.kind === "inbound" ? n.message.content : n);

describe("which messages reach the API", () => {
  it.each<[string, string, MessageOptions, string]>([
    ["the hotline's own message", PERSON, { fromMe: true }, "from_me"],
    ["a group chat", "120363025246125486@g.us", { raw: { author: PERSON } }, "group"],
    ["a status update", "status@broadcast", { raw: { isStatusV3: true } }, "status"],
    ["a broadcast list", "1700000000@broadcast", { raw: { broadcast: true } }, "broadcast"],
    ["a private message flagged as broadcast", PERSON, { raw: { broadcast: true } }, "broadcast"],
    ["a channel (newsletter)", "120363162345678901@newsletter", {}, "newsletter"],
    ["an unknown kind of chat", "6281234567890@s.whatsapp.net", {}, "unsupported_chat"],
    ["a deleted message", PERSON, { type: "revoked" }, "revoked"],
    ["a security-code notification", PERSON, { type: "e2e_notification" }, "notification"],
    ["a group notification", PERSON, { type: "gp2" }, "notification"],
    ["a missed call", PERSON, { type: "call_log" }, "call_log"],
    ["a message not decrypted yet", PERSON, { type: "ciphertext" }, "unreadable"],
    ["a reaction", PERSON, { type: "reaction" }, "unsupported"],
    ["an empty text", PERSON, {}, "empty"],
  ])("ignores %s", (_what, from, options, reason) => {
    const body = reason === "empty" ? "   " : "halo";
    expect(normalise(from, body, options)).toEqual({ kind: "ignored", reason });
  });

  it("takes a text from a person, keyed by the serialized message id, dated by WhatsApp's clock, without a language hint", () => {
    const message = buildMessage(client, PERSON, "halo", { id: "3EB0AA", raw: { t: 1_741_000_000 } });
    expect(normaliseMessage(message, undefined, NOW)).toEqual({
      kind: "inbound",
      download: false,
      message: {
        channel: "whatsapp",
        externalId: `wa:false_${PERSON}_3EB0AA`,
        address: PERSON,
        sentAt: new Date(1_741_000_000 * 1000).toISOString(),
        content: { type: "text", text: "halo" },
      },
    });
  });

  it("answers a sender with a hidden number (@lid) at that address", () => {
    const n = normaliseMessage(buildMessage(client, HIDDEN, "halo", { id: "3EB0C0FFEE" }), undefined, NOW);
    expect(n).toMatchObject({ kind: "inbound", message: { address: HIDDEN, externalId: `wa:false_${HIDDEN}_3EB0C0FFEE` } });
  });
});

describe("answers to a numbered menu", () => {
  it.each<[string, object]>([
    ["2", { type: "choice", choiceId: "1:orang_tua" }],
    [" 2.", { type: "choice", choiceId: "1:orang_tua" }],
    ["2)", { type: "choice", choiceId: "1:orang_tua" }],
    ["2️⃣", { type: "choice", choiceId: "1:orang_tua" }],
    ["１", { type: "choice", choiceId: "1:anak_diri" }],
    ["saya ORANG TUA / wali", { type: "choice", choiceId: "1:orang_tua" }],
    ["english", { type: "choice", choiceId: "1:en" }],
    // Not on the menu: the API answers (it knows "9" is not an option, and the usual words).
    ["9", { type: "text", text: "9" }],
    ["0", { type: "text", text: "0" }],
    ["iya", { type: "text", text: "iya" }],
    ["2 anak saya", { type: "text", text: "2 anak saya" }],
  ])("%j → %j", (typed, content) => {
    expect(contentOf(normalise(PERSON, typed))).toEqual(content);
  });

  it("leaves a number as text when the chat has no menu", () => {
    expect(contentOf(normaliseMessage(buildMessage(client, PERSON, "2"), undefined, NOW))).toEqual({ type: "text", text: "2" });
  });

  it("turns an alert's \"✅ Terima\", by number or by word, into a staff action, never an inbound message", () => {
    for (const typed of ["1", "terima", "✅ Terima"]) {
      expect(normalise(PERSON, typed, {}, ALERT_MENU)).toEqual({
        kind: "staff_action",
        address: PERSON,
        externalId: `wa:false_${PERSON}_3EB0C0FFEE`,
        action: { type: "acknowledge", ticketId: TICKET },
        fromMenu: true,
      });
    }
  });

  it("ignores a staff choice that is not a valid alert action", () => {
    expect(normalise(PERSON, "1", {}, menuOf([{ id: "ack:not-a-uuid", label: "✅ Terima" }]))).toEqual({
      kind: "ignored",
      reason: "invalid_staff_choice",
    });
  });
});

describe("staff commands", () => {
  it("sends /hubungkan with a code to the staff actions, and explains it without one", () => {
    expect(normalise(PERSON, "/hubungkan k7qw-3mzp")).toEqual({
      kind: "staff_action",
      address: PERSON,
      externalId: `wa:false_${PERSON}_3EB0C0FFEE`,
      action: { type: "link", code: "K7QW3MZP" },
      fromMenu: false,
    });
    expect(normalise(PERSON, "/hubungkan")).toEqual({ kind: "staff_usage", address: PERSON });
  });
});

describe("media", () => {
  const file = (type: string, mimetype: string, caption?: string) =>
    normaliseMessage(
      buildMediaMessage(client, PERSON, { type, mimetype, bytes: Buffer.from("bytes"), ...(caption !== undefined && { caption }) }),
      ROLE_MENU,
      NOW,
    );

  it.each<[string, string, string]>([
    ["image", "image/jpeg", "photo"],
    ["document", "image/png", "photo"],
    ["document", "application/pdf", "document"],
    ["video", "video/mp4", "video"],
    ["ptt", "audio/ogg; codecs=opus", "voice"],
    ["audio", "audio/mpeg", "audio"],
  ])("a %s (%s) is a %s to fetch, with its bare type and size", (type, mimetype, kind) => {
    expect(file(type, mimetype)).toEqual({
      kind: "inbound",
      download: true,
      message: expect.objectContaining({ content: { type: "media", kind, mimeType: bareMimeType(mimetype), fileSize: 5 } }),
    });
  });

  it("keeps the caption, not the thumbnail whatsapp-web.js puts in the body", () => {
    expect(contentOf(file("image", "image/jpeg", "ini lukanya"))).toMatchObject({ kind: "photo", caption: "ini lukanya" });
    const withoutFile = buildMessage(client, PERSON, "/9j/thumbnail", { type: "image", raw: { mimetype: "image/jpeg", caption: "foto" } });
    expect(normaliseMessage(withoutFile, undefined, NOW)).toMatchObject({
      download: false,
      message: { content: { type: "media", kind: "photo", caption: "foto" } },
    });
  });

  it.each<[string, object]>([
    ["sticker", { type: "media", kind: "sticker", mimeType: "image/webp" }],
    ["location", { type: "media", kind: "location" }],
    ["vcard", { type: "media", kind: "contact" }],
    ["multi_vcard", { type: "media", kind: "contact" }],
    ["poll_creation", { type: "media", kind: "other" }],
  ])("a %s is recorded without a file to fetch", (type, content) => {
    const message = buildMessage(client, PERSON, "", { type, raw: { mimetype: "image/webp", vcardList: [], lat: -6.2, lng: 106.8 } });
    expect(normaliseMessage(message, undefined, NOW)).toMatchObject({ kind: "inbound", download: false, message: { content } });
  });

  it.each<[unknown, string | undefined]>([
    ["audio/ogg; codecs=opus", "audio/ogg"],
    ["IMAGE/JPEG", "image/jpeg"],
    ["application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ["not a type", undefined],
    [undefined, undefined],
  ])("bareMimeType(%j) → %j", (value, bare) => {
    expect(bareMimeType(value)).toBe(bare);
  });
});
