import type { Category, Priority, ReporterRole } from "../../db/schema/enums.ts";
import { detect, type ActorKind, type Hit } from "./detect.ts";
import { explain, type Explanation } from "./explain.ts";
import { findsHarm, type Harm, type Marker } from "./lexicon.ts";
import { tokenise, type Tokenised } from "./tokens.ts";

/*
 * Triage of one report: a priority, a category, and the signals that decided them, from the
 * reporter's words and (when the report came through the conversation) their answers.
 *
 * Missing an emergency is the worst failure, so every darurat rule fires on its own and nothing
 * lowers it but a clear reading that it is not about a child now: a denial ("gak dipukul"), a
 * false friend ("pukul 3 sore"), a supposition or question about someone else, or a harm that
 * is long over. A child's own death wish is never lowered by being phrased as a question.
 */

export const TRIAGE_RULES_VERSION = 1;

/** Stored on the ticket as it is; the table's column type is the one definition. */
export type { TriageSignal } from "../../db/schema/tickets.ts";
import type { TriageSignal } from "../../db/schema/tickets.ts";

export interface TriageAnswers {
  /** "Is the child in danger right now?" */
  danger?: "ya" | "tidak" | "tidak_tahu" | undefined;
  /** The category the reporter chose, when they chose one. */
  category?: Category | undefined;
  /** How often: past-and-over sexual abuse is tinggi, recent is darurat. */
  when?: "sekali" | "beberapa_kali" | "masih_terjadi" | "sudah_berhenti" | undefined;
}

export interface TriageInput {
  text: string;
  reporter?: ReporterRole | undefined;
  answers?: TriageAnswers | undefined;
}

export interface TriageResult {
  priority: Priority;
  category: Category;
  signals: TriageSignal[];
  explanation: Explanation;
}

const RANK: Record<Priority, number> = { darurat: 0, tinggi: 1, sedang: 2, rendah: 3 };

export function higherPriority(a: Priority, b: Priority): Priority {
  return RANK[a] <= RANK[b] ? a : b;
}

/** When several harms are told, the category is the first of these (LABELS.md). */
const CATEGORY_ORDER: readonly Category[] = [
  "menyakiti_diri",
  "kekerasan_seksual",
  "eksploitasi",
  "kekerasan_fisik",
  "abh",
  "napza",
  "penelantaran",
  "perundungan_fisik",
  "perundungan_siber",
  "kekerasan_psikis",
  "perundungan_verbal",
  "perundungan_sosial",
  "lainnya",
  "bukan_laporan",
];

/** Findings that say how bad it is rather than what was done. */
const STATES: ReadonlySet<Harm> = new Set(["unsafe_home", "severe_injury", "injury", "missing", "captive", "violence", "attack_now", "bully"]);
/** Harms that only ever count as bullying-level: a one-off said to be over is rendah. */
const MINOR: ReadonlySet<Harm> = new Set(["verbal", "threat", "social", "bully", "conflict", "cyber", "extortion", "physical"]);
/** Words that tie a harm to now or to real life rather than to a question. */
const ANCHORS = ["tadi", "semalam", "barusan", "kemarin", "besok", "sering", "setiap", "saben", "selalu", "masih", "lagi", "sekarang", "sedang", "mulu", "suka"];
/** Words of a talk, a lesson or homework: harms named there are topics, not events. */
const TOPIC_WORDS = ["sosialisasi", "pencegahan", "penyuluhan", "seminar", "webinar", "edukasi", "materi", "narasumber", "poster", "makalah"];
/** Happening again and again: not a one-off that is over. */
const FREQUENT = ["sering", "setiap", "saben", "selalu", "mulu", "terus-menerus"];
/** Chat questions end in "gak?" / "ga sih kak": "bisa ditangkep gak kak". */
const TAIL_FILLERS = ["kak", "sih", "ya", "dong", "min", "bu", "pak", "mas", "mbak", "kah", "nih", "tuh"];
const QUESTION_WORDS = ["bagaimana", "kemana", "apakah", "ngapain", "gimana"];
const RECENT = ["tadi", "semalam", "barusan", "kemarin", "besok", "nanti", "sekarang"];
const MEMORY = ["mimpi", "kepikiran", "inget", "ingat", "trauma", "takut", "mimpi", "malu", "keinget", "kebayang", "sedih", "ngaruh"];

interface Finding {
  harm: Harm;
  hit: Hit;
  priority: Priority;
  category: Category;
}

export function triage(input: TriageInput): TriageResult {
  const tokenised = tokenise(input.text);
  const hits = detect(tokenised);
  const markers = new Set<Marker>(hits.filter((h) => !isHarm(h) && !h.negated).map((h) => h.finds as Marker));
  const counted = hits.filter((h) => isHarm(h) && !h.negated && !h.falseFriend);
  const context = contextActor(tokenised, hits, input.reporter);

  const signals: TriageSignal[] = [];
  for (const hit of hits) {
    if (!isHarm(hit)) continue;
    if (hit.falseFriend) signals.push({ rule: `ignored.false_friend.${hit.rule.id}`, phrase: hit.phrase, weight: 0 });
    else if (hit.negated) signals.push({ rule: `ignored.negated.${hit.rule.id}`, phrase: hit.phrase, weight: 0 });
  }

  // A question or a supposition about someone else, with nothing tying it to a real event.
  const selfHarmOwn = counted.some((h) => h.finds === "self_harm" && !h.reported && isOwn(tokenised, h));
  const questionSentences = new Set(
    tokenised.sentences
      .filter(
        (s) =>
          s.questionMark ||
          hits.some((h) => h.finds === "asking" && !h.negated && h.sentence === s.index) ||
          sentenceHas(tokenised, s.index, QUESTION_WORDS) ||
          endsWithNegator(tokenised, s.index),
      )
      .map((s) => s.index),
  );
  const asked = (h: Hit) => {
    if (sentenceHas(tokenised, h.sentence, TOPIC_WORDS) && !near(tokenised, h, 4, ANCHORS)) return true;
    if (!questionSentences.has(h.sentence)) return false;
    const firstPerson = victimIsSpeaker(tokenised, h);
    // "klo ayah tiri suka tidur di kasur aku trs …, itu normal ga?": the child's own life, told as a question.
    const anchored = h.hypothetical && firstPerson ? sentenceHas(tokenised, h.sentence, ANCHORS) : near(tokenised, h, 4, ANCHORS);
    // "kalau temen aku dipukul, lapor kemana?" is supposed; "kalo aku pulang pasti dipukulin lagi" is feared and real.
    // A fact followed by "aku harus gimana?" asks for help; only a question about rules ("apa itu", "termasuk gak") is not a report.
    const inquiry = hits.some((m) => m.finds === "asking" && !m.negated && m.sentence === h.sentence);
    return h.hypothetical ? !(firstPerson && anchored) : inquiry && !anchored && !firstPerson;
  };
  const question = !selfHarmOwn && counted.length > 0 && counted.every(asked);

  const findings = counted.map((hit) => judge(hit, tokenised, markers, hits, context));
  let priority: Priority = "rendah";
  let category: Category = "lainnya";
  for (const finding of findings) priority = higherPriority(priority, finding.priority);
  // What happened names the category; states (hurt, missing, nowhere to sleep) only when nothing else does.
  const acts = findings.filter((f) => !STATES.has(f.harm));
  category = pickCategory((acts.length > 0 ? acts : findings).map((f) => f.category)) ?? category;

  if (findings.length === 0) {
    ({ priority, category } = noHarm(tokenised, markers, hits));
  } else if (question) {
    priority = "rendah";
    signals.push({ rule: "lowered.question", phrase: phraseOf(hits, ["asking", "hypothetical"]) ?? "?", weight: 0 });
  } else if (
    markers.has("resolved") &&
    !hasAny(tokenised, FREQUENT) &&
    findings.every((f) => MINOR.has(f.harm) && f.priority !== "tinggi" && f.priority !== "darurat")
  ) {
    priority = "rendah";
    signals.push({ rule: "lowered.resolved", phrase: phraseOf(hits, ["resolved"]) ?? "", weight: 0 });
  }

  for (const finding of findings.sort((a, b) => RANK[a.priority] - RANK[b.priority] || b.hit.rule.weight - a.hit.rule.weight)) {
    signals.push({ rule: `${finding.priority}.${finding.hit.rule.id}`, phrase: finding.hit.phrase, weight: finding.hit.rule.weight });
  }

  ({ priority, category } = withAnswers(input.answers, priority, category, findings.length > 0, question, signals));
  const unique = dedupeSignals(signals);
  return { priority, category, signals: unique, explanation: explain(priority, category, unique) };
}

function isHarm(hit: Hit): boolean {
  return findsHarm(hit.finds);
}

function judge(hit: Hit, t: Tokenised, markers: ReadonlySet<Marker>, hits: readonly Hit[], context: ActorKind): Finding {
  const harm = hit.finds as Harm;
  const actor = hit.actor === "unknown" ? context : hit.actor;
  const adult = actor === "adult";
  const medium = hits.some((h) => h.finds === "medium" && h.sentence === hit.sentence) || markers.has("medium") && harm === "bully";
  const injured = hits.some((h) => (h.finds === "injury" || h.finds === "severe_injury") && !h.negated && !h.falseFriend);
  const counted = (finds: Harm) => hits.some((h) => h.finds === finds && !h.negated && !h.falseFriend);
  // Online, bullying is siber unless an adult was named as the one doing it.
  const bullying = (fallback: Category): Category =>
    hit.actor === "adult" || (adult && !medium) ? "kekerasan_psikis" : medium ? "perundungan_siber" : fallback;
  const make = (priority: Priority, category: Category): Finding => ({ harm, hit, priority, category });

  switch (harm) {
    case "self_harm": {
      if (hit.reported) return make("sedang", bullying("perundungan_verbal"));
      // "minum obat batuk banyak biar fly": getting high, not an overdose meant to die.
      if (hit.rule.id === "self_harm.overdose" && counted("napza")) return make("tinggi", "napza");
      // "udah gak kuat lagi" is the wish itself, not its end: a marker inside a self-harm phrase does not count.
      const stopped = hits.some((h) => h.finds === "stopped" && !hits.some((o) => o.finds === "self_harm" && o.first <= h.last && o.last >= h.first));
      const over = stopped || (markers.has("past") && !hasAny(t, RECENT));
      return make(over ? "tinggi" : "darurat", "menyakiti_diri");
    }
    case "sexual": {
      const over = (markers.has("past") || markers.has("stopped")) && !ongoingAbuse(t);
      return make(over ? "tinggi" : "darurat", "kekerasan_seksual");
    }
    case "sexual_exploitation":
    case "child_sold":
      return make("darurat", "eksploitasi");
    case "weapon": {
      const used = ["physical", "threat", "threat_kill", "attack_now", "extortion"].some((h) => counted(h as Harm));
      if (!used && counted("abh")) return make("tinggi", "abh");
      return make("darurat", adult ? "kekerasan_fisik" : "perundungan_fisik");
    }
    case "attack_now":
      return make("darurat", adult ? "kekerasan_fisik" : "perundungan_fisik");
    case "threat_kill": {
      const armed = counted("weapon");
      // "dihabisin" from another child is the bully's threat of a beating; from an adult, or armed, it is danger.
      if (hit.rule.id === "threat.finish" && !adult && !armed) return make("sedang", bullying("perundungan_verbal"));
      return make("darurat", armed ? (adult ? "kekerasan_fisik" : "perundungan_fisik") : bullying("perundungan_verbal"));
    }
    case "unsafe_home":
      // "diancam … tidak boleh pulang": threatened, not shut out tonight.
      if (hits.some((h) => h.finds === "threat" && h.sentence === hit.sentence && h.first < hit.first)) return make("sedang", bullying("perundungan_verbal"));
      return make("darurat", "penelantaran");
    case "captive":
      return counted("exploitation") || counted("child_sold") || counted("sexual") ? make("darurat", "eksploitasi") : make("rendah", "lainnya");
    case "missing":
      // Held by the police is why an ABH child is not home: known whereabouts, not missing.
      // …unless nobody knows where they are held.
      return counted("abh") && !/mana/i.test(hit.phrase) ? make("tinggi", "abh") : make("darurat", "lainnya");
    case "severe_injury":
      return make("darurat", adult ? "kekerasan_fisik" : "perundungan_fisik");
    case "injury":
      return make("tinggi", adult ? "kekerasan_fisik" : "perundungan_fisik");
    case "physical":
      if (adult) return make("tinggi", "kekerasan_fisik");
      return make(injured ? "tinggi" : "sedang", "perundungan_fisik");
    case "extortion":
      return make(injured ? "tinggi" : "sedang", adult ? "kekerasan_fisik" : "perundungan_fisik");
    case "verbal":
    case "threat":
    case "conflict":
      return make("sedang", bullying("perundungan_verbal"));
    case "social":
      return make("sedang", adult ? "kekerasan_psikis" : medium ? "perundungan_siber" : "perundungan_sosial");
    case "bully":
      return make("sedang", bullying("perundungan_verbal"));
    case "cyber":
      return make("sedang", adult ? "kekerasan_psikis" : "perundungan_siber");
    case "neglect_acute":
      // Locked in a shed by other children is bullying, not neglect.
      return hit.actor === "child" && /kunci|kurung/.test(hit.phrase.toLowerCase()) ? make("sedang", "perundungan_fisik") : make("tinggi", "penelantaran");
    case "neglect":
      return make("sedang", "penelantaran");
    case "exploitation":
      return make("tinggi", "eksploitasi");
    case "abh":
      return make("tinggi", "abh");
    case "napza":
      return make("tinggi", "napza");
    case "discrimination":
      return make("sedang", "lainnya");
    case "violence":
      return make(adult ? "tinggi" : "sedang", adult ? "kekerasan_fisik" : "perundungan_fisik");
    case "psych":
      return make("sedang", "kekerasan_psikis");
  }
}

/** Nothing harmful was said: spam and greetings are not reports, questions about the service are lainnya. */
function noHarm(t: Tokenised, markers: ReadonlySet<Marker>, hits: readonly Hit[]): { priority: Priority; category: Category } {
  const deniedOnly = hits.some((h) => isHarm(h) && (h.negated || h.falseFriend));
  if (markers.has("spam")) return { priority: "rendah", category: "bukan_laporan" };
  if (markers.has("service") || (markers.has("asking") && !markers.has("chatter"))) return { priority: "rendah", category: "lainnya" };
  if (markers.has("greeting") || markers.has("chatter") || deniedOnly) return { priority: "rendah", category: "bukan_laporan" };
  if (markers.has("distress")) return { priority: "sedang", category: "lainnya" };
  // A few words that say nothing ("woiii", "asdfghjkl"); longer text nobody could read is for a person to read.
  return t.tokens.length <= 4 ? { priority: "rendah", category: "bukan_laporan" } : { priority: "sedang", category: "lainnya" };
}

/** The structured answers: "Ya" to danger is darurat whatever the text says; the text may only raise otherwise. */
function withAnswers(
  answers: TriageAnswers | undefined,
  priority: Priority,
  category: Category,
  textFoundHarm: boolean,
  question: boolean,
  signals: TriageSignal[],
): { priority: Priority; category: Category } {
  if (!answers) return { priority, category };
  let fromAnswers: Priority = "rendah";
  if (answers.danger === "ya") {
    fromAnswers = "darurat";
    signals.unshift({ rule: "darurat.answer.danger_now", phrase: "ya", weight: 100 });
  } else if (answers.danger === "tidak_tahu") {
    fromAnswers = "tinggi";
    signals.push({ rule: "tinggi.answer.danger_unsure", phrase: "tidak_tahu", weight: 50 });
  }
  if (answers.category === "kekerasan_seksual") {
    const over = answers.when === "sudah_berhenti" || answers.when === "beberapa_kali";
    fromAnswers = higherPriority(fromAnswers, over ? "tinggi" : "darurat");
    signals.push({ rule: over ? "tinggi.answer.sexual" : "darurat.answer.sexual_recent", phrase: answers.when ?? "seksual", weight: 90 });
  } else if (answers.category === "eksploitasi") {
    fromAnswers = higherPriority(fromAnswers, "tinggi");
    signals.push({ rule: "tinggi.answer.exploitation", phrase: "eksploitasi", weight: 60 });
  } else if (answers.category && answers.category !== "lainnya") {
    fromAnswers = higherPriority(fromAnswers, "sedang");
  }
  // The reporter's own choice of harm is a report, unless their words show it was only a question.
  const combined = question && answers.danger !== "ya" ? higherPriority(priority, answers.danger === "tidak_tahu" ? "tinggi" : "rendah") : higherPriority(priority, fromAnswers);
  const fromText = textFoundHarm ? category : (answers.category ?? category);
  // A child in danger is a report whatever their words were ("halo" then "Ya").
  const chosen = combined === "darurat" && fromText === "bukan_laporan" ? "lainnya" : fromText;
  return { priority: combined, category: chosen };
}

function pickCategory(categories: readonly Category[]): Category | undefined {
  return CATEGORY_ORDER.find((c) => categories.includes(c));
}

/** Who did it when the sentence does not say: school points to children, home to adults. */
function contextActor(t: Tokenised, hits: readonly Hit[], reporter: ReporterRole | undefined): ActorKind {
  if (hasAny(t, ["sekolah", "kelas", "istirahat", "kantin", "upacara", "ekskul", "mpls", "gerbang", "sekula"])) return "child";
  if (t.tokens.some((token) => !token.word.startsWith("se") && (token.forms.has("rumah") || token.forms.has("kamar")))) return "adult";
  // An adult writing about adults ("tetangga saya … anak kecil menangis") names the adult somewhere.
  if (reporter !== undefined && reporter !== "anak" && hasAdultOnly(hits)) return "adult";
  return "child";
}

function hasAdultOnly(hits: readonly Hit[]): boolean {
  const kinds = new Set(hits.filter((h) => h.actor !== "unknown").map((h) => h.actor));
  return kinds.has("adult") && !kinds.has("child");
}

function endsWithNegator(t: Tokenised, sentence: number): boolean {
  const words = t.tokens.filter((token) => token.sentence === sentence);
  let i = words.length - 1;
  while (i >= 0 && TAIL_FILLERS.some((w) => words[i]!.forms.has(w))) i--;
  return i >= 0 && ["tidak"].some((w) => words[i]!.forms.has(w));
}

function hasAny(t: Tokenised, words: readonly string[]): boolean {
  return t.tokens.some((token) => words.some((w) => token.forms.has(w)));
}

/** "aku dipukul", "mukul aku": the one writing is the one it happened to ("jaga toko saya" is not). */
function victimIsSpeaker(t: Tokenised, hit: Hit): boolean {
  const speaker = (i: number) => {
    const token = t.tokens[i];
    return token !== undefined && token.sentence === hit.sentence && (token.forms.has("aku") || token.forms.has("saya"));
  };
  for (let i = hit.first - 3; i < hit.first; i++) if (speaker(i)) return true;
  return speaker(hit.last + 1) && /^(me|m|n|ng|ny|nge)[a-z]/.test(t.tokens[hit.first]!.word);
}

/** A word within `reach` tokens of the hit, in its sentence. */
function near(t: Tokenised, hit: Hit, reach: number, words: readonly string[]): boolean {
  for (let i = Math.max(0, hit.first - reach); i <= Math.min(t.tokens.length - 1, hit.last + reach); i++) {
    const token = t.tokens[i]!;
    if (token.sentence === hit.sentence && words.some((w) => token.forms.has(w))) return true;
  }
  return false;
}

function sentenceHas(t: Tokenised, sentence: number, words: readonly string[]): boolean {
  return t.tokens.some((token) => token.sentence === sentence && words.some((w) => token.forms.has(w)));
}

/** Abuse still going on or its perpetrator still near: "masih", "sering", "serumah", a recent day. */
function ongoingAbuse(t: Tokenised): boolean {
  return t.tokens.some((token, i) => {
    if (RECENT.some((w) => token.forms.has(w)) && !token.forms.has("sekarang")) return true;
    if (token.forms.has("serumah")) return true;
    if (token.forms.has("masih")) {
      const next = t.tokens.slice(i + 1, i + 4);
      return !next.some((n) => MEMORY.some((m) => n.forms.has(m)));
    }
    return false;
  });
}

/** The child speaking about themselves ("kalo aku mati"), not about people in general. */
function isOwn(t: Tokenised, hit: Hit): boolean {
  const sentence = t.tokens.filter((token) => token.sentence === hit.sentence);
  const others = ["orang", "teman", "dia", "mereka", "siswa", "murid", "anak"];
  const firstPerson = sentence.some((token) => token.forms.has("aku") || token.forms.has("saya"));
  // "nanya buat aku sendiri": a question about someone in general that is about the child.
  if (t.tokens.some((token, i) => token.forms.has("buat") && t.tokens[i + 1]?.forms.has("aku") && t.tokens[i + 2]?.forms.has("sendiri"))) return true;
  const before = t.tokens.slice(Math.max(0, hit.first - 4), hit.first);
  return firstPerson && !before.some((token) => others.some((o) => token.forms.has(o)));
}

function phraseOf(hits: readonly Hit[], finds: readonly Marker[]): string | undefined {
  return hits.find((h) => (finds as readonly string[]).includes(h.finds))?.phrase;
}

function dedupeSignals(signals: readonly TriageSignal[]): TriageSignal[] {
  const seen = new Set<string>();
  return signals.filter((s) => {
    const key = `${s.rule}\u0000${s.phrase}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
