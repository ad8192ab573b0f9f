/*
 * Indonesian builds verbs with affixes, and chat Indonesian with spoken ones: "dipukul",
 * "dipukulin", "mukul", "memukuli", "pemukulan", "kepukul". The rules list root words; a word in
 * a message matches a root when stripping its affixes (and undoing the nasal that replaced the
 * root's first letter: m→p, n→t, ny→s/c, ng→k) leads back to it. Over-generation is harmless:
 * a candidate counts only when the lexicon knows it.
 */

const PARTICLES = ["nya", "lah", "kah", "pun", "tah", "ku", "mu", "ne", "e", "na", "nyo"] as const;
const SUFFIXES = ["kan", "in", "an", "i", "ni"] as const;
/** "ku-" and "kau-" too: "kusayat" is "I cut". */
const PLAIN_PREFIXES = ["di", "ke", "ter", "ber", "be", "se", "per", "ku", "kau"] as const;
const VOWEL = /^[aiueo]/;

/** Candidate roots of one normalised word, the word itself first. */
export function rootCandidates(word: string): string[] {
  const out = new Set<string>([word]);
  for (const stem of suffixStripped(word)) {
    out.add(stem);
    for (const root of prefixStripped(stem)) {
      out.add(root);
      // "pemukulan" → "pukulan" → "pukul": a nominal -an after a prefix.
      for (const inner of suffixStripped(root)) out.add(inner);
    }
  }
  return [...out].filter((candidate) => candidate === word || candidate.length >= 3);
}

function suffixStripped(word: string): string[] {
  const stems = [word];
  for (const particle of PARTICLES) {
    if (word.length - particle.length >= 3 && word.endsWith(particle)) stems.push(word.slice(0, -particle.length));
  }
  for (const stem of [...stems]) {
    for (const suffix of SUFFIXES) {
      if (stem.length - suffix.length >= 3 && stem.endsWith(suffix)) stems.push(stem.slice(0, -suffix.length));
    }
  }
  return stems;
}

function prefixStripped(word: string): string[] {
  const out: string[] = [];
  const add = (root: string, nasal = false) => {
    // A root invented by undoing a nasal must be long enough not to collide by chance.
    if (root.length >= (nasal ? 4 : 3)) out.push(root);
  };
  for (const prefix of PLAIN_PREFIXES) {
    if (word.startsWith(prefix)) {
      const rest = word.slice(prefix.length);
      add(rest);
      // "diperkosa", "dipermalukan", "ketahuan" → once more.
      for (const again of ["per", "ke", "ter"]) if (rest.startsWith(again)) add(rest.slice(again.length));
      nasalRoots(rest).forEach((root) => add(root, true));
    }
  }
  for (const prefix of ["meng", "meny", "mem", "men", "me", "peng", "peny", "pem", "pen", "pe", "nge", "ng", "ny", "m", "n"]) {
    if (!word.startsWith(prefix)) continue;
    const rest = word.slice(prefix.length);
    if (rest.length < 2) continue;
    switch (prefix) {
      case "meng":
      case "peng":
      case "ng":
        add(rest);
        if (VOWEL.test(rest)) add(`k${rest}`, true);
        break;
      case "meny":
      case "peny":
      case "ny":
        if (VOWEL.test(rest)) {
          add(`s${rest}`, true);
          add(`c${rest}`, true);
        }
        break;
      case "mem":
      case "pem":
      case "m":
        if (VOWEL.test(rest)) add(`p${rest}`, true);
        else add(rest);
        break;
      case "men":
      case "pen":
      case "n":
        if (VOWEL.test(rest)) add(`t${rest}`, true);
        else add(rest);
        break;
      default:
        // me-, pe-, nge-: prefixed straight onto the root ("melecehkan", "ngebully", "ngegebukin").
        add(rest);
        nasalRoots(rest).forEach((root) => add(root, true));
    }
  }
  return out;
}

/** "diper-/dike-" already handled; this undoes a nasal left inside after a plain prefix ("kemukul"). */
function nasalRoots(rest: string): string[] {
  if (rest.startsWith("ny") && VOWEL.test(rest.slice(2))) return [`s${rest.slice(2)}`, `c${rest.slice(2)}`];
  if (rest.startsWith("ng") && VOWEL.test(rest.slice(2))) return [`k${rest.slice(2)}`, rest.slice(2)];
  return [];
}
