import { readFileSync } from "node:fs";
import i18next from "i18next";
import { expect } from "vitest";
import { LANGUAGES } from "../../db/schema/enums.ts";
import { SessionSchema, type Draft, type Session, type StepName } from "../../bot/conversation/session.ts";
import { step } from "../../bot/conversation/step.ts";
import { STATUS_REPLY_KEY, type Effect, type ReplySpec, type StepInput, type StepResult } from "../../bot/conversation/types.ts";

/*
 * Flow tests as data: a transcript is a list of turns, each an input and what the bot must
 * answer. The runner steps the pure conversation with a controlled clock and, after every turn,
 * checks what must always hold: the session is valid (also after a JSON round trip, as stored),
 * every input gets a reply, every reply renders in Indonesian and English with no key missing
 * and no placeholder left, a button carries the current menu number, a report gets at most one
 * ticket.open and one ticket.submit, a ticket is never discarded, and a timer that is not due
 * changes nothing.
 */

/** Monday 08:00 in Metro (UTC+7); turns are one minute apart unless they say otherwise. */
export const T0 = new Date("2025-05-05T01:00:00.000Z");

/** Typed text, any step input, or a button of a question shown earlier in this transcript. */
export type TurnInput = string | StepInput | Press;

export interface Press {
  type: "press";
  value: string;
  /** "last" (default): the button on the latest question offering it; "first": the oldest one shown. */
  from?: "last" | "first";
}

export const press = (value: string, from: Press["from"] = "last"): Press => ({ type: "press", value, from });
export const media = (kind: Extract<StepInput, { type: "media" }>["kind"], caption?: string): StepInput => ({
  type: "media",
  kind,
  ...(caption !== undefined && { caption }),
});
export const choice = (choiceId: string): StepInput => ({ type: "choice", choiceId });
export const TIMER: StepInput = { type: "timer" };

export interface Expect {
  step?: StepName;
  /** Reply keys, exactly and in order. */
  replies?: string[];
  /** Keys that must be among the replies / must not be. */
  includes?: string[];
  excludes?: string[];
  /** Values (without the `<menu>:` prefix) of the buttons on the question asked, row by row flattened. */
  choices?: string[];
  /** Params of the question asked (the reply with buttons), matched as a subset. */
  params?: Record<string, unknown>;
  /** Effects, exactly and in order. */
  effects?: Effect[];
  recordInput?: boolean;
  lang?: Session["lang"];
  draft?: Partial<Draft>;
  /** Draft fields that must not be set. */
  absent?: (keyof Draft)[];
  session?: Partial<Session>;
  /** Text some reply shows once rendered in the reporter's language. */
  text?: string | RegExp;
}

export interface Turn {
  input: TurnInput;
  /** Minutes since the previous turn (default 1). */
  wait?: number;
  expect?: Expect;
}

export interface TurnRecord {
  index: number;
  input: StepInput;
  at: Date;
  before: Session | null;
  result: StepResult;
  /** The replies rendered in the session's language after the turn. */
  texts: string[];
}

export interface Run {
  session: Session | null;
  log: TurnRecord[];
  /** The record of the last turn. */
  last: TurnRecord;
}

// ---------------------------------------------------------------------------------------------
// Texts: the locale files as they are, no fallback from one language to the other.

const NS = "conversation";
const i18n = i18next.createInstance();
await i18n.init({
  resources: Object.fromEntries(
    LANGUAGES.map((lng) => [
      lng,
      { [NS]: JSON.parse(readFileSync(new URL(`../../locales/${lng}/${NS}.json`, import.meta.url), "utf8")) },
    ]),
  ),
  lng: "id",
  fallbackLng: false,
  defaultNS: NS,
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** What only the intake knows (ticket code, PIN, the unit's numbers), as the intake would pass it. */
const INTAKE_PARAMS = {
  code: "MTR-7K3QX",
  pin: "4821",
  emergency: "[nomor darurat]",
  expect: "[dalam 24 jam]",
  unitNumbers: "\n• Dinsos Kota Metro: 0812-0000-0000",
};

/** Telegram's limit for one message; WhatsApp allows more. */
const MAX_MESSAGE = 4096;

export function hasText(lng: string, key: string): boolean {
  return typeof i18n.getResource(lng, NS, key) === "string";
}

export function render(lng: string, reply: ReplySpec): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(reply.params ?? {})) {
    if (typeof value === "object") {
      expect(hasText(lng, value.key), `param ${name} of ${reply.key}: text ${lng}/${value.key}`).toBe(true);
      params[name] = i18n.t(value.key, { lng });
    } else params[name] = value;
  }
  expect(hasText(lng, reply.key), `text ${lng}/${reply.key}`).toBe(true);
  return i18n.t(reply.key, { lng, ...INTAKE_PARAMS, ...params });
}

// ---------------------------------------------------------------------------------------------
// The runner.

export function runTranscript(turns: Turn[], options: { from?: Session | null; start?: Date } = {}): Run {
  let session: Session | null = options.from ?? null;
  let clock = (options.start ?? T0).getTime();
  const log: TurnRecord[] = [];
  // Per report (reportSeq): what already happened to its ticket.
  const tickets = new Map<number, { opened: boolean; submitted: boolean }>();

  turns.forEach((turn, index) => {
    clock += (turn.wait ?? 1) * 60_000;
    const at = new Date(clock);
    const input = toStepInput(turn.input, log);
    const label = `turn ${index + 1} (${describe(input)})`;
    const before = session;
    const result = step(before, input, at);

    // The session is valid, as returned and as stored (JSON).
    expect(() => SessionSchema.parse(result.session), `${label}: session valid`).not.toThrow();
    expect(() => SessionSchema.parse(JSON.parse(JSON.stringify(result.session))), `${label}: stored session valid`).not.toThrow();

    // Every reporter input gets a reply; a timer that is not due changes nothing.
    if (input.type === "timer") {
      const due = before?.timerAt != null && new Date(before.timerAt).getTime() <= at.getTime();
      if (!due) {
        expect(result.replies, `${label}: timer not due, no replies`).toEqual([]);
        expect(result.effects, `${label}: timer not due, no effects`).toEqual([]);
        if (before?.timerAt != null) expect(result.session, `${label}: timer not due, session unchanged`).toEqual(before);
      }
    } else {
      expect(result.replies.length, `${label}: at least one reply`).toBeGreaterThan(0);
    }

    // Every reply and button exists in both languages and renders completely.
    for (const reply of result.replies) {
      if (reply.key === STATUS_REPLY_KEY) {
        expect(result.effects.some((e) => e.type === "status.lookup"), `${label}: $status has its lookup`).toBe(true);
        continue;
      }
      for (const lng of LANGUAGES) {
        const text = render(lng, reply);
        expect(text, `${label}: ${lng}/${reply.key} placeholders filled`).not.toMatch(/{{|}}/);
        expect(text.length, `${label}: ${lng}/${reply.key} fits one message`).toBeLessThanOrEqual(MAX_MESSAGE);
      }
      for (const button of (reply.choices ?? []).flat()) {
        expect(button.id, `${label}: button ${button.id} carries the current menu`).toMatch(
          new RegExp(`^${result.session.menu}:[a-z_]+$`),
        );
        for (const lng of LANGUAGES) expect(hasText(lng, button.key), `${label}: button text ${lng}/${button.key}`).toBe(true);
      }
    }

    // Only a /status (which may carry a PIN) is kept out of the transcript.
    const lookup = result.effects.some((e) => e.type === "status.lookup");
    expect(result.recordInput, `${label}: recordInput`).toBe(!lookup);

    // One ticket per report, opened at most once, submitted at most once, never discarded.
    const seq = before?.reportSeq ?? 1;
    const ticket = tickets.get(seq) ?? { opened: false, submitted: false };
    for (const effect of result.effects) {
      if (effect.type === "ticket.open") {
        expect(ticket.opened || ticket.submitted, `${label}: ticket.open once, before submit`).toBe(false);
        ticket.opened = true;
      } else if (effect.type === "ticket.submit") {
        expect(ticket.submitted, `${label}: ticket.submit once per report`).toBe(false);
        ticket.submitted = true;
      } else if (effect.type === "report.discard") {
        expect(effect.reportSeq, `${label}: discard names the report`).toBe(seq);
        expect(ticket.opened || ticket.submitted, `${label}: a report with a ticket is never discarded`).toBe(false);
      } else if (effect.type === "ticket.sync") {
        expect(ticket.opened && before?.hasTicket, `${label}: sync only an open ticket`).toBe(true);
      } else if (effect.type === "ticket.append") {
        expect(ticket.submitted || before?.hasTicket, `${label}: append to a sent report`).toBe(true);
      }
    }
    tickets.set(seq, ticket);

    const texts = result.replies
      .filter((r) => r.key !== STATUS_REPLY_KEY)
      .map((r) => render(result.session.lang, r));
    const record: TurnRecord = { index, input, at, before, result, texts };
    if (turn.expect) check(label, turn.expect, record);
    log.push(record);
    session = result.session;
  });

  const last = log.at(-1);
  if (!last) throw new Error("a transcript needs at least one turn");
  return { session, log, last };
}

function check(label: string, want: Expect, record: TurnRecord) {
  const { result } = record;
  const keys = result.replies.map((r) => r.key);
  if (want.replies) expect(keys, `${label}: replies`).toEqual(want.replies);
  for (const key of want.includes ?? []) expect(keys, `${label}: replies include ${key}`).toContain(key);
  for (const key of want.excludes ?? []) expect(keys, `${label}: replies exclude ${key}`).not.toContain(key);
  if (want.step) expect(result.session.step, `${label}: step`).toBe(want.step);
  if (want.effects) expect(result.effects, `${label}: effects`).toEqual(want.effects);
  if (want.recordInput !== undefined) expect(result.recordInput, `${label}: recordInput`).toBe(want.recordInput);
  if (want.lang) expect(result.session.lang, `${label}: language`).toBe(want.lang);
  if (want.draft) expect(result.session.draft, `${label}: draft`).toMatchObject(want.draft);
  for (const field of want.absent ?? []) expect(result.session.draft, `${label}: draft without ${field}`).not.toHaveProperty(field);
  if (want.session) expect(result.session, `${label}: session`).toMatchObject(want.session);
  const question = questionOf(result);
  if (want.choices) expect(question && choiceValues(question), `${label}: buttons`).toEqual(want.choices);
  if (want.params) expect(question?.params, `${label}: question params`).toMatchObject(want.params);
  if (want.text !== undefined) {
    const found = record.texts.some((t) => (typeof want.text === "string" ? t.includes(want.text) : want.text!.test(t)));
    expect(found, `${label}: some reply shows ${String(want.text)}\n${record.texts.join("\n---\n")}`).toBe(true);
  }
}

/** The reply asking a question: the last one with buttons. */
export function questionOf(result: StepResult): ReplySpec | undefined {
  return result.replies.filter((r) => r.choices && r.choices.length > 0).at(-1);
}

export function choiceValues(reply: ReplySpec): string[] {
  return (reply.choices ?? []).flat().map((c) => c.id.replace(/^\d+:/, ""));
}

/** The key of the last question the reporter was shown. */
export function lastQuestionKey(log: TurnRecord[]): string | undefined {
  for (const record of [...log].reverse()) {
    const question = questionOf(record.result);
    if (question) return question.key;
  }
  return undefined;
}

/**
 * How many questions the bot asked: turns that move the reporter to a new question. The same
 * question shown again (the story step after each part, a re-ask after a slip) is not a new one.
 */
export function questionsAsked(log: TurnRecord[]): StepName[] {
  return log
    .filter((r) => questionOf(r.result) && r.result.session.step !== (r.before?.step ?? "idle"))
    .map((r) => r.result.session.step);
}

function toStepInput(input: TurnInput, log: TurnRecord[]): StepInput {
  if (typeof input === "string") return { type: "text", text: input };
  if (input.type !== "press") return input;
  const shown = log.flatMap((r) => r.result.replies.flatMap((reply) => (reply.choices ?? []).flat()));
  const ordered = input.from === "first" ? shown : [...shown].reverse();
  const button = ordered.find((c) => c.id.replace(/^\d+:/, "") === input.value);
  if (!button) throw new Error(`no button "${input.value}" was shown before this turn`);
  return { type: "choice", choiceId: button.id };
}

function describe(input: StepInput): string {
  switch (input.type) {
    case "text":
      return JSON.stringify(input.text.length > 40 ? `${input.text.slice(0, 40)}…(${input.text.length})` : input.text);
    case "choice":
      return `button ${input.choiceId}`;
    case "media":
      return `${input.kind}${input.caption ? ` "${input.caption}"` : ""}`;
    case "timer":
      return "timer";
  }
}

/** Turns with no expectations, to reach a point in the flow. */
export function plain(inputs: TurnInput[]): Turn[] {
  return inputs.map((input) => ({ input }));
}
