import { describe, it } from "vitest";
import { REACH } from "./reach.ts";
import { plain, press, runTranscript, type Turn } from "./transcript.ts";

/* Bahasa Indonesia by default; English from the welcome's button, or /bahasa at any point. */

const CASES: { name: string; turns: Turn[] }[] = [
  {
    name: "the English button on the welcome",
    turns: [
      { input: "hello", expect: { lang: "id", replies: ["welcome", "ask.role"], text: "Siapa yang menulis pesan ini?" } },
      { input: press("en"), expect: { lang: "en", step: "role", replies: ["ask.role"], text: "Who is writing this message?", choices: ["anak_diri", "anak_teman", "orang_tua", "guru", "lainnya", "id"] } },
      { input: press("anak_diri"), expect: { lang: "en", replies: ["ask.danger_self"], text: "are you in danger right now?" } },
      { input: press("ya"), expect: { replies: ["danger.yes_child", "emergency", "danger.ticket_open_child", "ask.what_self"], text: "If a child is in danger RIGHT NOW" } },
    ],
  },
  {
    name: "and back to Indonesian from the same button",
    turns: [
      { input: "hello" },
      { input: press("en"), expect: { lang: "en" } },
      { input: press("id"), expect: { lang: "id", text: "Siapa yang menulis pesan ini?", choices: ["anak_diri", "anak_teman", "orang_tua", "guru", "lainnya", "en"] } },
    ],
  },
  {
    name: "/bahasa mid-flow returns to the same question, now in English",
    turns: [
      ...plain(REACH.find((r) => r.step === "story")!.inputs),
      { input: "Aku diejek di kelas", expect: { replies: ["story.more_child", "ask.story_more_child"] } },
      { input: "/bahasa", expect: { step: "language", replies: ["ask.language"], text: "Pilih bahasa / Choose a language:", effects: [] } },
      {
        input: press("en"),
        expect: { step: "story", lang: "en", replies: ["language.changed", "ask.story_more_child"], text: "Is there anything else you want to tell?", draft: { story: ["Aku diejek di kelas"] } },
      },
      { input: "done", expect: { step: "child", replies: ["ask.child_self_child"], text: "How old are you" } },
      { input: "/language", expect: { step: "language" } },
      { input: "indonesia", expect: { step: "child", lang: "id", replies: ["language.changed", "ask.child_self_child"], text: "Kamu umur berapa" } },
    ],
  },
  {
    name: "/bahasa at the summary keeps every answer",
    turns: [
      ...plain(REACH.find((r) => r.step === "summary")!.inputs),
      { input: "/bahasa" },
      { input: press("en"), expect: { step: "summary", replies: ["language.changed", "ask.summary_child"], text: "Here is your report", params: { name: "Dina" } } },
      { input: press("kirim"), expect: { replies: ["submitted.reply_child"], text: "This is not your fault", effects: [{ type: "ticket.submit", confirmed: true }] } },
    ],
  },
];

describe("language", () => {
  it.each(CASES)("$name", ({ turns }) => {
    runTranscript(turns);
  });
});
