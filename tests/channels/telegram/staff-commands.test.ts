import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { normaliseUpdate } from "../../../bot/channels/telegram/normalise.ts";
import { isStaffCallback, parseStaffCallback, parseStaffCommand } from "../../../bot/staff-commands.ts";

const TICKET = "1f0a8c9e-2b3d-4e5f-8a7b-6c5d4e3f2a1b";

describe("parseStaffCommand", () => {
  it.each([
    ["/hubungkan K7QW3MZP", "K7QW3MZP"],
    ["/hubungkan k7qw3mzp", "K7QW3MZP"],
    ["/HUBUNGKAN K7QW3MZP", "K7QW3MZP"],
    ["/Hubungkan@LaporAmanBot K7QW3MZP", "K7QW3MZP"],
    ["/hubungkan@lapor_aman_bot   k7qw3mzp  ", "K7QW3MZP"],
    ["  /hubungkan    K7QW 3MZP", "K7QW3MZP"],
    ["/hubungkan K7QW-3MZP", "K7QW3MZP"],
    ["/hubungkan\nK7QW3MZP", "K7QW3MZP"],
  ])("%j links with code %j", (text, code) => {
    expect(parseStaffCommand(text)).toEqual({ type: "link", code });
  });

  it.each(["/hubungkan", "/hubungkan   ", "/hubungkan@LaporAmanBot", "/hubungkan kode=K7QW3MZP", `/hubungkan ${"A".repeat(33)}`])(
    "%j asks for the code, without reaching the API",
    (text) => {
      expect(parseStaffCommand(text)).toEqual({ type: "link_usage" });
    },
  );

  it.each(["hubungkan K7QW3MZP", "/hubungkanK7QW3MZP", "/start", "/status MTR-7K3QX", "aku mau /hubungkan K7QW3MZP", "/hubungi K7QW3MZP", ""])(
    "%j is not a staff command: it stays with the reporting flow",
    (text) => {
      expect(parseStaffCommand(text)).toBeUndefined();
    },
  );
});

describe("parseStaffCallback", () => {
  it("reads the alert's acknowledge button", () => {
    expect(parseStaffCallback(`ack:${TICKET}`)).toEqual({ type: "acknowledge", ticketId: TICKET });
    expect(parseStaffCallback(`ack:${TICKET.toUpperCase()}`)).toEqual({ type: "acknowledge", ticketId: TICKET });
  });

  it.each([`ack:${TICKET}x`, "ack:", "ack:MTR-7K3QX", `open:${TICKET}`, `ACK:${TICKET}`, "2:ya", ""])("%j is no acknowledge action", (data) => {
    expect(parseStaffCallback(data)).toBeUndefined();
  });

  it("knows staff buttons from reporters' choices, valid or not", () => {
    expect(isStaffCallback(`ack:${TICKET}`)).toBe(true);
    expect(isStaffCallback("ack:rusak")).toBe(true);
    expect(isStaffCallback(`open:${TICKET}`)).toBe(true);
    expect(isStaffCallback("3:diejek")).toBe(false);
  });
});

describe("normaliseUpdate for staff", () => {
  const at = new Date("2030-05-06T07:08:09.000Z");
  const date = Math.floor(Date.parse("2030-05-06T07:00:00Z") / 1000);
  const privateChat = { id: 52011, type: "private", first_name: "Sari" };
  const from = { id: 52011, is_bot: false, first_name: "Sari", language_code: "id" };
  const update = (fields: Record<string, unknown>) => ({ update_id: 900, ...fields }) as unknown as Update;
  const press = (data: string, message: Record<string, unknown> = { message_id: 44, date, chat: privateChat }) =>
    update({ callback_query: { id: "cb77", from, chat_instance: "ci", data, message } });

  it("makes /hubungkan a staff action keyed like any message, never an inbound message", () => {
    const result = normaliseUpdate(update({ message: { message_id: 88, date, chat: privateChat, from, text: "/hubungkan@LaporAmanBot k7qw3mzp" } }), at);
    expect(result).toEqual({ kind: "staff_action", chatId: "52011", externalId: "m:52011:88", action: { type: "link", code: "K7QW3MZP" } });
  });

  it("answers /hubungkan without a code itself", () => {
    const result = normaliseUpdate(update({ message: { message_id: 89, date, chat: privateChat, from, text: "/hubungkan" } }), at);
    expect(result).toEqual({ kind: "staff_usage", chatId: "52011" });
  });

  it("leaves /hubungkan typed in a group to the group notice", () => {
    const group = { id: -100123, type: "supergroup", title: "Kelas 7B" };
    const result = normaliseUpdate(update({ message: { message_id: 3, date, chat: group, from, text: "/hubungkan K7QW3MZP" } }), at);
    expect(result).toEqual({ kind: "group_command", chatId: "-100123" });
  });

  it("makes the alert's button an acknowledge action, keeping the alert's link buttons", () => {
    const alert = {
      message_id: 44,
      date,
      chat: privateChat,
      text: "DARURAT MTR-7K3QX",
      reply_markup: {
        inline_keyboard: [
          [{ text: "Terima", callback_data: `ack:${TICKET}` }],
          [{ text: "Buka tiket", url: `https://lapor.example/tickets/${TICKET}` }],
        ],
      },
    };
    expect(normaliseUpdate(press(`ack:${TICKET}`, alert), at)).toEqual({
      kind: "staff_action",
      chatId: "52011",
      externalId: "cb:cb77",
      action: { type: "acknowledge", ticketId: TICKET },
      alert: { messageId: 44, linkRows: [[{ text: "Buka tiket", url: `https://lapor.example/tickets/${TICKET}` }]] },
    });
  });

  it("keeps no buttons of an alert that had only callback buttons", () => {
    const result = normaliseUpdate(press(`ack:${TICKET}`), at);
    expect(result.kind === "staff_action" && result.alert).toEqual({ messageId: 44, linkRows: [] });
  });

  it("refuses broken staff button data without handing it to the reporting flow", () => {
    expect(normaliseUpdate(press("ack:MTR-7K3QX"), at)).toEqual({ kind: "invalid_choice", chatId: "52011", languageHint: "id" });
    expect(normaliseUpdate(press(`open:${TICKET}`), at)).toEqual({ kind: "invalid_choice", chatId: "52011", languageHint: "id" });
  });
});
