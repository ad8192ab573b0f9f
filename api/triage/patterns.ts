import type { Token } from "./tokens.ts";

/*
 * A small pattern language over tokens, so the lexicon reads like the phrases it catches:
 *
 *   "mau ~ mati|hilang"      a slot is alternatives split by "|"; a space means the next word,
 *                            "~" allows up to 2 words between, "~~" up to 5
 *   "buka+baju"              "+" joins words that must follow each other, inside one alternative
 *   "=kata"                  the word exactly as written (after spelling normalisation), no roots
 *   "@actor_adult"           a word class defined once (see CLASSES in lexicon.ts)
 *
 * A word matches an alternative when any of its forms (slang meaning, roots, "<root>2" when
 * doubled) is that alternative. Patterns never cross a sentence.
 */

type Atom = { kind: "form" | "exact"; value: string };
type Alternative = Atom[];
interface Slot {
  alternatives: Alternative[];
  /** Words allowed between the previous slot and this one. */
  gapBefore: number;
}
export interface Pattern {
  source: string;
  slots: Slot[];
}

export interface PatternMatch {
  first: number;
  last: number;
}

export function compilePattern(source: string, classes: ReadonlyMap<string, readonly string[]>): Pattern {
  const slots: Slot[] = [];
  let gap = 0;
  for (const part of source.trim().split(/\s+/)) {
    if (part === "~") {
      gap = 2;
      continue;
    }
    if (part === "~~") {
      gap = 5;
      continue;
    }
    const alternatives = part.split("|").flatMap((alternative) => expand(alternative, classes, source));
    slots.push({ alternatives, gapBefore: slots.length === 0 ? 0 : gap });
    gap = 0;
  }
  if (slots.length === 0) throw new Error(`empty pattern: "${source}"`);
  return { source, slots };
}

function expand(alternative: string, classes: ReadonlyMap<string, readonly string[]>, source: string): Alternative[] {
  if (alternative.startsWith("@")) {
    const members = classes.get(alternative.slice(1));
    if (!members) throw new Error(`unknown class ${alternative} in "${source}"`);
    return members.flatMap((member) => expand(member, classes, source));
  }
  return [
    alternative.split("+").map((atom): Atom => (atom.startsWith("=") ? { kind: "exact", value: atom.slice(1) } : { kind: "form", value: atom })),
  ];
}

function atomMatches(atom: Atom, token: Token): boolean {
  return atom.kind === "exact" ? token.word === atom.value : token.forms.has(atom.value);
}

/** Where an alternative of `slot` matches from token `at`: the index of its last word, or -1. */
function slotEndsAt(slot: Slot, tokens: readonly Token[], at: number): number {
  for (const alternative of slot.alternatives) {
    let ok = true;
    for (let k = 0; k < alternative.length; k++) {
      const token = tokens[at + k];
      if (!token || token.sentence !== tokens[at]!.sentence || !atomMatches(alternative[k]!, token)) {
        ok = false;
        break;
      }
    }
    if (ok) return at + alternative.length - 1;
  }
  return -1;
}

/** Every place the pattern matches, shortest first from each start, no two from one start. */
export function findMatches(pattern: Pattern, tokens: readonly Token[], starts: Iterable<number>): PatternMatch[] {
  const found: PatternMatch[] = [];
  for (const first of starts) {
    const last = matchFrom(pattern.slots, 0, tokens, first);
    if (last >= 0) found.push({ first, last });
  }
  return found;
}

function matchFrom(slots: readonly Slot[], index: number, tokens: readonly Token[], at: number): number {
  const slot = slots[index]!;
  const end = slotEndsAt(slot, tokens, at);
  if (end < 0) return -1;
  if (index === slots.length - 1) return end;
  const next = slots[index + 1]!;
  for (let skip = 0; skip <= next.gapBefore; skip++) {
    const at2 = end + 1 + skip;
    const token = tokens[at2];
    if (!token || token.sentence !== tokens[at]!.sentence) break;
    const last = matchFrom(slots, index + 1, tokens, at2);
    if (last >= 0) return last;
  }
  return -1;
}

/** The words that can start a pattern, to look patterns up by a token's forms instead of trying all. */
export function firstWords(pattern: Pattern): { forms: string[]; exact: string[] } {
  const forms: string[] = [];
  const exact: string[] = [];
  for (const alternative of pattern.slots[0]!.alternatives) {
    const atom = alternative[0]!;
    (atom.kind === "exact" ? exact : forms).push(atom.value);
  }
  return { forms, exact };
}

/**
 * Patterns looked up by the words they can start with, so a message is only tried against the
 * patterns one of its words can begin: most of the lexicon never starts in a given message.
 */
export class PatternIndex<T extends { pattern: Pattern }> {
  private readonly byForm = new Map<string, T[]>();
  private readonly byExact = new Map<string, T[]>();

  constructor(entries: readonly T[]) {
    for (const entry of entries) {
      const { forms, exact } = firstWords(entry.pattern);
      for (const form of new Set(forms)) this.byForm.set(form, [...(this.byForm.get(form) ?? []), entry]);
      for (const word of new Set(exact)) this.byExact.set(word, [...(this.byExact.get(word) ?? []), entry]);
    }
  }

  /** Each entry that matches somewhere in the tokens, with its matches in order. */
  matches(tokens: readonly Token[]): { entry: T; match: PatternMatch }[] {
    // Tokens are visited in order, so each entry's starts come sorted; a start is kept once.
    const starts = new Map<T, number[]>();
    for (let index = 0; index < tokens.length; index++) {
      const token = tokens[index]!;
      this.collect(this.byExact.get(token.word), index, starts);
      for (const form of token.forms) this.collect(this.byForm.get(form), index, starts);
    }
    const found: { entry: T; match: PatternMatch }[] = [];
    for (const [entry, at] of starts) {
      for (const match of findMatches(entry.pattern, tokens, at)) found.push({ entry, match });
    }
    return found;
  }

  private collect(list: readonly T[] | undefined, index: number, starts: Map<T, number[]>): void {
    if (!list) return;
    for (const entry of list) {
      const at = starts.get(entry);
      if (!at) starts.set(entry, [index]);
      else if (at[at.length - 1] !== index) at.push(index);
    }
  }
}
