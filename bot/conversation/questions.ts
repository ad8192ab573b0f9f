import {
  CONTACT_OPTIONS,
  DANGER_OPTIONS,
  EDIT_OPTIONS,
  LANGUAGE_OPTIONS,
  RESTART_OPTIONS,
  ROLE_OPTIONS,
  SKIP_OPTIONS,
  STORY_OPTIONS,
  SUMMARY_OPTIONS,
  WHAT_OPTIONS,
  WHEN_OPTIONS,
} from "./choices.ts";
import type { Session } from "./session.ts";
import type { ChoiceSpec, ReplyParam, ReplySpec } from "./types.ts";

/** Aku/kamu for children (and when we do not know yet), Bapak/Ibu for adults. */
export type Audience = "child" | "adult";

export function audienceOf(session: Session): Audience {
  const role = session.draft.role;
  return role === "orang_tua" || role === "guru" || role === "lainnya" ? "adult" : "child";
}

/** Whether the report is about the reporter themself (changes "kamu" to "anak itu"). */
function aboutSelf(session: Session): boolean {
  return session.draft.role === undefined || session.draft.role === "anak_diri";
}

export interface Question {
  key: string;
  params?: Record<string, ReplyParam>;
  /** Option values in button rows; the order is also the numbering a typed "2" refers to. */
  options: string[][];
  /** Label key per option value. */
  label: (value: string) => string;
}

const pairs = <T>(values: readonly T[]): T[][] =>
  values.reduce<T[][]>((rows, value, i) => (i % 2 === 0 ? [...rows, [value]] : (rows.at(-1)?.push(value), rows)), []);

/** The question the reporter is on, or undefined where none is pending (idle, done). */
export function questionFor(session: Session): Question | undefined {
  const audience = audienceOf(session);
  const d = session.draft;
  switch (session.step) {
    case "idle":
    case "done":
      return undefined;
    case "role":
      return {
        key: "ask.role",
        options: [...ROLE_OPTIONS.map((v) => [v]), [session.lang === "id" ? "en" : "id"]],
        label: (v) => (v === "en" || v === "id" ? `choice.language.${v}` : `choice.role.${v}`),
      };
    case "danger":
      return {
        key: aboutSelf(session) ? "ask.danger_self" : `ask.danger_other_${audience}`,
        options: DANGER_OPTIONS.map((v) => [v]),
        label: (v) => `choice.danger.${v}`,
      };
    case "what":
      return {
        key: aboutSelf(session) ? "ask.what_self" : `ask.what_other_${audience}`,
        options: pairs(WHAT_OPTIONS),
        label: (v) => `choice.what.${v}`,
      };
    case "story":
      return {
        // Once something is told (here, with the first message, or at "what happened"): ask for more, not for it again.
        key: `ask.story${d.what === "seksual" ? "_sensitive" : d.story.length > 0 ? "_more" : ""}_${audience}`,
        options: [[...STORY_OPTIONS]],
        label: (v) => `choice.story.${v}`,
      };
    case "child":
      return {
        key: `ask.child_${aboutSelf(session) ? "self" : "other"}_${audience}${d.schoolName ? "_school_known" : ""}`,
        ...(d.schoolName !== undefined && { params: { school: d.schoolName } }),
        options: [[...SKIP_OPTIONS]],
        label: (v) => `choice.skip.${v}`,
      };
    case "when":
      return {
        key: `ask.when_${audience}`,
        options: WHEN_OPTIONS.map((v) => [v]),
        label: (v) => `choice.when.${v}`,
      };
    case "contact":
      return {
        key: `ask.contact_${audience}`,
        options: CONTACT_OPTIONS.map((v) => [v]),
        label: (v) => `choice.contact_${audience}.${v}`,
      };
    case "name":
      return { key: `ask.name_${audience}`, options: [[...SKIP_OPTIONS]], label: (v) => `choice.skip.${v}` };
    case "summary":
      return {
        key: `ask.summary_${audience}`,
        params: summaryParams(session),
        options: [[...SUMMARY_OPTIONS]],
        label: (v) => `choice.summary.${v}`,
      };
    case "edit":
      return {
        key: "ask.edit",
        // Danger once answered "ya" is not offered: a ticket already went out as darurat.
        options: pairs(EDIT_OPTIONS.filter((v) => !(v === "danger" && d.danger === "ya"))),
        label: (v) => `choice.edit.${v}`,
      };
    case "restart":
      return { key: "ask.restart", options: RESTART_OPTIONS.map((v) => [v]), label: (v) => `choice.restart.${v}` };
    case "language":
      return { key: "ask.language", options: [[...LANGUAGE_OPTIONS]], label: (v) => `choice.language.${v}` };
  }
}

/**
 * Asks the current question. `fresh` (a new question) numbers its buttons anew so that older
 * buttons stop counting; asking the same question again keeps the buttons already on screen valid.
 */
export function ask(session: Session, fresh = true): { session: Session; replies: ReplySpec[] } {
  const question = questionFor(session);
  if (!question) return { session, replies: [] };
  const menu = fresh || session.menu === 0 ? session.menu + 1 : session.menu;
  const choices: ChoiceSpec[][] = question.options.map((row) =>
    row.map((value) => ({ id: `${menu}:${value}`, key: question.label(value) })),
  );
  return {
    session: { ...session, menu },
    replies: [{ key: question.key, ...(question.params && { params: question.params }), choices }],
  };
}

const EXCERPT_LENGTH = 300;

function summaryParams(session: Session): Record<string, ReplyParam> {
  const d = session.draft;
  const none = { key: "summary.none" };
  const story = d.story.join("\n");
  return {
    role: d.role ? { key: `choice.role.${d.role}` } : none,
    danger: d.danger ? { key: `choice.danger.${d.danger}` } : none,
    what: d.what ? { key: `choice.what.${d.what}` } : none,
    story: excerpt(story) || none,
    evidence: d.evidence,
    child: excerpt([d.child, d.schoolName].filter(Boolean).join(", ")) || none,
    when: d.when ? { key: `choice.when.${d.when}` } : excerpt(d.whenText ?? "") || none,
    contact: d.contact ? { key: `choice.contact_${audienceOf(session)}.${d.contact}` } : none,
    name: [d.name, d.phone].filter(Boolean).join(", ") || { key: "summary.anonymous" },
  };
}

/** Answers are kept whole, but the summary must fit one chat message (Telegram: 4096 characters). */
function excerpt(text: string): string {
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text;
}
