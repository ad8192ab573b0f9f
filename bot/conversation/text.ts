/*
 * Reading what a child types: lower case, no punctuation, letters not repeated
 * ("TOLONGGG!!" → "tolong"), so keywords and typed answers match however they are written.
 */

export function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N}'\s]/gu, " ")
    .replace(/(\p{L})\1+/gu, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

/** Words that bring the emergency numbers at once, wherever the reporter is. */
const EMERGENCY_WORDS = ["darurat", "tolong", "help", "sos", "toling"].map(normalise);

export function mentionsEmergency(text: string): boolean {
  const words = normalise(text).split(" ");
  return words.some((word) => EMERGENCY_WORDS.includes(word));
}

/** Only the emergency word itself ("tolong!!", "HELP"): nothing else to keep. */
export function isOnlyEmergencyWord(text: string): boolean {
  return EMERGENCY_WORDS.includes(normalise(text));
}

/** No letter or digit at all: emoji, punctuation, a blank line. */
export function hasNoWords(text: string): boolean {
  return !/[\p{L}\p{N}]/u.test(text);
}

export function wordCount(text: string): number {
  const n = normalise(text);
  return n === "" ? 0 : n.split(" ").length;
}

export type Command =
  | { name: "start"; payload: string }
  | { name: "lapor" }
  | { name: "status"; code: string | null; pin: string | null }
  | { name: "bantuan" }
  | { name: "batal" }
  | { name: "bahasa" };

const TICKET_CODE = /^[A-Za-z]{3}-?[A-Za-z0-9]{5}$/;

/** Commands with or without the slash for the words a child would type bare ("batal", "bantuan"). */
export function parseCommand(text: string): Command | undefined {
  const trimmed = text.trim();
  const slash = trimmed.startsWith("/");
  const [head = "", ...rest] = trimmed.replace(/^\//, "").split(/\s+/);
  const name = head.toLowerCase().replace(/@\w+$/, "");
  if (slash) {
    if (name === "start") return { name: "start", payload: rest.join(" ") };
    if (name === "lapor" || name === "report") return { name: "lapor" };
    if (name === "status" || name === "cek") return statusCommand(rest);
    if (name === "bantuan" || name === "help" || name === "info") return { name: "bantuan" };
    if (name === "batal" || name === "cancel" || name === "stop") return { name: "batal" };
    if (name === "bahasa" || name === "language") return { name: "bahasa" };
    return undefined;
  }
  // Bare words: only when the whole message is the word, so a story saying "batal" is still a story.
  const whole = normalise(trimmed);
  if (whole === "batal" || whole === "cancel") return { name: "batal" };
  if (whole === "bantuan") return { name: "bantuan" };
  if (whole === "bahasa" || whole === "language") return { name: "bahasa" };
  if (name === "status" && rest.length > 0 && TICKET_CODE.test(rest[0] ?? "")) return statusCommand(rest);
  return undefined;
}

function statusCommand(args: string[]): Command {
  const [code, pin] = args;
  const normalisedCode =
    code && TICKET_CODE.test(code) ? `${code.slice(0, 3)}-${code.replace("-", "").slice(3)}`.toUpperCase() : null;
  return {
    name: "status",
    code: code === undefined ? null : (normalisedCode ?? code.toUpperCase().slice(0, 20)),
    pin: pin && /^\d{4}$/.test(pin) ? pin : null,
  };
}

/** "/start s_smpn3-metro" from a school's leaflet → "smpn3-metro". */
export function schoolCodeFromStart(payload: string): string | undefined {
  const match = /^s_([a-z0-9-]{2,40})$/i.exec(payload.trim());
  return match?.[1]?.toLowerCase();
}

/** An Indonesian mobile number as typed (0812…, +62812…, 62 812-…), normalised to 08…; else undefined. */
export function findPhone(text: string): string | undefined {
  const match = /(?:\+?62|0)[\s-]?8[\d\s-]{7,14}\d/.exec(text);
  if (!match) return undefined;
  const digits = match[0].replace(/\D/g, "").replace(/^62/, "0");
  return digits.length >= 10 && digits.length <= 13 ? digits : undefined;
}

/** "kelas 5", "kls 5", "12 tahun", "umur 9": the parts of a child's answer the ticket has fields for. */
export function findAgeAndGrade(text: string): { age?: number; grade?: string } {
  const n = normalise(text);
  const grade = /\b(?:kelas|kls|klas|class|grade)\s*(\d{1,2}|[ivx]{1,4})\b/.exec(n)?.[1];
  const ageMatch = /\b(\d{1,2})\s*(?:tahun|thn|th|taun|years?|yo)\b/.exec(n) ?? /\b(?:umur|usia|age)\s*(\d{1,2})\b/.exec(n);
  const bare = /^\d{1,2}$/.exec(n)?.[0];
  const ageText = ageMatch?.[1] ?? (grade === undefined ? bare : undefined);
  const age = ageText !== undefined && Number(ageText) <= 25 ? Number(ageText) : undefined;
  return { ...(age !== undefined && { age }), ...(grade !== undefined && { grade: grade.toUpperCase() }) };
}
