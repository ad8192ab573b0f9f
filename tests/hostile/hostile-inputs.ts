import fc from "fast-check";
import { SYNONYMS } from "../../bot/conversation/choices.ts";
import { MEDIA_KINDS, type MediaKind } from "../../api/intake/schemas.ts";

/*
 * What a reporter (or someone pretending to be one) can throw at the hotline, as fast-check
 * arbitraries shared by the pure flow's and the intake's property tests: texts in every script
 * and none, commands with junk, buttons old, current and forged, media of every kind, and a
 * clock that jumps far enough for the reminder and auto-submit timers to fire.
 */

/** The seed of every property run here: fixed, so CI and a developer see the same cases; HOSTILE_SEED explores others. */
export const HOSTILE_SEED = process.env.HOSTILE_SEED === undefined ? 20_250_505 : Number(process.env.HOSTILE_SEED);

export type ReporterAction =
  /** Anything typed, commands included. */
  | { kind: "text"; text: string }
  /** A text where "darurat" or "tolong" stands as a word of its own: the emergency numbers must come back. */
  | { kind: "emergency"; text: string }
  /** "/start <payload>"; `school` says whether the intake finds a school for an s_<code> payload. */
  | { kind: "start"; payload: string; school: "known" | "unknown" }
  /** A button the bot showed: on its latest question ("current") or on any earlier message ("stale"). */
  | { kind: "press"; from: "current" | "stale"; pick: number }
  /** Callback data the bot never sent. */
  | { kind: "forged"; choiceId: string }
  /** `emergency`: the caption has "darurat" or "tolong" as a word of its own. */
  | { kind: "media"; media: MediaKind; caption?: string; emergency: boolean }
  /** The clock jumps; a timer that became due fires, as the job would fire it. */
  | { kind: "wait"; ms: number };

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The words that must bring the emergency numbers from any step (DESIGN.md: "Talking to a child"). */
const EMERGENCY_KEYWORDS = ["darurat", "tolong", "DARURAT", "Tolong!!", "tolonggg", "TOLONG!!!"] as const;

/** Characters that break naive code: controls, joiners, direction marks, combining marks, halves of pairs, template syntax. */
const SPECIAL = [
  "\u0000",
  "\u0007",
  "\u200B",
  "\u200C",
  "\u200D",
  "\u200E",
  "\u202E",
  "\u2066",
  "\uFEFF",
  "\u0301",
  "\u0336",
  "\uD800",
  "\uDFFF",
  "\n",
  "\r\n",
  "\t",
  "'",
  '"',
  "\\",
  "%s",
  "${x}",
  "{{code}}",
  "{{emergency}}",
  "$t(conversation:emergency)",
  "<b>",
  "&amp;",
  "👍🏽",
  "👨‍👩‍👧",
  "🏳️‍🌈",
  "😭",
  "مرحبا",
  "שלום",
  "ภาษาไทย",
  "漢字",
  "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
];

/** How children type, the flow's own answer words, and the commands typed bare. */
const WORDS = [
  ...new Set([
    ...Object.values(SYNONYMS).flat(),
    "halo",
    "hai",
    "p",
    "gw",
    "gue",
    "aku",
    "dibully",
    "dipukulin",
    "diejek",
    "wkwk",
    "anjir",
    "plis",
    "tlg",
    "batal",
    "bantuan",
    "bahasa",
    "cancel",
    "kakak kelas",
    "kelas 5",
    "12 tahun",
    "SD Negeri 2",
    "0812-3456-7890",
    "+62 812 3456 7890",
    "1",
    "2",
    "9",
    "99",
    "0",
  ]),
];

const special = fc.constantFrom(...SPECIAL);
const word = fc.constantFrom(...WORDS);
/** One "character" of a hostile text: mostly ordinary, often special. */
const unit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: special },
  { weight: 3, arbitrary: word.map((w) => ` ${w} `) },
);
const shortText = fc.string({ unit, maxLength: 40 });
const sentence = fc.array(word, { minLength: 1, maxLength: 12 }).map((words) => words.join(" "));

/** Up to 25,000 characters: a pasted essay, a stuck key, a script. Built by repeating, so it costs little to make. */
const longText = fc
  .tuple(fc.oneof(shortText.filter((s) => s.length > 0), sentence), fc.integer({ min: 2_000, max: 25_000 }))
  .map(([chunk, length]) => chunk.repeat(Math.ceil(length / chunk.length)).slice(0, length));

const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: shortText },
  { weight: 4, arbitrary: sentence },
  { weight: 2, arbitrary: fc.constantFrom("", " ", "\n", ...SPECIAL) },
  { weight: 1, arbitrary: longText },
);

/** Words around the keyword never touch it: the keyword must be a word of its own for the rule to apply. */
const emergencyText = fc
  .tuple(fc.array(word, { maxLength: 4 }), fc.constantFrom(...EMERGENCY_KEYWORDS), fc.array(word, { maxLength: 4 }))
  .map(([before, keyword, after]) => [...before, keyword, ...after].join(" "));

const commandText = fc.oneof(
  fc.constantFrom("/start", "/lapor", "/batal", "/bahasa", "/bantuan", "/help", "/cancel", "/status", "/cek", "/x", "/", "//", "/start@LaporAmanBot"),
  fc.tuple(fc.constantFrom("/status", "/cek", "status", "/bahasa", "/batal", "/x", "/bantuan"), shortText).map(([c, junk]) => `${c} ${junk}`),
  fc.tuple(fc.stringMatching(/^[A-Za-z]{3}-?[A-Za-z0-9]{5}$/), fc.stringMatching(/^\d{0,6}$/)).map(([code, pin]) => `/status ${code} ${pin}`),
);

/** Ids of the buttons a question can carry, and ids that only look like them. */
const OPTION_VALUES = ["anak_diri", "ya", "tidak", "tidak_tahu", "diejek", "sudah", "lewati", "kirim", "ubah", "ulang", "lanjut", "id", "en", "anonim", "nama", "kembali", "danger"];
const forgedChoiceId: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.nat({ max: 60 }), fc.constantFrom(...OPTION_VALUES)).map(([menu, value]) => `${menu}:${value}`),
  fc.tuple(fc.constantFrom("99999999999", "-1", "1.5", "0x1", " 1", "١"), fc.constantFrom(...OPTION_VALUES)).map(([m, v]) => `${m}:${v}`),
  fc.constantFrom("", ":", "1:", ":ya", "1:YA", "1:ya:ya", "2:../../etc/passwd", "1:ya\n", "1:'; DROP TABLE tickets; --", "cb:1:ya", "link:42"),
  fc.string({ unit, maxLength: 70 }),
);

const schoolPayload = fc.oneof(
  fc.stringMatching(/^s_[a-z0-9-]{2,40}$/),
  fc.constantFrom("s_", "s_x", "s_../../x", "S_SMPN3-METRO", "s_smpn3-metro extra", "🏫"),
  shortText,
);

const wait = fc.oneof(
  fc.integer({ min: 1, max: 59 }).map((m) => m * MINUTE),
  fc.integer({ min: 1, max: 48 }).map((h) => h * 60 * MINUTE),
  fc.integer({ min: 2, max: 21 }).map((d) => d * DAY),
);

/** One thing a reporter does. */
function reporterAction(): fc.Arbitrary<ReporterAction> {
  // Weighted towards pressing what is on screen, so chats get past the first questions to the
  // summary, the edit menu, the submitted report and its timers instead of circling at "role".
  return fc.oneof(
    { weight: 5, arbitrary: hostileText.map((text) => ({ kind: "text" as const, text })) },
    { weight: 1, arbitrary: emergencyText.map((text) => ({ kind: "emergency" as const, text })) },
    { weight: 1, arbitrary: commandText.map((text) => ({ kind: "text" as const, text })) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("start" as const), payload: schoolPayload, school: fc.constantFrom("known" as const, "unknown" as const) }) },
    { weight: 14, arbitrary: fc.record({ kind: fc.constant("press" as const), from: fc.constant("current" as const), pick: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("press" as const), from: fc.constant("stale" as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: forgedChoiceId.map((choiceId) => ({ kind: "forged" as const, choiceId })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...MEDIA_KINDS), fc.oneof(fc.constant(undefined), hostileText, emergencyText.map((text) => ({ text }))))
        .map(([media, caption]) =>
          caption === undefined
            ? { kind: "media" as const, media, emergency: false }
            : typeof caption === "string"
              ? { kind: "media" as const, media, caption, emergency: false }
              : { kind: "media" as const, media, caption: caption.text, emergency: true },
        ),
    },
    { weight: 2, arbitrary: wait.map((ms) => ({ kind: "wait" as const, ms })) },
  );
}

/** A whole chat: 1..40 actions by default. */
export function reporterSession(options: { maxLength?: number } = {}): fc.Arbitrary<ReporterAction[]> {
  // "max": lengths spread up to the maximum, not bunched at a few actions, so chats get deep.
  return fc.array(reporterAction(), { minLength: 1, maxLength: options.maxLength ?? 40, size: "max" });
}

/** NUL, or half of a surrogate pair: what PostgreSQL cannot store, and the API refuses with a 400. */
export function unstorable(text: string): boolean {
  return /[\u0000\uD800-\uDFFF]/u.test(text);
}

/** A short description for assertion messages: never the whole 25,000 characters. */
export function describeAction(action: ReporterAction): string {
  const clip = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…(${s.length})` : s);
  switch (action.kind) {
    case "text":
    case "emergency":
      return `${action.kind} ${clip(action.text)}`;
    case "start":
      return `/start ${clip(action.payload)} (${action.school} school)`;
    case "press":
      return `press ${action.from} #${action.pick}`;
    case "forged":
      return `forged ${clip(action.choiceId)}`;
    case "media":
      return `${action.media}${action.caption === undefined ? "" : ` ${clip(action.caption)}`}`;
    case "wait":
      return `wait ${Math.round(action.ms / MINUTE)} min`;
  }
}
