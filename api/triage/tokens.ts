import { rootCandidates } from "./morphology.ts";
import { SLANG } from "./slang.ts";

/*
 * A message as the rules see it: words in chat Indonesian brought to one spelling, each with
 * every form it may stand for (its slang meaning, its roots, "pegang2" for "dipegang-pegang"),
 * and where it sits (sentence, clause) so negation and hypotheticals stay in their scope.
 */

export interface Token {
  /** The word normalised: lower case, digits read as letters, letters not repeated 3+ times. */
  word: string;
  /** Everything the word can match in a rule: itself, its slang meaning, its roots, "<root>2" when doubled. */
  forms: ReadonlySet<string>;
  /** Offsets into the original text, so a signal quotes what the reporter wrote. */
  start: number;
  end: number;
  sentence: number;
  clause: number;
  /** A number ("3", "12"), for telling "pukul 3" (the time) from a blow. */
  numeric: boolean;
}

export interface Sentence {
  index: number;
  /** Ends with "?" or reads as a question. */
  questionMark: boolean;
}

export interface Tokenised {
  text: string;
  tokens: Token[];
  sentences: Sentence[];
}

const WORD = /[\p{L}\p{N}]+(?:['\-‐][\p{L}\p{N}]+)*/gu;
const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "6": "g", "7": "t", "8": "b", "9": "g" };
/** "12thn", "3x", "2rb": numbers with a unit, not letters written as digits. */
const NUMBER_WITH_UNIT = /^\d+-?(?:th|thn|tahun|x|kali|an|k|rb|ribu|jt|juta|jam|mnt|menit|hari|hr|km|m|cm|kg|sd|smp|sma|smk|am|pm|an)?$/;
const PREFIXES_WRITTEN_APART = new Set(["di", "ke", "ter", "nge", "be", "se", "me", "cyber", "self", "body"]);
/** Clause breaks inside a sentence: negation and hypotheticals do not reach past them. */
const CLAUSE_WORDS = new Set(["tapi", "cuma", "kok", "melainkan", "padahal", "terus", "lalu", "trus", "habis", "abis", "pas", "karena", "dan", "sama"]);

export function tokenise(text: string): Tokenised {
  const lower = text.normalize("NFKC").toLowerCase();
  const tokens: Token[] = [];
  const sentences: Sentence[] = [{ index: 0, questionMark: false }];
  let sentence = 0;
  let clause = 0;
  let last = 0;
  for (const match of lower.matchAll(WORD)) {
    const start = match.index;
    const gap = lower.slice(last, start);
    if (tokens.length > 0) {
      if (/[.!?\n]/.test(gap)) {
        if (gap.includes("?")) sentences[sentence]!.questionMark = true;
        sentence++;
        clause++;
        sentences.push({ index: sentence, questionMark: false });
      } else if (/[,;:()]/.test(gap)) clause++;
    }
    last = start + match[0].length;
    for (const piece of readWord(match[0])) {
      if (CLAUSE_WORDS.has(piece.word) || (piece.forms.has("tapi") || piece.forms.has("cuma"))) clause++;
      tokens.push({ word: piece.word, forms: piece.forms, numeric: piece.numeric, start, end: last, sentence, clause });
    }
  }
  if (lower.slice(last).includes("?")) sentences[sentence]!.questionMark = true;
  return { text, tokens, sentences };
}

type Piece = Pick<Token, "word" | "forms" | "numeric">;

const wordCache = new Map<string, readonly Piece[]>();

/** Words repeat from message to message; reading one is a dozen regular expressions, so it is done once. */
function readWord(raw: string): readonly Piece[] {
  const cached = wordCache.get(raw);
  if (cached) return cached;
  const pieces = readWordUncached(raw);
  // Bounded like the forms cache: the vocabulary of a hotline is small, a flood of junk words is not.
  if (wordCache.size > 50_000) wordCache.clear();
  wordCache.set(raw, pieces);
  return pieces;
}

function readWordUncached(raw: string): Piece[] {
  if (NUMBER_WITH_UNIT.test(raw)) return [{ word: raw, forms: new Set([raw]), numeric: true }];
  let doubled = false;
  let word = raw.replace(/['‐]/g, (c) => (c === "‐" ? "-" : ""));
  // "dipegang2", "temen2": the 2 doubles the word.
  if (/\p{L}2$/u.test(word) && !/\d/.test(word.slice(0, -1))) {
    word = word.slice(0, -1);
    doubled = true;
  } else if (/^\p{L}+2\p{L}+$/u.test(word)) {
    // "dikata2in", "gr2": the 2 doubles the part before it.
    word = word.replace("2", "");
    doubled = true;
  }
  // "t0l0ng", "4ku": digits read as letters, but only inside a word that has letters of its own.
  if (/\d/.test(word) && (word.match(/\p{L}/gu)?.length ?? 0) >= 2) word = word.replace(/\d/g, (d) => LEET[d] ?? d);
  if (word.includes("-")) {
    const [head = "", ...rest] = word.split("-");
    const tail = rest.join("");
    if (PREFIXES_WRITTEN_APART.has(head)) word = head + tail;
    else if (sharesRoot(head, tail)) {
      // "dipegang-pegang", "anak-anak", "pukul-pukulin": one word, said twice.
      word = head;
      doubled = true;
    } else return [...readWordUncached(head), ...readWordUncached(tail)];
  }
  word = word.replace(/(\p{L})\1{2,}/gu, "$1");
  return [{ word, forms: formsOf(word, doubled), numeric: /^\d+$/.test(word) }];
}

function sharesRoot(head: string, tail: string): boolean {
  if (head === tail) return true;
  const tails = new Set(rootCandidates(tail));
  return rootCandidates(head).some((root) => tails.has(root));
}

/** Computed once per distinct written word: readWord's cache holds the result. */
function formsOf(word: string, doubled: boolean): ReadonlySet<string> {
  const forms = new Set<string>();
  const spellings = new Set([word, word.replace(/(\p{L})\1/gu, "$1")]);
  for (const spelling of spellings) {
    const slang = SLANG.get(spelling);
    for (const base of slang ? [spelling, slang] : [spelling]) {
      for (const root of rootCandidates(base)) {
        forms.add(root);
        const meaning = SLANG.get(root);
        if (meaning) forms.add(meaning);
      }
    }
  }
  if (doubled) for (const form of [...forms]) forms.add(`${form}2`);
  return forms;
}
