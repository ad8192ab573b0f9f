/*
 * Keeping a reporter's address, name and phone out of what a staff member may not see them in.
 * Nulling the fields is not enough: the conversation's summary repeats the name and phone, the
 * reporter may type them again later, and a colleague may paste them into a note. Every free
 * text of a masked detail goes through here.
 */

/** What replaces a contact detail inside a text. */
export const MASK = "•••";

/**
 * Shorter values are left alone: a two-letter name would blot out every word that contains it,
 * and no chat id or phone number is that short.
 */
const MIN_SECRET_LENGTH = 3;

/**
 * A phone number is written many ways ("081277884455", "+62 812-7788-4455", "0812 7788 4455",
 * a WhatsApp address "6281277884455@c.us"): a secret that is an Indonesian mobile number also
 * hides every spelling of it, so a number the reporter or a colleague retyped is hidden too.
 */
function phoneSpellings(secret: string): RegExp | undefined {
  const digits = secret.replace(/@.*$/, "").replace(/\D/g, "");
  const core = /^(?:62|0)(8\d{7,12})$/.exec(digits)?.[1];
  if (core === undefined) return undefined;
  return new RegExp(`(?<!\\d)(?:\\+?62[\\s.-]?|0)?${[...core].join("[\\s.-]?")}(?!\\d)`, "g");
}

/** Words people put before a name ("Ibu Ratna"): hidden as a name's part, they would blot every question the bot asks. */
const FORMS_OF_ADDRESS = new Set(["bapak", "mbak", "kakak", "adik", "abang", "bang", "tante", "bunda", "ayah", "mama", "papa", "nenek", "kakek", "bude", "pakde"]);
/** A name's part shorter than this stays visible: "Ayu" or "Adi" is too often part of other words. */
const MIN_NAME_PART = 4;

/**
 * A name is written in part too: a colleague's reply to "Bapak/Ibu Ratna" quotes the first name of
 * "Ratna Wijayakusuma". Each word of a name is hidden where it stands as a word of its own.
 */
function nameParts(secret: string): RegExp | undefined {
  if (/[\d@]/.test(secret)) return undefined;
  const parts = secret.split(/[^\p{L}'-]+/u).filter((part) => part.length >= MIN_NAME_PART && !FORMS_OF_ADDRESS.has(part.toLowerCase()));
  if (parts.length === 0) return undefined;
  // Letters, apostrophes and hyphens only: nothing in a part means anything to a RegExp.
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${parts.join("|")})(?![\\p{L}\\p{N}])`, "giu");
}

export class ContactMask {
  private readonly secrets: string[];
  private readonly phones: RegExp[];
  private readonly names: RegExp[];

  /** `secrets` are the values to hide; an empty mask (the caller may see them) changes nothing. */
  constructor(secrets: readonly (string | null | undefined)[]) {
    const kept = secrets.map((s) => s?.trim() ?? "").filter((s) => s.length >= MIN_SECRET_LENGTH);
    // Longest first, so a phone number inside a longer address is not half-replaced.
    this.secrets = [...new Set(kept)].sort((a, b) => b.length - a.length);
    this.phones = this.secrets.flatMap((secret) => phoneSpellings(secret) ?? []);
    this.names = this.secrets.flatMap((secret) => nameParts(secret) ?? []);
  }

  /** The text with every secret replaced; `changed` says whether anything was. */
  text(value: string): { text: string; changed: boolean } {
    let text = value;
    for (const secret of this.secrets) text = text.split(secret).join(MASK);
    for (const phone of this.phones) text = text.replace(phone, MASK);
    for (const name of this.names) text = text.replace(name, MASK);
    return { text, changed: text !== value };
  }

  nullable(value: string | null): string | null {
    return value === null ? null : this.text(value).text;
  }

  /** Every string inside a JSON value (timeline data), keys kept. */
  deep(value: unknown): unknown {
    if (this.secrets.length === 0) return value;
    if (typeof value === "string") return this.text(value).text;
    if (Array.isArray(value)) return value.map((item) => this.deep(item));
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.deep(item)]));
    }
    return value;
  }
}
