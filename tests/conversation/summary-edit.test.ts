import { describe, it } from "vitest";
import { REACH } from "./reach.ts";
import { plain, press, runTranscript, type Turn } from "./transcript.ts";

/*
 * Correcting the summary: "Ubah", pick a part, answer it again, and land back on the summary
 * showing the new answer; "Kembali" returns unchanged.
 */

const toSummary = REACH.find((r) => r.step === "summary")!.inputs;
const EDIT_CHOICES = ["role", "danger", "what", "story", "child", "when", "contact", "kembali"];

const CASES: { name: string; turns: Turn[] }[] = [
  {
    name: "when: a button",
    turns: [
      { input: press("ubah"), expect: { step: "edit", replies: ["ask.edit"], choices: EDIT_CHOICES } },
      { input: press("when"), expect: { step: "when", replies: ["ask.when_child"], session: { editing: true } } },
      {
        input: press("masih_terjadi"),
        expect: { step: "summary", replies: ["ask.summary_child"], params: { when: { key: "choice.when.masih_terjadi" } }, session: { editing: false } },
      },
    ],
  },
  {
    name: "when: typed in the reporter's own words",
    turns: [
      { input: press("ubah") },
      { input: press("when") },
      { input: "kemarin waktu istirahat", expect: { step: "summary", params: { when: "kemarin waktu istirahat" }, draft: { whenText: "kemarin waktu istirahat" } } },
    ],
  },
  {
    name: "kembali: back to the same summary",
    turns: [
      { input: press("ubah") },
      { input: press("kembali"), expect: { step: "summary", replies: ["ask.summary_child"], params: { name: "Dina", when: { key: "choice.when.beberapa_kali" } } } },
      { input: "ubah", expect: { step: "edit" } },
      { input: "kembali", expect: { step: "summary" } },
    ],
  },
  {
    name: "story: tell more, then back to the summary with both parts",
    turns: [
      { input: press("ubah") },
      { input: press("story"), expect: { step: "story", replies: ["ask.story_more_child"] } },
      { input: "Dia juga ambil uang jajanku", expect: { replies: ["story.more_child", "ask.story_more_child"] } },
      {
        input: "udah",
        expect: { step: "summary", params: { story: "Aku diejek terus sama kakak kelas di kantin\nDia juga ambil uang jajanku" } },
      },
    ],
  },
  {
    name: "child: a new age and place",
    turns: [
      { input: press("ubah") },
      { input: press("child"), expect: { replies: ["ask.child_self_child"] } },
      { input: "kelas 6", expect: { step: "summary", params: { child: "kelas 6" }, draft: { victimGrade: "6" } } },
    ],
  },
  {
    name: "role: the summary follows the new role",
    turns: [
      { input: press("ubah") },
      { input: press("role"), expect: { replies: ["ask.role"] } },
      { input: press("anak_teman"), expect: { step: "summary", replies: ["ask.summary_child"], params: { role: { key: "choice.role.anak_teman" } } } },
    ],
  },
  {
    name: "contact: from a name to anonymous forgets the name",
    turns: [
      { input: press("ubah") },
      { input: press("contact"), expect: { replies: ["ask.contact_child"] } },
      {
        input: press("anonim"),
        expect: { step: "summary", params: { name: { key: "summary.anonymous" }, contact: { key: "choice.contact_child.anonim" } }, absent: ["name", "phone"] },
      },
      { input: press("ubah") },
      { input: press("contact") },
      { input: press("nama"), expect: { step: "name", replies: ["ask.name_child"] } },
      { input: "Budi", expect: { step: "summary", params: { name: "Budi" } } },
    ],
  },
  {
    name: "what: a new answer, no story question in between",
    turns: [
      { input: press("ubah") },
      { input: press("what"), expect: { replies: ["ask.what_self"] } },
      { input: press("siber"), expect: { step: "summary", params: { what: { key: "choice.what.siber" } } } },
      { input: press("kirim"), expect: { step: "done", effects: [{ type: "ticket.submit", confirmed: true }] } },
    ],
  },
  {
    name: "a summary button from before the edit no longer sends",
    turns: [
      { input: press("ubah") },
      { input: press("kirim", "first"), expect: { step: "edit", replies: ["input.old_button", "ask.edit"], effects: [] } },
      { input: press("kembali") },
      { input: press("kirim"), expect: { step: "done", effects: [{ type: "ticket.submit", confirmed: true }] } },
    ],
  },
];

describe("correcting the summary", () => {
  it.each(CASES)("$name", ({ turns }) => {
    runTranscript([...plain(toSummary), ...turns]);
  });
});
