import {
  CLASSES,
  FALSE_FRIEND_BEFORE,
  FALSE_FRIEND_NEXT,
  findsHarm,
  NOT_A_PERSON,
  RULES,
  SUPPOSING,
  type Harm,
  type Marker,
  type Rule,
} from "./lexicon.ts";
import { compilePattern, PatternIndex, type Pattern } from "./patterns.ts";
import type { Token, Tokenised } from "./tokens.ts";

/*
 * Finds every rule's phrases in a tokenised message and says, for each, what reading of the
 * sentence applies: denied ("gak dipukul"), a false friend ("pukul 3 sore"), supposed ("kalau
 * temen aku dipukul"), somebody else's words ("dia bilang mending aku mati aja"), and who did it.
 */

export type ActorKind = "child" | "adult" | "unknown";

export interface Hit {
  rule: Rule;
  finds: Harm | Marker;
  first: number;
  last: number;
  phrase: string;
  sentence: number;
  negated: boolean;
  falseFriend: boolean;
  hypothetical: boolean;
  /** Another person's words about the reporter ("katanya mending aku mati aja"): an insult, not intent. */
  reported: boolean;
  actor: ActorKind;
}

interface Compiled {
  rule: Rule;
  pattern: Pattern;
}


const ruleIndex = new PatternIndex<Compiled>(
  RULES.flatMap((rule) => rule.patterns.map((source) => ({ rule, pattern: compilePattern(source, CLASSES) }))),
);
const falseFriendsNext = new PatternIndex(compileFalseFriends(FALSE_FRIEND_NEXT, (key, other) => `${key} ${other}`));
const falseFriendsBefore = new PatternIndex(compileFalseFriends(FALSE_FRIEND_BEFORE, (key, other) => `${other} ~~ ${key}`));
const actorIndex = new PatternIndex([
  { kind: "child" as const, pattern: compilePattern("@actor_child", CLASSES) },
  { kind: "adult" as const, pattern: compilePattern("@actor_adult", CLASSES) },
]);

function compileFalseFriends(
  table: ReadonlyMap<string, readonly string[]>,
  shape: (key: string, other: string) => string,
): { key: string; pattern: Pattern }[] {
  return [...table].map(([key, others]) => ({ key, pattern: compilePattern(shape(key, others.join("|")), CLASSES) }));
}

const NEGATORS = ["tidak", "bukan", "belum", "tanpa"];
const NEGATION_REACH = 3;
const HYPOTHETICAL_REACH = 14;
const ACTOR_REACH = 8;
const PERSON_WORDS = ["ayah", "ibu", "tante", "om", "paman", "teman", "kakak", "adik", "guru", "pacar", "nenek", "kakek", "orangtua", "tetangga", "bibi", "mama", "papa", "sepupu"];
const REPORTING_VERBS = ["bilang", "kata", "katanya", "suruh", "nyuruh", "disuruh", "ngatain", "dikatain", "dm", "komen", "teriak", "bentak", "maki", "ngomong"];

export function detect(input: Tokenised): Hit[] {
  const { tokens } = input;
  const falseFriendAt = falseFriendIndexes(tokens);
  const actors = actorSpans(tokens);
  const hits: Hit[] = [];
  const seen = new Set<string>();
  for (const { entry: compiled, match } of ruleIndex.matches(tokens)) {
    const key = `${compiled.rule.id}:${match.first}:${match.last}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const first = tokens[match.first]!;
    const isHarm = findsHarm(compiled.rule.finds);
    hits.push({
      rule: compiled.rule,
      finds: compiled.rule.finds,
      first: match.first,
      last: match.last,
      phrase: input.text.slice(first.start, tokens[match.last]!.end),
      sentence: first.sentence,
      // A denied question word ("gak boleh keluar") is not a question either.
      negated: (isHarm || compiled.rule.finds === "asking") && isNegated(tokens, match.first),
      falseFriend: isHarm && coversFalseFriend(falseFriendAt, { first: match.first, last: match.last, finds: compiled.rule.finds }, tokens),
      hypothetical: isHarm && isSupposed(tokens, match.first),
      reported: compiled.rule.finds === "self_harm" && isReportedSpeech(tokens, match.first, match.last),
      actor: isHarm ? actorOf(tokens, actors, match.first, match.last) : "unknown",
    });
  }
  return dropCovered(hits);
}

/**
 * Of two hits of one rule where one lies inside the other, keep the longer: one phrase, one
 * signal. A threat inside a self-harm phrase ("bunuh" in "bunuh diri") is the self-harm.
 */
function dropCovered(hits: Hit[]): Hit[] {
  return hits.filter(
    (hit) =>
      !hits.some(
        (other) =>
          other !== hit &&
          (other.rule === hit.rule || (other.finds === "self_harm" && hit.finds === "threat_kill")) &&
          other.first <= hit.first &&
          other.last >= hit.last &&
          (other.first < hit.first || other.last > hit.last),
      ),
  );
}

function has(token: Token | undefined, words: readonly string[]): boolean {
  return token !== undefined && words.some((word) => token.forms.has(word));
}

function isNegated(tokens: readonly Token[], first: number): boolean {
  const head = tokens[first]!;
  if (has(head, NEGATORS)) return false;
  for (let i = first - 1; i >= Math.max(0, first - NEGATION_REACH); i--) {
    const token = tokens[i]!;
    if (token.clause !== head.clause) return false;
    // "kalo gak mau vcs …": a condition someone sets, not a denial.
    // "boleh tidak ditinggal?" asks; it does not deny.
    if (has(token, NEGATORS)) return !tokens.slice(Math.max(0, i - 2), i).some((t) => has(t, SUPPOSING)) && !has(tokens[i - 1], ["boleh", "bisa", "atau"]);
  }
  return false;
}

function isSupposed(tokens: readonly Token[], first: number): boolean {
  const head = tokens[first]!;
  for (let i = first - 1; i >= Math.max(0, first - HYPOTHETICAL_REACH); i--) {
    const token = tokens[i]!;
    if (token.sentence !== head.sentence) return false;
    if (has(token, SUPPOSING)) return true;
  }
  return false;
}

function isReportedSpeech(tokens: readonly Token[], first: number, last: number): boolean {
  const head = tokens[first]!;
  const after = tokens.slice(last + 1, last + 3).filter((t) => t.sentence === head.sentence);
  if (after.some((t) => t.word === "katanya" || t.forms.has("katanya"))) return true;
  for (let i = first - 1; i >= Math.max(0, first - 6); i--) {
    const token = tokens[i]!;
    if (token.sentence !== head.sentence) return false;
    if (has(token, REPORTING_VERBS) || token.word === "katanya") {
      // "kata om aku '…'": the speaker follows "kata".
      if (token.word === "kata" && has(tokens[i + 1], [...PERSON_WORDS, "dia", "mereka"])) return true;
      if (isOwnSpeech(tokens, i)) return false;
      // "dia bilang mau loncat" is the friend's own intent; "bilang mending aku mati" is aimed at the child.
      const between = tokens.slice(i + 1, last + 1);
      return between.some((t) => t.forms.has("aku") || t.forms.has("kamu"));
    }
  }
  return false;
}

const MODALS = ["mau", "cuma", "harus", "sudah", "pernah", "sempat", "juga", "cuman", "sekarang"];

/** "cuma mau bilang aku mau nyilet": the child speaking; "tante aku bilang": someone else. */
function isOwnSpeech(tokens: readonly Token[], verb: number): boolean {
  let i = verb - 1;
  while (i >= 0 && has(tokens[i], MODALS)) i--;
  const subject = tokens[i];
  // No subject at all: the one writing is the one saying it.
  if (!subject || subject.sentence !== tokens[verb]!.sentence || !has(subject, [...PERSON_WORDS, "aku", "saya", "dia", "mereka", "kamu"])) return true;
  if (!has(subject, ["aku", "saya"])) return false;
  const owner = tokens[i - 1];
  return !owner || !has(owner, PERSON_WORDS);
}

function falseFriendIndexes(tokens: readonly Token[]): Set<number> {
  const out = new Set<number>();
  for (const { match } of falseFriendsNext.matches(tokens)) out.add(match.first);
  for (const { entry, match } of falseFriendsBefore.matches(tokens)) if (tokens[match.last]!.forms.has(entry.key)) out.add(match.last);
  // "pukul 3", "jam 7": the time of day.
  tokens.forEach((token, i) => {
    if (token.forms.has("pukul") && tokens[i + 1]?.numeric) out.add(i);
  });
  return out;
}

const ACTS_BY_SOMEONE: ReadonlySet<string> = new Set(["physical", "bully", "verbal"]);

function coversFalseFriend(at: ReadonlySet<number>, hit: { first: number; last: number; finds: string }, tokens: readonly Token[]): boolean {
  for (let i = hit.first; i <= hit.last; i++) if (at.has(i)) return true;
  if (!ACTS_BY_SOMEONE.has(hit.finds)) return false;
  // "dibully sama soal matematika": the one doing it is not a person.
  const next = tokens[hit.last + 1]?.forms.has("sama") || tokens[hit.last + 1]?.forms.has("oleh") ? tokens[hit.last + 2] : tokens[hit.last + 1];
  return next !== undefined && [...next.forms].some((form) => NOT_A_PERSON.has(form));
}

const ACTOR_WORDS_ENDING_IN_AN = new Set(["teman", "kawan", "tulang", "juragan", "preman", "mantan", "angkatan", "bulan"]);

interface ActorSpan {
  kind: "child" | "adult";
  first: number;
  last: number;
}

function actorSpans(tokens: readonly Token[]): ActorSpan[] {
  const spans: ActorSpan[] = actorIndex
    .matches(tokens)
    // "pacaran" is dating, not a boyfriend; an actor word with "-an" added is another word.
    .filter(({ match }) => !(match.first === match.last && /an$/.test(tokens[match.first]!.word) && !ACTOR_WORDS_ENDING_IN_AN.has(tokens[match.first]!.word)))
    .map(({ entry, match }) => ({ kind: entry.kind, first: match.first, last: match.last }));
  // Where a child and an adult word overlap ("pacar mama", "kakak tiri"), the longer or the adult reading wins.
  return spans.filter(
    (span) =>
      !spans.some(
        (other) =>
          other !== span &&
          other.first <= span.last &&
          other.last >= span.first &&
          (other.last - other.first > span.last - span.first || (other.last - other.first === span.last - span.first && other.kind === "adult" && span.kind === "child")),
      ),
  );
}

const REASON_WORDS = ["karena", "sejak", "soalnya", "sebab", "mergo", "gara"];
/** Where the clause that could name the doer of a passive verb ends. */
const FORWARD_STOPS = ["tapi", "cuma", "kok", "padahal", "lalu", "kalau", "bilang", "kata"];

/**
 * Who did it: the nearest person word on the doer's side of the verb. After a passive verb
 * ("dipukul ayah") the doer follows, in the same clause; before an active one ("ayah mukul") it
 * comes first, and Indonesian drops a repeated subject, so it may be a clause or two back — but
 * never across "karena" ("diolok-olok krn bapak gw tukang parkir" names the father, not the bully).
 * "dia" takes the kind of the last person named before it.
 */
function actorOf(tokens: readonly Token[], spans: readonly ActorSpan[], first: number, last: number): ActorKind {
  const voice = voiceOf(tokens[first]!.word);
  const sentence = tokens[first]!.sentence;
  const inside = spans.find((span) => span.first >= first && span.last <= last);
  if (inside) return inside.kind;
  // "yang mukul anak itu ortunya": after "yang" the doer is named later.
  const relative = has(tokens[first - 1], ["yang"]);
  if (voice === "passive" || relative) {
    for (let i = last + 1; i <= Math.min(tokens.length - 1, last + ACTOR_REACH); i++) {
      const token = tokens[i]!;
      if (token.sentence !== sentence || has(token, [...REASON_WORDS, ...FORWARD_STOPS])) break;
      const span = spans.find((s) => s.first === i);
      if (span) return span.kind;
      if (token.forms.has("dia") || token.forms.has("mereka")) return pronounKind(tokens, spans, i);
    }
    if (voice === "passive") return "unknown";
  }
  for (let i = first - 1; i >= Math.max(0, first - ACTOR_REACH); i--) {
    const token = tokens[i]!;
    if (token.sentence !== sentence || has(token, REASON_WORDS)) break;
    const span = spans.find((s) => s.last === i);
    if (span) return span.kind;
    if (token.forms.has("dia")) return pronounKind(tokens, spans, i);
  }
  // A bare root ("pukul", "compares") names its doer first, but chat often puts it after.
  if (voice === "neutral") {
    for (let i = last + 1; i <= Math.min(tokens.length - 1, last + 3); i++) {
      const span = spans.find((s) => s.first === i && tokens[i]!.sentence === sentence);
      if (span) return span.kind;
    }
  }
  return "unknown";
}

function pronounKind(tokens: readonly Token[], spans: readonly ActorSpan[], at: number): ActorKind {
  if (tokens[at]!.forms.has("mereka")) return "child";
  const before = spans.filter((s) => s.last < at).sort((a, b) => b.last - a.last)[0];
  return before?.kind ?? "unknown";
}

function voiceOf(word: string): "passive" | "active" | "neutral" {
  if (/^(di|ke|ter)/.test(word)) return "passive";
  if (/^(me|m|n|ng|ny|nge)[a-z]/.test(word)) return "active";
  return "neutral";
}
