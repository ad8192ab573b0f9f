import fc from "fast-check";
import { describe, it } from "vitest";
import { createI18n } from "../../api/i18n.ts";
import { renderReplies, type RenderContext } from "../../api/intake/render.ts";
import { SessionSchema, type Session } from "../../bot/conversation/session.ts";
import { step } from "../../bot/conversation/step.ts";
import { STATUS_REPLY_KEY, type ReplySpec, type StepInput, type StepResult } from "../../bot/conversation/types.ts";
import { LANGUAGES } from "../../db/schema/enums.ts";
import { hasText, T0 } from "../conversation/transcript.ts";
import { describeAction, HOSTILE_SEED, reporterSession, type ReporterAction } from "./hostile-inputs.ts";

/*
 * The pure reporting flow under random chats: 1..40 actions of hostile text, commands, buttons
 * (current, stale, forged), media and clock jumps that fire the timers. After every step: a
 * reporter's input got at least one reply, the session parses (also as stored, after JSON),
 * every reply is a text both languages have and renders to words, "darurat"/"tolong" brought
 * the emergency numbers, and no report created more than one ticket.
 */

const RUNS = 2000;
const i18n = await createI18n("id");
const BRACES = /\{\{|\}\}/;
const SCHOOL_NAME = "SMP Negeri 3 <b>Metro</b> 🏫";

/** What the intake passes for the unit; the numbers are the real emergency text's. */
function renderContext(lang: Session["lang"]): RenderContext {
  return {
    t: i18n.getFixedT(lang),
    code: "MTR-7K3QX",
    pin: "4821",
    priority: "sedang",
    unit: { hotlineNumbers: [{ label: "Dinsos Kota Metro", number: "0812-0000-0000", whatsapp: true }], slaMinutes: { darurat: 5, tinggi: 60, sedang: 1440, rendah: 4320 } },
  };
}

interface ChatState {
  session: Session | null;
  now: number;
  /** Every button the bot has shown so far, oldest first. */
  shown: string[];
  /** The buttons of the latest question. */
  current: string[];
  /** Per report (reportSeq): how many tickets were created for it. */
  created: Map<number, number>;
  /**
   * The reporter typed "{{" somewhere: their words are shown back (summary, excerpts) as typed, so
   * a "{{code}}" in a reply may be theirs; placeholders left unfilled are only checked until then.
   */
  typedBraces: boolean;
}

/** The step input an action becomes, given what is on screen; undefined for a clock jump. */
function toInput(action: ReporterAction, chat: ChatState): StepInput | undefined {
  switch (action.kind) {
    case "text":
    case "emergency":
      return { type: "text", text: action.text };
    case "start":
      return { type: "text", text: `/start ${action.payload}`, startSchool: action.school === "known" ? { code: "smpn3-metro", name: SCHOOL_NAME } : null };
    case "press": {
      const pool = action.from === "current" ? chat.current : chat.shown;
      // Nothing on screen yet: the press is of a button from a message the bot never sent.
      return { type: "choice", choiceId: pool.length > 0 ? pool[action.pick % pool.length]! : "1:anak_diri" };
    }
    case "forged":
      return { type: "choice", choiceId: action.choiceId };
    case "media":
      return { type: "media", kind: action.media, ...(action.caption !== undefined && { caption: action.caption }) };
    case "wait":
      return undefined;
  }
}

/** A label built only when a check fails: 2000 chats of up to 40 steps make a lot of labels otherwise. */
type Label = () => string;

/** A failed invariant, named; fast-check prints it with the seed and the shrunk chat. */
function ensure(condition: boolean, label: Label, what: string): void {
  if (!condition) throw new Error(`${label()}: ${what}`);
}

/**
 * The same reply in the same language renders the same: a question asked again, a welcome, the
 * emergency numbers. Rendering is the slow part of a step here, so each is rendered once.
 */
const rendered = new Map<string, string[]>();
function renderOnce(lang: Session["lang"], spec: ReplySpec): string[] {
  const cacheKey = `${lang}\u0000${JSON.stringify(spec)}`;
  let texts = rendered.get(cacheKey);
  if (texts === undefined) {
    const [reply] = renderReplies([spec], renderContext(lang));
    texts = [reply!.text, ...reply!.choices.flat().map((c) => c.label)];
    if (rendered.size < 50_000) rendered.set(cacheKey, texts);
  }
  return texts;
}

const checkedKeys = new Set<string>();
/** The key, its parameters' keys and its buttons' keys exist in Indonesian and English alike: no fallback hides a gap. */
function checkKeys(label: Label, reply: ReplySpec) {
  const keys = [reply.key, ...Object.values(reply.params ?? {}).flatMap((v) => (typeof v === "object" ? [v.key] : [])), ...(reply.choices ?? []).flat().map((c) => c.key)];
  for (const key of keys) {
    if (checkedKeys.has(key)) continue;
    for (const lng of LANGUAGES) ensure(hasText(lng, key), label, `no text ${lng}/${key}`);
    checkedKeys.add(key);
  }
}

function checkReplies(label: Label, result: StepResult, typedBraces: boolean): string[] {
  const specs = result.replies.filter((r) => r.key !== STATUS_REPLY_KEY);
  return specs.map((spec) => {
    checkKeys(label, spec);
    const [text = "", ...buttons] = renderOnce(result.session.lang, spec);
    ensure(text.trim() !== "", label, `${spec.key} renders to nothing`);
    ensure(text !== spec.key && !text.startsWith("conversation:"), label, `${spec.key} rendered as its key`);
    if (!typedBraces) ensure(!BRACES.test(text), label, `${spec.key} has a placeholder left: ${text}`);
    ensure(buttons.every((b) => b.trim() !== ""), label, `a button of ${spec.key} has no label`);
    return text;
  });
}

function parses(session: unknown): boolean {
  return SessionSchema.safeParse(session).success;
}

/** One step with every invariant checked; returns the chat after it. */
function stepAndCheck(chat: ChatState, input: StepInput, label: Label, action: ReporterAction | undefined): ChatState {
  const before = chat.session;
  const result = step(before, input, new Date(chat.now));

  ensure(parses(result.session), label, `invalid session ${JSON.stringify(SessionSchema.safeParse(result.session).error?.issues)}`);
  ensure(parses(JSON.parse(JSON.stringify(result.session))), label, "the session is invalid once stored as JSON");
  if (input.type !== "timer") ensure(result.replies.length > 0, label, "no reply");
  else {
    const due = before?.timerAt != null && Date.parse(before.timerAt) <= chat.now;
    if (!due) ensure(result.replies.length === 0 && result.effects.length === 0, label, "a timer not due did something");
  }
  const typedBraces = chat.typedBraces || (input.type === "text" && BRACES.test(input.text)) || (input.type === "media" && BRACES.test(input.caption ?? ""));
  const texts = checkReplies(label, result, typedBraces);

  if (action?.kind === "emergency" || (action?.kind === "media" && action.emergency)) {
    const all = texts.join("\n");
    ensure(all.includes("112") && all.includes("08111-129-129"), label, `no emergency numbers in ${JSON.stringify(result.replies.map((r) => r.key))}`);
  }

  // A ticket is created by ticket.open, or by ticket.submit when none was opened: once per report.
  const seq = before?.reportSeq ?? 1;
  const hadTicket = before?.hasTicket ?? false;
  let created = chat.created.get(seq) ?? 0;
  for (const effect of result.effects) {
    if (effect.type === "ticket.open" || (effect.type === "ticket.submit" && !hadTicket && created === 0)) created += 1;
    if (effect.type === "ticket.open") ensure(!hadTicket, label, "ticket.open with a ticket open already");
    if (effect.type === "ticket.sync" || effect.type === "ticket.append") ensure(hadTicket || result.session.hasTicket, label, `${effect.type} without a ticket`);
    if (effect.type === "report.discard") ensure(!hadTicket, label, "a report with a ticket discarded");
  }
  ensure(created <= 1, label, `${created} tickets for report ${seq}`);
  ensure(result.effects.filter((e) => e.type === "ticket.submit").length <= 1, label, "two submits in one step");

  const buttons = result.replies.flatMap((r) => (r.choices ?? []).flat().map((c) => c.id));
  if (buttons.length > 0) chat.shown.push(...buttons);
  return {
    session: result.session,
    now: chat.now,
    shown: chat.shown,
    current: buttons.length > 0 ? buttons : chat.current,
    created: created === (chat.created.get(seq) ?? 0) ? chat.created : new Map(chat.created).set(seq, created),
    typedBraces,
  };
}

function runChat(actions: ReporterAction[]): void {
  let chat: ChatState = { session: null, now: T0.getTime(), shown: [], current: [], created: new Map(), typedBraces: false };
  actions.forEach((action, index) => {
    const at = chat.session?.step ?? "new chat";
    const label: Label = () => `action ${index + 1} (${describeAction(action)}) at ${at}`;
    if (action.kind === "wait") {
      chat = { ...chat, now: chat.now + action.ms };
      // The intake's timer job: fires what is due, in order, until nothing is (a reminder can plan the auto-submit).
      for (let fired = 0; chat.session?.timerAt != null && Date.parse(chat.session.timerAt) <= chat.now; fired++) {
        ensure(fired < 3, label, "timers keep firing");
        chat = stepAndCheck(chat, { type: "timer" }, () => `${label()}, timer`, undefined);
      }
      // And one early or stale timer, which must change nothing.
      chat = stepAndCheck(chat, { type: "timer" }, () => `${label()}, timer not due`, undefined);
      return;
    }
    chat = { ...chat, now: chat.now + 20_000 };
    const input = toInput(action, chat);
    if (input) chat = stepAndCheck(chat, input, label, action);
  });
}

describe("the pure reporting flow under hostile input", () => {
  it(`keeps every invariant over ${RUNS} random chats (seed ${HOSTILE_SEED})`, { timeout: 170_000 }, () => {
    fc.assert(
      fc.property(reporterSession(), (actions) => runChat(actions)),
      { numRuns: RUNS, seed: HOSTILE_SEED },
    );
  });
});
