import { z } from "zod";
import { LANGUAGES } from "../../db/schema/enums.ts";
import { CONTACT_OPTIONS, DANGER_OPTIONS, ROLE_OPTIONS, WHAT_OPTIONS, WHEN_OPTIONS } from "./choices.ts";

export const STEPS = [
  /** Nothing asked yet (new chat, or after a cancel): the next message gets the welcome. */
  "idle",
  "role",
  "danger",
  "what",
  "story",
  "child",
  "when",
  "contact",
  "name",
  "summary",
  "edit",
  "restart",
  "language",
  "done",
] as const;
export type StepName = (typeof STEPS)[number];

/** Longest single story message kept; a channel may allow more, and nobody needs it. */
export const MAX_STORY_PART = 20_000;

export const DraftSchema = z.object({
  role: z.enum(ROLE_OPTIONS).optional(),
  danger: z.enum(DANGER_OPTIONS).optional(),
  what: z.enum(WHAT_OPTIONS).optional(),
  story: z.array(z.string().max(MAX_STORY_PART)).max(200),
  evidence: z.number().int().nonnegative(),
  /** The reporter's answer about the child's age or class and place, as typed. */
  child: z.string().max(MAX_STORY_PART).optional(),
  victimAge: z.number().int().min(0).max(25).optional(),
  victimGrade: z.string().max(20).optional(),
  place: z.string().max(MAX_STORY_PART).optional(),
  schoolCode: z.string().max(40).optional(),
  schoolName: z.string().max(200).optional(),
  when: z.enum(WHEN_OPTIONS).optional(),
  whenText: z.string().max(MAX_STORY_PART).optional(),
  contact: z.enum(CONTACT_OPTIONS).optional(),
  name: z.string().max(200).optional(),
  phone: z.string().max(20).optional(),
});
export type Draft = z.infer<typeof DraftSchema>;

export const SessionSchema = z.object({
  v: z.literal(1),
  lang: z.enum(LANGUAGES),
  step: z.enum(STEPS),
  /** Where "language" and "restart" return to, and the question an edit came from. */
  back: z.enum(STEPS).optional(),
  /** Answering a question from the summary's "Ubah": go back to the summary afterwards. */
  editing: z.boolean(),
  /** The reporter's n-th report in this chat. */
  reportSeq: z.number().int().positive(),
  /** Bumped whenever a question with buttons is asked; a button carries the number it was shown with. */
  menu: z.number().int().nonnegative(),
  draft: DraftSchema,
  /** A ticket exists for this report (opened early for danger, or submitted). */
  hasTicket: z.boolean(),
  lastInputAt: z.iso.datetime().nullable(),
  reminded: z.boolean(),
  timerAt: z.iso.datetime().nullable(),
});
export type Session = z.infer<typeof SessionSchema>;

export function emptyDraft(): Draft {
  return { story: [], evidence: 0 };
}

export function newSession(lang: Session["lang"] = "id"): Session {
  return {
    v: 1,
    lang,
    step: "idle",
    editing: false,
    reportSeq: 1,
    menu: 0,
    draft: emptyDraft(),
    hasTicket: false,
    lastInputAt: null,
    reminded: false,
    timerAt: null,
  };
}

/** A stored session that no longer parses (older shape, hand edits) starts over rather than failing. */
export function parseSession(value: unknown, lang: Session["lang"]): Session {
  const parsed = SessionSchema.safeParse(value);
  return parsed.success ? parsed.data : newSession(lang);
}
