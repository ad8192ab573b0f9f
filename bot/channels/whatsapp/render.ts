import type { Choice, Reply } from "../../../api/intake/schemas.ts";
import { splitText } from "../shared/split-text.ts";
import { menuOf, type Menu } from "./menu-memory.ts";

/*
 * WhatsApp has no buttons a bot may send (whatsapp-web.js's Buttons and List are deprecated and
 * WhatsApp drops them), so a reply's choices become a numbered list under its text, and link
 * choices become a line with the address. Pure: table-tested without a client.
 *
 * Plain text on purpose. WhatsApp styles *bold*, _italic_ and ~strike~ itself; a reporter's words
 * echoed in a summary may come out styled, which changes nothing they said, so nothing is escaped
 * (and WhatsApp has no escape character that would not show).
 */

/**
 * One message's length at most. WhatsApp takes about 65,000 characters, but a wall of text that
 * long is unreadable on a phone and slow to send; 4,000 keeps a summary in one or two messages.
 */
export const WHATSAPP_PART_LIMIT = 4000;

export interface RenderedReply {
  /** The messages to send, in order; the numbered list rides on the last, right under its question. */
  parts: string[];
  /** The numbers the reporter may answer with; undefined when the reply offers no choice. */
  menu: Menu | undefined;
}

/** "1. Ya\n2. Tidak", numbered across rows in reading order (the numbering the API also accepts typed). */
export function numberedList(choices: Choice[]): string {
  return choices.map((choice, index) => `${index + 1}. ${choice.label}`).join("\n");
}

/** "Buka tiket: https://…": a link is printed, never numbered (there is nothing to answer). */
function linkLines(links: Choice[]): string {
  return links.map((link) => `${link.label}: ${link.url}`).join("\n");
}

/**
 * One reply → its WhatsApp messages. `hint` ("reply with a number") goes under a numbered list.
 * A long text is split at paragraph, line or word breaks; the list stays with the last part, or
 * becomes a part of its own when it does not fit there.
 */
export function renderReply(reply: Reply, hint: string, limit = WHATSAPP_PART_LIMIT): RenderedReply {
  const flat = reply.choices.flat();
  const numbered = flat.filter((choice) => choice.url === undefined);
  const links = flat.filter((choice) => choice.url !== undefined);
  const footer = [
    numbered.length > 0 ? `${numberedList(numbered)}\n\n${hint}` : "",
    links.length > 0 ? linkLines(links) : "",
  ]
    .filter((block) => block.length > 0)
    .join("\n\n");
  const menu = numbered.length > 0 ? menuOf(numbered) : undefined;
  const text = reply.text.trim().length > 0 ? reply.text : "";
  if (text.length === 0) return { parts: footer.length > 0 ? splitText(footer, limit) : [], menu };
  if (footer.length === 0) return { parts: splitText(text, limit), menu };

  const together = `${text}\n\n${footer}`;
  if (together.length <= limit) return { parts: [together], menu };
  const parts = splitText(text, limit);
  const last = parts.at(-1) ?? "";
  if (last.length + 2 + footer.length <= limit) parts[parts.length - 1] = `${last}\n\n${footer}`;
  else parts.push(...splitText(footer, limit));
  return { parts, menu };
}

/**
 * Several replies → the messages in order, and the menu a typed number refers to: the last reply
 * that offered choices (the question the reporter is on comes last).
 */
export function renderReplies(replies: Reply[], hint: string, limit = WHATSAPP_PART_LIMIT): RenderedReply {
  const parts: string[] = [];
  let menu: Menu | undefined;
  for (const reply of replies) {
    const rendered = renderReply(reply, hint, limit);
    parts.push(...rendered.parts);
    if (rendered.menu !== undefined) menu = rendered.menu;
  }
  return { parts, menu };
}
