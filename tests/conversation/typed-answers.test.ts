import { describe, it } from "vitest";
import { REACH } from "./reach.ts";
import { plain, runTranscript, type Expect } from "./transcript.ts";

/*
 * Children type rather than press, and WhatsApp shows numbered lists: a number, a button's
 * words, or the usual slang picks the answer. "gak tau" is "I don't know", never "no".
 */

const at = (step: string) => REACH.find((r) => r.label === step)!.inputs;

const TYPED: { at: string; text: string; expect: Expect }[] = [
  // Numbering, as on screen.
  { at: "role", text: "1", expect: { step: "danger", draft: { role: "anak_diri" } } },
  { at: "role", text: "2", expect: { step: "danger", draft: { role: "anak_teman" } } },
  { at: "role", text: "3", expect: { step: "danger", draft: { role: "orang_tua" }, replies: ["ask.danger_other_adult"] } },
  { at: "role", text: "6", expect: { step: "role", lang: "en", replies: ["ask.role"], choices: ["anak_diri", "anak_teman", "orang_tua", "guru", "lainnya", "id"] } },
  { at: "role", text: " 2. ", expect: { draft: { role: "anak_teman" } } },
  { at: "danger", text: "1", expect: { draft: { danger: "ya" }, effects: [{ type: "ticket.open" }] } },
  { at: "danger", text: "2", expect: { draft: { danger: "tidak" }, effects: [] } },
  { at: "danger", text: "3", expect: { draft: { danger: "tidak_tahu" }, effects: [], includes: ["emergency"] } },
  { at: "what", text: "4", expect: { step: "story", draft: { what: "siber" } } },
  { at: "when", text: "2", expect: { step: "contact", draft: { when: "beberapa_kali" } } },
  { at: "contact", text: "2", expect: { step: "name", draft: { contact: "nama" } } },
  { at: "summary", text: "2", expect: { step: "edit" } },
  { at: "edit", text: "8", expect: { step: "summary" } },
  { at: "restart", text: "1", expect: { step: "what", replies: ["ask.what_self"] } },
  { at: "language", text: "2", expect: { lang: "en", step: "what" } },
  // The danger question in the reporter's words.
  ...["iya", "Ya", "YAAA", "y", "yes", "betul", "bahaya"].map((text) => ({
    at: "danger",
    text,
    expect: { draft: { danger: "ya" as const }, effects: [{ type: "ticket.open" as const }], includes: ["emergency"] },
  })),
  ...["gak", "ga", "nggak", "enggak", "tidak", "Tdk", "no", "aman", "engga"].map((text) => ({
    at: "danger",
    text,
    expect: { draft: { danger: "tidak" as const }, effects: [], replies: ["ask.what_self"] },
  })),
  ...["gak tau", "Gak tau!", "ga tau", "gatau", "gtw", "tidak tahu", "tidak tau", "nggak tahu", "entah", "ragu"].map((text) => ({
    at: "danger",
    text,
    expect: { draft: { danger: "tidak_tahu" as const }, effects: [], replies: ["danger.unsure_child", "emergency", "ask.what_self"] },
  })),
  // Words that only begin like an answer are not that answer.
  ...["gak mau bilang", "yang itu", "tau ah", "nanti aja", "ya ampun aku bingung"].map((text) => ({
    at: "danger",
    text,
    expect: { step: "danger" as const, effects: [], absent: ["danger" as const] },
  })),
  // Free text at "what happened" is the story, told once.
  {
    at: "what",
    text: "Aku dipukul kakak kelas",
    expect: { step: "story", draft: { what: "lainnya", story: ["Aku dipukul kakak kelas"] }, replies: ["story.thanks_child", "ask.story_more_child"] },
  },
  { at: "what", text: "dipalak", expect: { step: "story", draft: { what: "lainnya", story: ["dipalak"] } } },
  // The story's "Sudah", and its everyday ways.
  ...["udah", "sudah", "Udahh", "ok", "lanjut", "gak ada", "itu aja", "gak"].map((text) => ({ at: "story", text, expect: { step: "child" as const, draft: { story: [] } } })),
  { at: "child", text: "lewati", expect: { step: "when" } },
  { at: "child", text: "gak tau", expect: { step: "when" } },
  { at: "child", text: "umur 11, SDN 5", expect: { step: "when", draft: { victimAge: 11 } } },
  { at: "child", text: "kls 4", expect: { step: "when", draft: { victimGrade: "4" } } },
  { at: "when", text: "kemarin", expect: { step: "contact", draft: { whenText: "kemarin" } } },
  { at: "contact", text: "boleh", expect: { step: "summary", draft: { contact: "anonim" } } },
  { at: "contact", text: "iya", expect: { step: "summary", draft: { contact: "anonim" } } },
  { at: "contact", text: "gak", expect: { step: "summary", draft: { contact: "tidak" } } },
  { at: "name", text: "skip", expect: { step: "summary", draft: { contact: "anonim" } } },
  { at: "name", text: "Dina", expect: { step: "summary", draft: { name: "Dina" } } },
  // The summary asks "Sudah benar?".
  ...["kirim", "ya", "iya", "sudah", "Sudah benar", "betul"].map((text) => ({
    at: "summary",
    text,
    expect: { step: "done" as const, effects: [{ type: "ticket.submit" as const, confirmed: true }] },
  })),
  ...["ubah", "salah", "belum", "tidak"].map((text) => ({ at: "summary", text, expect: { step: "edit" as const, effects: [] } })),
  { at: "restart", text: "lanjut", expect: { step: "what" } },
  { at: "restart", text: "mulai dari awal", expect: { step: "role", effects: [{ type: "report.discard", reportSeq: 1 }], session: { reportSeq: 2 } } },
  { at: "language", text: "english", expect: { lang: "en" } },
  { at: "language", text: "Bahasa Indonesia", expect: { lang: "id" } },
];

describe("typed answers", () => {
  it.each(TYPED.map((c) => ({ ...c, name: `${JSON.stringify(c.text)} at ${c.at}` })))("$name", ({ at: where, text, expect }) => {
    runTranscript([...plain(at(where)), { input: text, expect }]);
  });
});
