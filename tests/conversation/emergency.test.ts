import { describe, expect, it } from "vitest";
import { media, press, runTranscript, type Turn } from "./transcript.ts";

/*
 * A child in danger now: the emergency numbers at once, the ticket opened before any other
 * question, later answers copied onto it, and the summary's "kirim" finishing that same ticket.
 */

const SYNC = { type: "ticket.sync" } as const;

const CASES: { name: string; turns: Turn[] }[] = [
  {
    name: "danger 'Ya': ticket at once, answers synced, one submit",
    turns: [
      { input: "halo", expect: { replies: ["welcome", "ask.role"] } },
      { input: press("anak_diri"), expect: { replies: ["ask.danger_self"], effects: [] } },
      {
        input: press("ya"),
        expect: {
          step: "what",
          replies: ["danger.yes_child", "emergency", "danger.ticket_open_child", "ask.what_self"],
          effects: [{ type: "ticket.open" }],
          session: { hasTicket: true },
          draft: { danger: "ya" },
          text: "112",
        },
      },
      { input: press("dipukul"), expect: { replies: ["ask.story_child"], effects: [SYNC] } },
      { input: "Ayah pukul aku tadi malam, aku takut pulang", expect: { replies: ["story.more_child", "ask.story_more_child"], effects: [SYNC] } },
      { input: media("photo"), expect: { replies: ["input.evidence_kept", "ask.story_more_child"], effects: [SYNC], draft: { evidence: 1 } } },
      // Nothing changed: nothing to copy.
      { input: press("sudah"), expect: { replies: ["ask.child_self_child"], effects: [] } },
      { input: "12 tahun, SD Negeri 4", expect: { replies: ["ask.when_child"], effects: [SYNC], draft: { victimAge: 12 } } },
      { input: press("masih_terjadi"), expect: { replies: ["ask.contact_child"], effects: [SYNC] } },
      {
        input: press("anonim"),
        expect: { replies: ["ask.summary_child"], effects: [SYNC], params: { danger: { key: "choice.danger.ya" }, evidence: 1 } },
      },
      // The danger answer cannot be taken back once the ticket went out as darurat.
      { input: press("ubah"), expect: { step: "edit", choices: ["role", "what", "story", "child", "when", "contact", "kembali"], effects: [] } },
      { input: press("kembali"), expect: { replies: ["ask.summary_child"], effects: [] } },
      {
        input: "kirim",
        expect: { step: "done", replies: ["submitted.reply_child"], effects: [{ type: "ticket.submit", confirmed: true }] },
      },
    ],
  },
  {
    name: "danger 'Ya' from an adult: the emergency wording for adults",
    turns: [
      { input: "halo" },
      { input: press("guru") },
      {
        input: "iya",
        expect: {
          replies: ["danger.yes_adult", "emergency", "danger.ticket_open_adult", "ask.what_other_adult"],
          effects: [{ type: "ticket.open" }],
        },
      },
    ],
  },
  {
    name: "'tidak tahu': the numbers, but no ticket",
    turns: [
      { input: "halo" },
      { input: press("orang_tua") },
      {
        input: press("tidak_tahu"),
        expect: {
          replies: ["danger.unsure_adult", "emergency", "ask.what_other_adult"],
          effects: [],
          session: { hasTicket: false },
          draft: { danger: "tidak_tahu" },
        },
      },
      { input: press("diejek"), expect: { effects: [] } },
      { input: press("sudah"), expect: { effects: [] } },
      { input: press("lewati"), expect: { effects: [] } },
      { input: press("sekali"), expect: { effects: [] } },
      { input: press("anonim"), expect: { replies: ["ask.summary_adult"], params: { danger: { key: "choice.danger.tidak_tahu" } } } },
      // "tidak tahu" can still be corrected to "ya" from the summary: then the ticket opens.
      { input: press("ubah"), expect: { choices: ["role", "danger", "what", "story", "child", "when", "contact", "kembali"] } },
      { input: press("danger"), expect: { replies: ["ask.danger_other_adult"], session: { editing: true } } },
      {
        input: press("ya"),
        expect: {
          step: "summary",
          replies: ["danger.yes_adult", "emergency", "danger.ticket_open_adult", "ask.summary_adult"],
          effects: [{ type: "ticket.open" }],
        },
      },
      { input: press("kirim"), expect: { effects: [{ type: "ticket.submit", confirmed: true }] } },
    ],
  },
  {
    name: "an emergency word mid-flow: the numbers first, then the same question",
    turns: [
      { input: "halo" },
      { input: press("anak_diri") },
      { input: press("tidak") },
      { input: "tolong", expect: { step: "what", replies: ["emergency", "ask.what_self"], effects: [] } },
      {
        input: "tolong aku dipukul kakak kelas",
        expect: { step: "story", replies: ["emergency", "story.thanks_child", "ask.story_more_child"], draft: { story: ["tolong aku dipukul kakak kelas"] } },
      },
      { input: media("photo", "tolong ini buktinya"), expect: { replies: ["emergency", "input.evidence_kept", "ask.story_more_child"] } },
    ],
  },
];

describe("the emergency path", () => {
  it.each(CASES)("$name", ({ turns }) => {
    const { log } = runTranscript(turns);
    const effects = log.flatMap((r) => r.result.effects);
    expect(effects.filter((e) => e.type === "ticket.open").length).toBeLessThanOrEqual(1);
    expect(effects.filter((e) => e.type === "ticket.submit").length).toBeLessThanOrEqual(1);
    expect(effects.filter((e) => e.type === "report.discard")).toEqual([]);
  });
});
