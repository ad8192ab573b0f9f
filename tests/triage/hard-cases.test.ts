import { describe, expect, it } from "vitest";
import type { Category, Priority, ReporterRole } from "../../db/schema/enums.ts";
import { triage, type TriageAnswers } from "../../api/triage/triage.ts";

/*
 * The hard cases of the triage issue, one row each, through triage() itself: what the reporter
 * wrote (and, for the last rows, what they answered) → the priority and category a peksos would
 * give it (LABELS.md). `signal` names a rule prefix that must be among the signals, to show the
 * reading (a denial, a false friend, a question) and not just the outcome.
 */

interface Case {
  name: string;
  text: string;
  reporter?: ReporterRole;
  answers?: TriageAnswers;
  priority: Priority;
  category: Category;
  signal?: "ignored.negated" | "ignored.false_friend" | "lowered.question";
}

const CASES: Case[] = [
  // Negation: a denied harm does not count; what is left does.
  { name: "negation: not hit, only mocked", text: "aku gak dipukul kok cuma diejek", priority: "sedang", category: "perundungan_verbal", signal: "ignored.negated" },
  { name: "negation alone", text: "aku gak dipukul kok kak", priority: "rendah", category: "bukan_laporan", signal: "ignored.negated" },
  { name: "negation: never bullied", text: "aku ga pernah dibully kok", priority: "rendah", category: "bukan_laporan", signal: "ignored.negated" },

  // Questions and hypotheticals about someone else.
  { name: "question about a friend", text: "kalau temen aku dipukul harus lapor kemana?", priority: "rendah", category: "perundungan_fisik", signal: "lowered.question" },
  { name: "general question", text: "apa itu cyberbullying?", priority: "rendah", category: "perundungan_siber" },
  { name: "own death as a question is still darurat", text: "kalau aku mati ada yg peduli gak", priority: "darurat", category: "menyakiti_diri" },

  // False friends, alone: not reports. ("mati" alone fires no rule, so only "pukul" and "bunuh"
  // leave an ignored.false_friend signal.)
  { name: "false friend: pukul 3 sore", text: "besok kita kumpul pukul 3 sore di depan gerbang ya", priority: "rendah", category: "bukan_laporan", signal: "ignored.false_friend" },
  { name: "false friend: mati lampu", text: "mati lampu dari tadi, panas bgt", priority: "rendah", category: "bukan_laporan" },
  { name: "false friend: bunuh waktu", text: "lagi bunuh waktu nunggu jemputan", priority: "rendah", category: "bukan_laporan", signal: "ignored.false_friend" },
  { name: "false friend: mati gaya", text: "mati gaya nih gak ada kerjaan", priority: "rendah", category: "bukan_laporan" },
  { name: "false friend: ngakak sampe mati", text: "ngakak sampe mati liat meme itu wkwk", priority: "rendah", category: "bukan_laporan" },
  { name: "false friend beside a real harm", text: "pas mati lampu td aku diejek anak2 kelas", priority: "sedang", category: "perundungan_verbal" },

  // Spelling: repeated letters, digits for letters, slang.
  { name: "repeated letters", text: "tolonggg kak aku mau bunuh diriii", priority: "darurat", category: "menyakiti_diri" },
  { name: "repeated letters, adult hitting", text: "tolonggg bapak tiri aku mukulin akuuu sampe berdarahhh", priority: "tinggi", category: "kekerasan_fisik" },
  { name: "digits for letters", text: "t0l0ng 4ku d1pukul1n b4p4k", priority: "tinggi", category: "kekerasan_fisik" },
  { name: "slang gw/gak/udh/bgt, self-harm", text: "gw udh gak kuat bgt, pengen mati aja", priority: "darurat", category: "menyakiti_diri" },
  { name: "slang gw/udh/bgt, bullying", text: "gw dikatain gendut mulu sm temen sekelas, udh capek bgt", priority: "sedang", category: "perundungan_verbal" },

  // Affixes: one root, many forms, all physical.
  { name: "affix: dipukul", text: "aku dipukul kakak kelas", priority: "sedang", category: "perundungan_fisik" },
  { name: "affix: dipukulin", text: "aku dipukulin temen2 pas istirahat", priority: "sedang", category: "perundungan_fisik" },
  { name: "affix: mukul", text: "kakak kelas mukul aku di kantin", priority: "sedang", category: "perundungan_fisik" },
  { name: "affix: digebukin", text: "aku digebukin geng sekolah sebelah", priority: "sedang", category: "perundungan_fisik" },
  { name: "affix: ditonjok by an adult", text: "aku ditonjok ayah tadi malam", priority: "tinggi", category: "kekerasan_fisik" },
  { name: "affix: dijambak", text: "rambut aku dijambak kakak kelas", priority: "sedang", category: "perundungan_fisik" },

  // Code-mixed, online: siber.
  { name: "code-mixed: di-bully in the class chat", text: "aku di-bully di grup WA kelas", priority: "sedang", category: "perundungan_siber" },
  { name: "code-mixed: dibully by DM", text: "aku dibully lewat DM instagram sama anak kelas sebelah", priority: "sedang", category: "perundungan_siber" },
  { name: "code-mixed: cyberbully", text: "aku kena cyberbully sama temen2 sekelas", priority: "sedang", category: "perundungan_siber" },
  { name: "code-mixed: story IG", text: "temen sekelas bikin story IG ngejek muka aku", priority: "sedang", category: "perundungan_siber" },
  { name: "code-mixed: dishaming on TikTok", text: "aku dishaming di tiktok sama anak2 kelas", priority: "sedang", category: "perundungan_siber" },

  // Indirect suicide.
  { name: "indirect suicide: capek hidup", text: "capek hidup kak", priority: "darurat", category: "menyakiti_diri" },
  { name: "indirect suicide: pengen ilang aja", text: "pengen ilang aja dari dunia ini", priority: "darurat", category: "menyakiti_diri" },
  { name: "indirect suicide: mending aku gak ada", text: "mending aku gak ada, semua jadi lebih gampang", priority: "darurat", category: "menyakiti_diri" },

  // Euphemisms for sexual abuse.
  { name: "euphemism: dipegang-pegang", text: "aku dipegang-pegang sama om aku", priority: "darurat", category: "kekerasan_seksual" },
  { name: "euphemism: disuruh buka baju", text: "aku disuruh buka baju sama guru les", priority: "darurat", category: "kekerasan_seksual" },
  { name: "euphemism: diajak ke kamar", text: "aku diajak ke kamar sama pacar ibu aku, aku takut", priority: "darurat", category: "kekerasan_seksual" },

  // Danger now.
  { name: "weapon in a threat", text: "kakak kelas bawa pisau ngancem mau nusuk aku", priority: "darurat", category: "perundungan_fisik" },
  { name: "attack happening now", text: "ayah lagi ngamuk mukulin aku sekarang", priority: "darurat", category: "kekerasan_fisik" },
  { name: "cannot go home tonight", text: "aku diusir dari rumah, gak tau mau tidur dimana malam ini", priority: "darurat", category: "penelantaran" },
  { name: "unconscious", text: "adik aku pingsan gak bangun2 habis dipukul ayah", priority: "darurat", category: "kekerasan_fisik" },

  // Sexual abuse long ago.
  { name: "past sexual abuse", text: "waktu kelas 2 SD dulu aku pernah dilecehkan tetangga, dia udah lama pindah", priority: "tinggi", category: "kekerasan_seksual" },

  // Who did it: children → perundungan, adults → kekerasan.
  { name: "kicked by a classmate", text: "aku ditendang temen sekelas", priority: "sedang", category: "perundungan_fisik" },
  { name: "kicked by a stepmother", text: "aku ditendang ibu tiri aku", priority: "tinggi", category: "kekerasan_fisik" },
  { name: "insulted by a classmate", text: "aku dikatain bodoh sama temen sebangku", priority: "sedang", category: "perundungan_verbal" },
  { name: "insulted by a teacher", text: "aku dikatain bodoh sama guru di depan kelas", priority: "sedang", category: "kekerasan_psikis" },

  // Not reports.
  { name: "greeting", text: "halo kak", priority: "rendah", category: "bukan_laporan" },
  { name: "test message", text: "tes tes", priority: "rendah", category: "bukan_laporan" },
  { name: "spam", text: "PROMO pinjaman online cair cepat tanpa jaminan, klik link di bio", reporter: "lainnya", priority: "rendah", category: "bukan_laporan" },

  // The structured answers.
  { name: "danger 'ya' with a harmless text", text: "aku mau cerita", answers: { danger: "ya", category: "perundungan_fisik" }, priority: "darurat", category: "perundungan_fisik" },
  // A child said to be in danger is a report, whatever else the text says: not bukan_laporan.
  { name: "danger 'ya' with a greeting", text: "halo", answers: { danger: "ya" }, priority: "darurat", category: "lainnya" },
  { name: "a question with danger 'tidak'", text: "kalau temen aku dipukul harus lapor kemana?", answers: { danger: "tidak" }, priority: "rendah", category: "perundungan_fisik" },
];

describe("triage: the hard cases", () => {
  it.each(CASES)("$name", (c) => {
    const result = triage({ text: c.text, reporter: c.reporter ?? "anak", answers: c.answers });
    const seen = { priority: result.priority, category: result.category, signals: result.signals.map((s) => `${s.rule} «${s.phrase}»`) };
    expect({ priority: result.priority, category: result.category }, JSON.stringify(seen)).toEqual({ priority: c.priority, category: c.category });
    if (c.signal) {
      const prefix = c.signal;
      expect(result.signals.some((s) => s.rule.startsWith(prefix)), `no signal starting with ${prefix}: ${JSON.stringify(seen.signals)}`).toBe(true);
    }
    if (c.priority !== "darurat") expect(result.priority).not.toBe("darurat");
  });

  it.each(CASES)("explains $name in both languages", (c) => {
    const { explanation } = triage({ text: c.text, reporter: c.reporter ?? "anak", answers: c.answers });
    expect(explanation.id.trim()).not.toBe("");
    expect(explanation.en.trim()).not.toBe("");
    expect(explanation.id).not.toBe(explanation.en);
    expect(explanation.id).not.toContain("{{");
    expect(explanation.en).not.toContain("{{");
  });
});
