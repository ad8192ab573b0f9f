import type { MediaKind } from "../../api/intake/schemas.ts";
import type { Session } from "./session.ts";

/** A school resolved from a leaflet's deep link by the intake (the step itself has no database). */
export interface SchoolRef {
  code: string;
  name: string;
}

export type StepInput =
  /** `startSchool`: for "/start s_<code>", the school the intake found for that code (null: unknown code). */
  | { type: "text"; text: string; startSchool?: SchoolRef | null }
  | { type: "choice"; choiceId: string }
  | { type: "media"; kind: MediaKind; caption?: string }
  /** The conversation's timer fired (reminder or auto-submit). */
  | { type: "timer" };

/** A value to interpolate: plain, or another text key translated in the reporter's language. */
export type ReplyParam = string | number | { key: string };

export interface ChoiceSpec {
  /** `<menu>:<value>`, sent back when pressed; the menu number spots buttons from an older question. */
  id: string;
  key: string;
}

export interface ReplySpec {
  key: string;
  params?: Record<string, ReplyParam>;
  choices?: ChoiceSpec[][];
}

/**
 * What the intake must do in the same transaction as saving the session. Replies may use
 * `{{code}}`, `{{pin}}`, `{{emergency}}` and `{{expect}}`, which only the intake can fill in.
 */
export type Effect =
  /** Create the ticket now, before the report is finished: the child is in danger. */
  | { type: "ticket.open" }
  /** The draft changed while its ticket is open: copy the answers onto the ticket. */
  | { type: "ticket.sync" }
  /** Finish the report (creating the ticket if none yet); `confirmed` false = submitted incomplete. */
  | { type: "ticket.submit"; confirmed: boolean }
  /** After submitting, the reporter wrote again: the message joins the ticket. */
  | { type: "ticket.append" }
  /** The reporter cancelled before any ticket existed: forget what this report recorded. */
  | { type: "report.discard"; reportSeq: number }
  /** Look a ticket up for /status; the intake answers where the reply has key STATUS_REPLY_KEY. */
  | { type: "status.lookup"; code: string | null; pin: string | null };

/** Placeholder reply the intake replaces with the status lookup's answer. */
export const STATUS_REPLY_KEY = "$status";

export interface StepResult {
  session: Session;
  replies: ReplySpec[];
  effects: Effect[];
  /** False when the input must not be kept in the transcript as typed (it carried a PIN). */
  recordInput: boolean;
}
