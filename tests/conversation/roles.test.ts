import { describe, expect, it } from "vitest";
import { press, questionsAsked, runTranscript, type Turn } from "./transcript.ts";

/*
 * Each of the people the leaflet speaks to, end to end on the plain path: from the first
 * message to the ticket code in at most eight questions, safety asked second, one submit,
 * and every text in the register that fits them (aku/kamu for children, Bapak/Ibu for adults).
 */

interface RoleCase {
  name: string;
  audience: "child" | "adult";
  /** Most questions from the first message to the ticket code. */
  maxQuestions: number;
  turns: Turn[];
}

const CASES: RoleCase[] = [
  {
    name: "a child about themself",
    audience: "child",
    maxQuestions: 8,
    turns: [
      {
        input: "halo",
        expect: { step: "role", replies: ["welcome", "ask.role"], choices: ["anak_diri", "anak_teman", "orang_tua", "guru", "lainnya", "en"] },
      },
      { input: press("anak_diri"), expect: { step: "danger", replies: ["ask.danger_self"], choices: ["ya", "tidak", "tidak_tahu"], draft: { role: "anak_diri" } } },
      {
        input: press("tidak"),
        expect: {
          step: "what",
          replies: ["ask.what_self"],
          choices: ["dipukul", "diejek", "dijauhi", "siber", "seksual", "tidak_diurus", "dipaksa_kerja", "lainnya"],
          draft: { danger: "tidak" },
          effects: [],
        },
      },
      { input: press("diejek"), expect: { step: "story", replies: ["ask.story_child"], choices: ["sudah"], draft: { what: "diejek" } } },
      {
        input: "Aku diejek terus sama kakak kelas di kantin, katanya aku bau",
        expect: { step: "story", replies: ["story.more_child", "ask.story_more_child"], choices: ["sudah"] },
      },
      { input: press("sudah"), expect: { step: "child", replies: ["ask.child_self_child"], choices: ["lewati"] } },
      {
        input: "kelas 5, SD Negeri 2 Metro Barat",
        expect: { step: "when", replies: ["ask.when_child"], draft: { victimGrade: "5", child: "kelas 5, SD Negeri 2 Metro Barat" } },
      },
      { input: press("masih_terjadi"), expect: { step: "contact", replies: ["ask.contact_child"], choices: ["anonim", "nama", "tidak"] } },
      {
        input: press("anonim"),
        expect: {
          step: "summary",
          replies: ["ask.summary_child"],
          choices: ["kirim", "ubah"],
          params: {
            role: { key: "choice.role.anak_diri" },
            danger: { key: "choice.danger.tidak" },
            what: { key: "choice.what.diejek" },
            story: "Aku diejek terus sama kakak kelas di kantin, katanya aku bau",
            evidence: 0,
            child: "kelas 5, SD Negeri 2 Metro Barat",
            when: { key: "choice.when.masih_terjadi" },
            contact: { key: "choice.contact_child.anonim" },
            name: { key: "summary.anonymous" },
          },
        },
      },
      {
        input: press("kirim"),
        expect: {
          step: "done",
          replies: ["submitted.reply_child"],
          effects: [{ type: "ticket.submit", confirmed: true }],
          session: { hasTicket: true, timerAt: null },
          text: "Ini bukan salahmu",
        },
      },
    ],
  },
  {
    name: "a child about a friend",
    audience: "child",
    maxQuestions: 8,
    turns: [
      { input: "hai kak", expect: { replies: ["welcome", "ask.role"] } },
      { input: press("anak_teman"), expect: { replies: ["ask.danger_other_child"], draft: { role: "anak_teman" } } },
      { input: press("tidak"), expect: { replies: ["ask.what_other_child"] } },
      { input: press("siber"), expect: { replies: ["ask.story_child"] } },
      { input: "Temanku dihina di grup kelas, fotonya diedit jelek", expect: { replies: ["story.more_child", "ask.story_more_child"] } },
      { input: { type: "media", kind: "photo" }, expect: { replies: ["input.evidence_kept", "ask.story_more_child"], draft: { evidence: 1 } } },
      { input: press("sudah"), expect: { replies: ["ask.child_other_child"] } },
      { input: "kelas 7 SMP Negeri 3", expect: { replies: ["ask.when_child"], draft: { victimGrade: "7" } } },
      { input: press("beberapa_kali"), expect: { replies: ["ask.contact_child"] } },
      { input: press("anonim"), expect: { replies: ["ask.summary_child"], params: { role: { key: "choice.role.anak_teman" }, evidence: 1 } } },
      { input: press("kirim"), expect: { replies: ["submitted.reply_child"], effects: [{ type: "ticket.submit", confirmed: true }] } },
    ],
  },
  {
    name: "a parent",
    audience: "adult",
    maxQuestions: 8,
    turns: [
      { input: "Selamat siang", expect: { replies: ["welcome", "ask.role"] } },
      { input: press("orang_tua"), expect: { replies: ["ask.danger_other_adult"], draft: { role: "orang_tua" } } },
      { input: press("tidak"), expect: { replies: ["ask.what_other_adult"] } },
      { input: press("dipukul"), expect: { replies: ["ask.story_adult"] } },
      {
        input: "Anak saya pulang dengan memar di lengan, katanya didorong teman sekelas sampai jatuh.",
        expect: { replies: ["story.more_adult", "ask.story_more_adult"], text: "Bapak/Ibu" },
      },
      { input: press("sudah"), expect: { replies: ["ask.child_other_adult"], text: "anak tersebut" } },
      { input: "9 tahun, kelas 3 SD Negeri 1 Metro Pusat", expect: { replies: ["ask.when_adult"], draft: { victimAge: 9, victimGrade: "3" } } },
      { input: press("sekali"), expect: { replies: ["ask.contact_adult"], choices: ["anonim", "nama", "tidak"] } },
      { input: press("anonim"), expect: { replies: ["ask.summary_adult"], params: { contact: { key: "choice.contact_adult.anonim" } } } },
      { input: press("kirim"), expect: { replies: ["submitted.reply_adult"], effects: [{ type: "ticket.submit", confirmed: true }] } },
    ],
  },
  {
    name: "a parent who gives a name and phone (one question more)",
    audience: "adult",
    maxQuestions: 9,
    turns: [
      { input: "halo", expect: { replies: ["welcome", "ask.role"] } },
      { input: press("orang_tua"), expect: { replies: ["ask.danger_other_adult"] } },
      { input: press("tidak"), expect: { replies: ["ask.what_other_adult"] } },
      { input: press("diejek"), expect: { replies: ["ask.story_adult"] } },
      { input: "Anak saya diejek soal kulitnya setiap hari di kelas.", expect: { replies: ["story.more_adult", "ask.story_more_adult"] } },
      { input: press("sudah"), expect: { replies: ["ask.child_other_adult"] } },
      { input: press("lewati"), expect: { replies: ["ask.when_adult"] } },
      { input: press("masih_terjadi"), expect: { replies: ["ask.contact_adult"] } },
      { input: press("nama"), expect: { step: "name", replies: ["ask.name_adult"] } },
      {
        input: "Ibu Sari 0812-3456-7890",
        expect: {
          replies: ["ask.summary_adult"],
          draft: { contact: "nama", name: "Ibu Sari", phone: "081234567890" },
          params: { name: "Ibu Sari, 081234567890", child: { key: "summary.none" } },
        },
      },
      { input: "ya", expect: { replies: ["submitted.reply_adult"], effects: [{ type: "ticket.submit", confirmed: true }] } },
    ],
  },
  {
    name: "a teacher who does not want a reply",
    audience: "adult",
    maxQuestions: 8,
    turns: [
      { input: "Assalamualaikum", expect: { replies: ["welcome", "ask.role"] } },
      { input: press("guru"), expect: { replies: ["ask.danger_other_adult"], draft: { role: "guru" } } },
      { input: press("tidak"), expect: { replies: ["ask.what_other_adult"] } },
      { input: press("dijauhi"), expect: { replies: ["ask.story_adult"] } },
      { input: "Satu murid saya dikucilkan teman-temannya sejak pindah kelas.", expect: { replies: ["story.more_adult", "ask.story_more_adult"] } },
      { input: press("sudah"), expect: { replies: ["ask.child_other_adult"] } },
      { input: "kelas 8", expect: { replies: ["ask.when_adult"], draft: { victimGrade: "8" } } },
      { input: press("beberapa_kali"), expect: { replies: ["ask.contact_adult"] } },
      { input: press("tidak"), expect: { replies: ["ask.summary_adult"], params: { contact: { key: "choice.contact_adult.tidak" } } } },
      { input: press("kirim"), expect: { replies: ["submitted.no_reply"], effects: [{ type: "ticket.submit", confirmed: true }] } },
    ],
  },
  {
    name: "someone else, who types the story at 'what happened'",
    audience: "adult",
    maxQuestions: 8,
    turns: [
      { input: "permisi", expect: { replies: ["welcome", "ask.role"] } },
      { input: "5", expect: { replies: ["ask.danger_other_adult"], draft: { role: "lainnya" } } },
      { input: "2", expect: { replies: ["ask.what_other_adult"], draft: { danger: "tidak" } } },
      {
        input: "Anak tetangga saya sering disuruh mengamen sampai malam",
        expect: { step: "story", replies: ["story.thanks_adult", "ask.story_more_adult"], draft: { what: "lainnya" } },
      },
      { input: "sudah", expect: { replies: ["ask.child_other_adult"] } },
      { input: "sekitar 10 tahun, tidak sekolah", expect: { replies: ["ask.when_adult"], draft: { victimAge: 10 } } },
      { input: "3", expect: { replies: ["ask.contact_adult"], draft: { when: "masih_terjadi" } } },
      { input: "boleh", expect: { replies: ["ask.summary_adult"], draft: { contact: "anonim" } } },
      { input: "kirim", expect: { replies: ["submitted.reply_adult"], effects: [{ type: "ticket.submit", confirmed: true }] } },
    ],
  },
];

describe("each reporter, end to end on the plain path", () => {
  it.each(CASES)("$name", ({ turns, audience, maxQuestions }) => {
    const { log } = runTranscript(turns);

    const asked = questionsAsked(log);
    expect(asked.length, `questions asked: ${asked.join(", ")}`).toBeLessThanOrEqual(maxQuestions);
    expect(asked.slice(0, 2), "who is writing, then safety").toEqual(["role", "danger"]);

    const submits = log.flatMap((r) => r.result.effects).filter((e) => e.type === "ticket.submit");
    expect(submits).toEqual([{ type: "ticket.submit", confirmed: true }]);
    expect(log.flatMap((r) => r.result.effects).filter((e) => e.type !== "ticket.submit")).toEqual([]);

    // Every text chosen for an audience, and every button label, fits this reporter.
    const keys = log.flatMap((r) =>
      r.result.replies.flatMap((reply) => [
        reply.key,
        ...(reply.choices ?? []).flat().map((c) => c.key),
        ...Object.values(reply.params ?? {}).flatMap((p) => (typeof p === "object" ? [p.key] : [])),
      ]),
    );
    const audienceOf = (key: string) => /_(child|adult)(?:_school_known)?$|\.contact_(child|adult)\./.exec(key)?.slice(1).find(Boolean);
    const fitted = keys.filter((k) => audienceOf(k) !== undefined);
    expect(fitted.length).toBeGreaterThan(4);
    for (const key of fitted) expect(audienceOf(key), key).toBe(audience);

    // Bapak/Ibu for adults, and never aku/kamu in what the adult is asked.
    const adultTexts = log.slice(1).flatMap((r) => r.texts);
    if (audience === "adult") {
      for (const text of adultTexts) expect(text).not.toMatch(/\b(kamu|aku)\b|mu\b/i);
    }
  });
});
