import { describe, expect, it } from "vitest";
import { inlineKeyboard, splitText, TELEGRAM_TEXT_LIMIT, toOutgoing } from "../../../bot/channels/telegram/render.ts";

describe("splitText", () => {
  it("keeps a text that fits in one message as it is", () => {
    expect(splitText("halo")).toEqual(["halo"]);
    expect(splitText("x".repeat(TELEGRAM_TEXT_LIMIT))).toEqual(["x".repeat(TELEGRAM_TEXT_LIMIT)]);
  });

  it("cuts at the last paragraph break that fits, then line breaks, then spaces", () => {
    const a = "a".repeat(3000);
    const b = "b".repeat(3000);
    expect(splitText(`${a}\n\n${b}`)).toEqual([a, b]);
    expect(splitText(`${a}\n${b}`)).toEqual([a, b]);
    expect(splitText(`${a} ${b}`)).toEqual([a, b]);
    const words = Array.from({ length: 1200 }, (_, i) => `kata${i}`).join(" ");
    const parts = splitText(words);
    expect(parts.every((p) => p.length <= TELEGRAM_TEXT_LIMIT && !p.startsWith(" ") && !p.endsWith(" "))).toBe(true);
    expect(parts.join(" ")).toBe(words);
  });

  it("prefers a paragraph break over a later line break, unless the paragraph would leave a stub", () => {
    const text = `${"p".repeat(2500)}\n\n${"q".repeat(1000)}\n${"r".repeat(1000)}`;
    expect(splitText(text)).toEqual(["p".repeat(2500), `${"q".repeat(1000)}\n${"r".repeat(1000)}`]);
    const stub = `${"p".repeat(100)}\n\n${"q".repeat(3500)}\n${"r".repeat(1000)}`;
    expect(splitText(stub)[0]).toBe(`${"p".repeat(100)}\n\n${"q".repeat(3500)}`);
  });

  it("cuts a text without any break at the limit, never inside an emoji", () => {
    const text = `${"x".repeat(TELEGRAM_TEXT_LIMIT - 1)}😢${"y".repeat(10)}`;
    const parts = splitText(text);
    expect(parts).toEqual(["x".repeat(TELEGRAM_TEXT_LIMIT - 1), `😢${"y".repeat(10)}`]);
    expect(parts.join("")).toBe(text);
  });

  it("splits very long texts into as many parts as needed", () => {
    const text = "z".repeat(TELEGRAM_TEXT_LIMIT * 3 + 5);
    expect(splitText(text).map((p) => p.length)).toEqual([TELEGRAM_TEXT_LIMIT, TELEGRAM_TEXT_LIMIT, TELEGRAM_TEXT_LIMIT, 5]);
  });
});

describe("toOutgoing", () => {
  const choices = [[{ id: "1:a", label: "A" }], [{ id: "1:b", label: "B" }, { id: "1:c", label: "C" }]];

  it("renders choice rows as inline keyboard rows with the choice id as callback data", () => {
    expect(inlineKeyboard(choices)).toEqual({
      inline_keyboard: [[{ text: "A", callback_data: "1:a" }], [{ text: "B", callback_data: "1:b" }, { text: "C", callback_data: "1:c" }]],
    });
    expect(inlineKeyboard([])).toBeUndefined();
    expect(inlineKeyboard([[]])).toBeUndefined();
  });

  it("puts the keyboard on the last part of a long reply", () => {
    const parts = toOutgoing({ text: `${"a".repeat(3000)}\n\n${"b".repeat(3000)}`, choices }, "Pilih:");
    expect(parts.map((p) => p.keyboard === undefined)).toEqual([true, false]);
  });

  it("gives a buttons-only reply a prompt (Telegram refuses empty text) and drops a reply with nothing at all", () => {
    expect(toOutgoing({ text: "", choices }, "Pilih salah satu:")).toEqual([{ text: "Pilih salah satu:", keyboard: inlineKeyboard(choices) }]);
    expect(toOutgoing({ text: "  ", choices: [] }, "Pilih salah satu:")).toEqual([]);
  });
});
