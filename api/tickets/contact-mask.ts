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

export class ContactMask {
  private readonly secrets: string[];

  /** `secrets` are the values to hide; an empty mask (the caller may see them) changes nothing. */
  constructor(secrets: readonly (string | null | undefined)[]) {
    const kept = secrets.map((s) => s?.trim() ?? "").filter((s) => s.length >= MIN_SECRET_LENGTH);
    // Longest first, so a phone number inside a longer address is not half-replaced.
    this.secrets = [...new Set(kept)].sort((a, b) => b.length - a.length);
  }

  /** The text with every secret replaced; `changed` says whether anything was. */
  text(value: string): { text: string; changed: boolean } {
    let text = value;
    for (const secret of this.secrets) text = text.split(secret).join(MASK);
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
