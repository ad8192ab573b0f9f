import type { StaffAction } from "../api/oncall/staff-link-schemas.ts";

/*
 * What staff send the bot, told apart from what reporters send, for any channel: a command typed
 * as text and the data of an alert's buttons. Pure, so each channel adapter reuses it and the
 * table tests cover every spelling.
 */

export type { StaffAction };

/** The command a staff member sends with the console's code. Not in the reporters' command menu. */
const LINK_COMMAND = "hubungkan";

/** Callback data on the buttons of staff alerts; reporters' choices are `<menu>:<value>`, never these. */
export const ACKNOWLEDGE_PREFIX = "ack:";
const STAFF_CALLBACK_PREFIXES = [ACKNOWLEDGE_PREFIX, "open:"] as const;

/** `/hubungkan` without a usable code: answered with how to use it, never sent to the API. */
export interface LinkUsage {
  type: "link_usage";
}

/** A code is at most this long; anything longer is a paste gone wrong, not a code. */
const MAX_CODE_LENGTH = 32;

const LINK_PATTERN = new RegExp(`^\\s*/${LINK_COMMAND}(?:@[A-Za-z0-9_]{3,64})?(?=\\s|$)(.*)$`, "is");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `/hubungkan K7QW3MZP`, `/HUBUNGKAN@LaporAmanBot k7qw 3mzp`, `/hubungkan   K7QW-3MZP` → a link
 * action with the code upper-cased, spaces and dashes dropped; `/hubungkan` alone → usage.
 * undefined: not a staff command (it goes to the reporting flow).
 */
export function parseStaffCommand(text: string): StaffAction | LinkUsage | undefined {
  const match = LINK_PATTERN.exec(text);
  if (!match) return undefined;
  const code = (match[1] ?? "").replace(/[\s-]+/g, "").toUpperCase();
  if (code.length === 0 || code.length > MAX_CODE_LENGTH || !/^[A-Z0-9]+$/.test(code)) return { type: "link_usage" };
  return { type: "link", code };
}

/** Whether a button's data belongs to a staff alert, valid or not: such data never reaches the reporting flow. */
export function isStaffCallback(data: string): boolean {
  return STAFF_CALLBACK_PREFIXES.some((prefix) => data.startsWith(prefix));
}

/** `ack:<ticket uuid>` → acknowledge that ticket; anything else → undefined. */
export function parseStaffCallback(data: string): StaffAction | undefined {
  if (!data.startsWith(ACKNOWLEDGE_PREFIX)) return undefined;
  const ticketId = data.slice(ACKNOWLEDGE_PREFIX.length);
  return UUID.test(ticketId) ? { type: "acknowledge", ticketId: ticketId.toLowerCase() } : undefined;
}
