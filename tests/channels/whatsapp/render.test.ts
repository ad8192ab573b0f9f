import { describe, expect, it } from "vitest";
import type { Reply } from "../../../api/intake/schemas.ts";
import { choiceForText, menuOf, normaliseLabel, typedNumber } from "../../../bot/channels/whatsapp/menu-memory.ts";
import { renderReplies, renderReply, WHATSAPP_PART_LIMIT } from "../../../bot/channels/whatsapp/render.ts";

const HINT = "Balas dengan angka pilihan, atau tulis jawabannya.";
const TICKET = "1f0a8c9e-2b3d-4e5f-8a7b-6c5d4e3f2a1b";

describe("renderReply: choices as a numbered list", () => {
  it("numbers the choices across rows under the text, with the hint, and remembers what each number means", () => {
    const reply: Reply = {
      text: "Apa yang terjadi?",
      choices: [
        [{ id: "3:dipukul", label: "Dipukul / disakiti" }, { id: "3:diejek", label: "Diejek / dihina" }],
        [{ id: "3:lainnya", label: "Lainnya" }],
      ],
    };
    expect(renderReply(reply, HINT)).toEqual({
      parts: [`Apa yang terjadi?\n\n1. Dipukul / disakiti\n2. Diejek / dihina\n3. Lainnya\n\n${HINT}`],
      menu: {
        choices: [
          { id: "3:dipukul", label: "dipukul disakiti" },
          { id: "3:diejek", label: "diejek dihina" },
          { id: "3:lainnya", label: "lainnya" },
        ],
      },
    });
  });

  it("prints a link choice as a line with its address, not numbered", () => {
    const alert: Reply = {
      text: "🚨 DARURAT MTR-7K3QX",
      choices: [[{ id: `ack:${TICKET}`, label: "✅ Terima" }], [{ id: "open", label: "Buka tiket", url: "https://lapor.example/t/1" }]],
    };
    expect(renderReply(alert, HINT)).toEqual({
      parts: [`🚨 DARURAT MTR-7K3QX\n\n1. ✅ Terima\n\n${HINT}\n\nBuka tiket: https://lapor.example/t/1`],
      menu: { choices: [{ id: `ack:${TICKET}`, label: "terima" }] },
    });
    const linkOnly = renderReply({ text: "Lihat tiket", choices: [[{ id: "open", label: "Buka", url: "https://lapor.example/t/2" }]] }, HINT);
    expect(linkOnly).toEqual({ parts: ["Lihat tiket\n\nBuka: https://lapor.example/t/2"], menu: undefined });
  });

  it("sends plain text as it is, and nothing for an empty reply", () => {
    expect(renderReply({ text: "Terima kasih sudah cerita.", choices: [] }, HINT)).toEqual({ parts: ["Terima kasih sudah cerita."], menu: undefined });
    expect(renderReply({ text: "  ", choices: [] }, HINT)).toEqual({ parts: [], menu: undefined });
    expect(renderReply({ text: "", choices: [[{ id: "1:ya", label: "Ya" }]] }, HINT).parts).toEqual([`1. Ya\n\n${HINT}`]);
  });

  it("splits a long text at a paragraph, keeping the list on the last part", () => {
    const first = "a".repeat(3000);
    const second = "b".repeat(2000);
    const rendered = renderReply({ text: `${first}\n\n${second}`, choices: [[{ id: "9:kirim", label: "Kirim laporan" }]] }, HINT);
    expect(rendered.parts).toEqual([first, `${second}\n\n1. Kirim laporan\n\n${HINT}`]);
    expect(rendered.parts.every((p) => p.length <= WHATSAPP_PART_LIMIT)).toBe(true);
  });

  it("gives the list a part of its own when the last part has no room for it", () => {
    const text = `${"a".repeat(3990)} ${"b".repeat(3990)}`;
    const rendered = renderReply({ text, choices: [[{ id: "9:kirim", label: "Kirim laporan" }]] }, HINT);
    expect(rendered.parts).toEqual(["a".repeat(3990), "b".repeat(3990), `1. Kirim laporan\n\n${HINT}`]);
  });

  it("renderReplies: all parts in order; the menu is the last reply's that had choices", () => {
    const rendered = renderReplies(
      [
        { text: "Halo!", choices: [] },
        { text: "Siapa yang menulis?", choices: [[{ id: "1:orang_tua", label: "Saya orang tua/wali" }]] },
        { text: "Boleh cerita apa saja.", choices: [] },
      ],
      HINT,
    );
    expect(rendered.parts).toEqual(["Halo!", `Siapa yang menulis?\n\n1. Saya orang tua/wali\n\n${HINT}`, "Boleh cerita apa saja."]);
    expect(rendered.menu).toEqual({ choices: [{ id: "1:orang_tua", label: "saya orang tua wali" }] });
  });
});

describe("reading an answer to a menu", () => {
  const menu = menuOf([
    { id: "2:ya", label: "Ya, bahaya sekarang" },
    { id: "2:tidak", label: "Tidak" },
    { id: "2:tidak_tahu", label: "Tidak tahu" },
  ]);

  it.each<[string, string | undefined]>([
    ["1", "2:ya"],
    ["2", "2:tidak"],
    [" 3. ", "2:tidak_tahu"],
    ["3)", "2:tidak_tahu"],
    ["3️⃣", "2:tidak_tahu"],
    ["TIDAK", "2:tidak"],
    ["tidak  tahu", "2:tidak_tahu"],
    ["Ya, bahaya sekarang!", "2:ya"],
    // The API's words, not the adapter's: left as text.
    ["gak", undefined],
    ["ya", undefined],
    ["4", undefined],
    ["0", undefined],
    ["12345", undefined],
    ["1 2", undefined],
    ["🙂", undefined],
    ["", undefined],
  ])("%j → %j", (typed, choiceId) => {
    expect(choiceForText(menu, typed)).toBe(choiceId);
  });

  it("finds nothing without a menu", () => {
    expect(choiceForText(undefined, "1")).toBeUndefined();
  });

  it.each<[string, string]>([
    ["✅ Terima", "terima"],
    ["Dipukul / disakiti", "dipukul disakiti"],
    ["  Saya   Orang tua/Wali ", "saya orang tua wali"],
    ["👍🏽 Oke", "oke"],
    ["Ｆｕｌｌ", "full"],
  ])("normaliseLabel(%j) → %j", (label, normalised) => {
    expect(normaliseLabel(label)).toBe(normalised);
  });

  it.each<[string, number | undefined]>([
    ["7", 7],
    ["07", 7],
    ["  12 ", 12],
    ["5.", 5],
    ["5)", 5],
    ["5️⃣", 5],
    ["5.5", undefined],
    ["-1", undefined],
    ["satu", undefined],
  ])("typedNumber(%j) → %j", (text, number) => {
    expect(typedNumber(text)).toBe(number);
  });
});
