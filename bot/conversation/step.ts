import { ROLE_MEANING, SYNONYMS, type EditOption } from "./choices.ts";
import { ask, audienceOf, questionFor } from "./questions.ts";
import { emptyDraft, MAX_STORY_PART, newSession, type Session, type StepName } from "./session.ts";
import {
  findAgeAndGrade,
  findPhone,
  hasNoWords,
  isOnlyEmergencyWord,
  mentionsEmergency,
  normalise,
  parseCommand,
  schoolCodeFromStart,
  wordCount,
  type Command,
} from "./text.ts";
import { STATUS_REPLY_KEY, type Effect, type ReplySpec, type StepInput, type StepResult } from "./types.ts";

/*
 * The reporting flow as a pure function: the same session and input always give the same
 * result. No clock (time is `now`), no database (the intake applies `effects`), no channel
 * (replies are text keys the intake renders). Every input gets at least one reply, and the
 * session that comes out is always valid, whatever came in.
 */

export const REMINDER_AFTER_MS = 30 * 60_000;
export const AUTO_SUBMIT_AFTER_MS = 2 * 60 * 60_000;
/** A message this long is kept whole, with a word that it was received whole. */
const LONG_MESSAGE = 4000;
/** Unmatched text at a question with buttons is kept as part of the story from this many words. */
const STORY_WORDS = 4;

/** The questions of a report in order; "danger" comes right after who is writing: safety first. */
const FLOW: StepName[] = ["role", "danger", "what", "story", "child", "when", "contact", "summary"];

class Turn {
  replies: ReplySpec[] = [];
  effects: Effect[] = [];
  recordInput = true;
  private readonly startStep: StepName;
  private readonly startDraft: string;
  constructor(public session: Session) {
    this.startStep = session.step;
    this.startDraft = JSON.stringify(session.draft);
  }

  say(key: string, params?: ReplySpec["params"]) {
    this.replies.push({ key, ...(params && { params }) });
  }
  effect(effect: Effect) {
    this.effects.push(effect);
  }
  ask() {
    // The same question asked again (a reminder, after /bantuan, after a story part) keeps its
    // buttons valid: only buttons of an earlier, different question count as old.
    const asked = ask(this.session, this.session.step !== this.startStep);
    this.session = asked.session;
    this.replies.push(...asked.replies);
  }
  go(step: StepName) {
    this.session = { ...this.session, step };
    this.ask();
  }
  /** After an answer: the next question, or back to the summary when correcting it. */
  next(from: StepName) {
    if (this.session.editing) {
      this.session = { ...this.session, editing: false };
      return this.go("summary");
    }
    const at = FLOW.indexOf(from);
    this.go(FLOW[at + 1] ?? "summary");
  }
  draft(patch: Partial<Session["draft"]>) {
    this.session = { ...this.session, draft: { ...this.session.draft, ...patch } };
  }
  result(): StepResult {
    // An open ticket (danger path) follows every answer, so the peksos reads details as they come.
    // Only when an answer changed (not on /status, /bantuan, a sticker), and not next to an effect
    // that already carries the draft (open, submit) or ends this report.
    const changed = JSON.stringify(this.session.draft) !== this.startDraft;
    const carried = this.effects.some((e) => e.type !== "status.lookup");
    if (this.session.hasTicket && this.session.step !== "done" && changed && !carried) this.effects.push({ type: "ticket.sync" });
    return { session: this.session, replies: this.replies, effects: this.effects, recordInput: this.recordInput };
  }
}

export function step(previous: Session | null, input: StepInput, now: Date): StepResult {
  const start = previous ?? newSession();
  if (input.type === "timer") return onTimer(start, now);

  const turn = new Turn({ ...start, lastInputAt: now.toISOString(), reminded: false });
  if (input.type === "text") onText(turn, input.text, input.startSchool);
  else if (input.type === "choice") onChoice(turn, input.choiceId);
  else onMedia(turn, input.kind, input.caption);
  const result = turn.result();
  // Any reporter input restarts the reminder clock, as long as a report is under way after it.
  const at = reportStep(result.session);
  const open = at !== "idle" && at !== "done";
  result.session = { ...result.session, timerAt: open ? new Date(now.getTime() + REMINDER_AFTER_MS).toISOString() : null };
  return result;
}

/** The step the report is really at: "language" and "restart" are asides that return to `back`. */
function reportStep(session: Session): StepName {
  return session.step === "language" || session.step === "restart" ? (session.back ?? "idle") : session.step;
}

function onTimer(session: Session, now: Date): StepResult {
  const turn = new Turn(session);
  const at = reportStep(session);
  if (at === "done" || at === "idle") {
    turn.session = { ...turn.session, timerAt: null };
    return { session: turn.session, replies: [], effects: [], recordInput: true };
  }
  // Early or stale (the reporter wrote since it was planned): the planned timer still stands.
  const due = session.timerAt !== null && new Date(session.timerAt).getTime() <= now.getTime();
  if (!due) return { session, replies: [], effects: [], recordInput: true };
  const d = session.draft;
  // Danger said or a story told: too much to lose. Otherwise one reminder is all we send.
  const worthKeeping = d.danger === "ya" || d.story.length > 0 || session.hasTicket;
  if (!session.reminded) {
    const lastInput = new Date(session.lastInputAt ?? now.toISOString()).getTime();
    turn.session = {
      ...turn.session,
      reminded: true,
      timerAt: worthKeeping ? new Date(lastInput + AUTO_SUBMIT_AFTER_MS).toISOString() : null,
    };
    turn.say(`timer.reminder_${audienceOf(session)}`);
    turn.ask();
    return { session: turn.session, replies: turn.replies, effects: [], recordInput: true };
  }
  if (!worthKeeping) {
    turn.session = { ...turn.session, timerAt: null };
    return { session: turn.session, replies: [], effects: [], recordInput: true };
  }
  turn.session = { ...turn.session, step: "done", hasTicket: true, timerAt: null, editing: false };
  turn.effect({ type: "ticket.submit", confirmed: false });
  turn.say(`timer.auto_submitted_${audienceOf(session)}`);
  return { session: turn.session, replies: turn.replies, effects: turn.effects, recordInput: true };
}

// ---------------------------------------------------------------------------------------------
// Text

function onText(turn: Turn, text: string, startSchool: { code: string; name: string } | null | undefined) {
  const command = parseCommand(text);
  if (command) return onCommand(turn, command, startSchool);

  if (turn.session.step === "danger" && mentionsEmergency(text)) {
    // "Tolong" in answer to "are you in danger right now?" is a yes: under-triage is the worse error.
    return answerDanger(turn, "ya");
  }
  if (mentionsEmergency(text)) {
    turn.say("emergency");
    if (isOnlyEmergencyWord(text)) return reaskOrWelcome(turn);
  }
  const s = turn.session;
  switch (s.step) {
    case "idle":
      return welcome(turn, text);
    case "done":
      turn.effect({ type: "ticket.append" });
      return turn.say("after.appended");
    case "story":
      return storyText(turn, text);
    case "child":
      return childText(turn, text);
    case "name":
      return nameText(turn, text);
    default:
      return choiceText(turn, text);
  }
}

function welcome(turn: Turn, text?: string) {
  turn.say("welcome");
  if (text !== undefined && wordCount(text) >= STORY_WORDS) {
    // A child who opens with the story should not have to tell it twice.
    keepStory(turn, text);
    turn.say("kept_for_later");
  }
  turn.go("role");
}

/** Typed text at a question with buttons: a number, a button's words, or something to keep. */
function choiceText(turn: Turn, text: string) {
  const value = matchOption(turn.session, text);
  if (value !== undefined) return answer(turn, value);
  if (isBareNumber(text)) {
    // "9" where there is no 9th button: a slip, not a story.
    turn.say("input.choose_one");
    return turn.ask();
  }
  if (turn.session.step === "when" && !hasNoWords(text)) {
    // "Kemarin waktu istirahat" answers "when" in the reporter's own words; last answer wins.
    const { when: _when, ...draft } = turn.session.draft;
    turn.session = { ...turn.session, draft: { ...draft, whenText: text.slice(0, MAX_STORY_PART) } };
    return turn.next("when");
  }
  if (turn.session.step === "what" && !hasNoWords(text)) {
    // "Aku dipukul kakak kelas" answers "what happened" well enough; the story starts here.
    turn.draft({ what: "lainnya" });
    keepStory(turn, text);
    turn.say(`story.thanks_${audienceOf(turn.session)}`);
    turn.session = { ...turn.session, step: "story" };
    return turn.ask();
  }
  if (hasNoWords(text)) turn.say("input.emoji_only");
  else if (wordCount(text) >= STORY_WORDS) {
    keepStory(turn, text);
    turn.say("kept_for_later");
  } else turn.say("input.choose_one");
  turn.ask();
}

function storyText(turn: Turn, text: string) {
  if (wordCount(text) <= 2 && matchOption(turn.session, text) === "sudah") return answer(turn, "sudah");
  if (hasNoWords(text)) {
    turn.say("input.emoji_only_story");
    return turn.ask();
  }
  if (isBareNumber(text)) {
    turn.say("input.choose_one");
    return turn.ask();
  }
  keepStory(turn, text);
  if (text.length > LONG_MESSAGE) turn.say("input.long_kept");
  turn.say(`story.more_${audienceOf(turn.session)}`);
  turn.ask();
}

function keepStory(turn: Turn, text: string) {
  const story = [...turn.session.draft.story, text.slice(0, MAX_STORY_PART)].slice(-200);
  turn.draft({ story });
}

function childText(turn: Turn, text: string) {
  if (wordCount(text) <= 2 && matchOption(turn.session, text) === "lewati") return turn.next("child");
  if (hasNoWords(text)) {
    turn.say("input.emoji_only");
    return turn.ask();
  }
  const { age, grade } = findAgeAndGrade(text);
  turn.draft({
    child: text.slice(0, MAX_STORY_PART),
    ...(age !== undefined && { victimAge: age }),
    ...(grade !== undefined && { victimGrade: grade }),
    place: text.slice(0, MAX_STORY_PART),
  });
  turn.next("child");
}

function nameText(turn: Turn, text: string) {
  if (wordCount(text) <= 2 && matchOption(turn.session, text) === "lewati") {
    dropContactDetails(turn);
    turn.draft({ contact: "anonim" });
    return turn.next("contact");
  }
  if (hasNoWords(text)) {
    turn.say("input.emoji_only");
    return turn.ask();
  }
  const phone = audienceOf(turn.session) === "adult" ? findPhone(text) : undefined;
  const name = text
    .replace(/(?:\+?62|0)[\s-]?8[\d\s-]{7,14}\d/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (name.length > MAX_NAME) {
    // Not a name but more of the story: keep it there, and ask for the name again.
    keepStory(turn, text);
    turn.say("kept_for_later");
    return turn.ask();
  }
  if ((name === "" || isBareNumber(name)) && phone === undefined) {
    turn.say("input.choose_one");
    return turn.ask();
  }
  turn.draft({ ...(name !== "" && { name }), ...(phone !== undefined && { phone }) });
  turn.next("contact");
}

/** Longest name kept; a longer answer to "your name?" is story. */
const MAX_NAME = 100;

function isBareNumber(text: string): boolean {
  return /^\d+$/.test(normalise(text));
}

/** Anonymous or no reply: a name or number given earlier (before an edit) is not kept. */
function dropContactDetails(turn: Turn) {
  const { name: _name, phone: _phone, ...draft } = turn.session.draft;
  turn.session = { ...turn.session, draft };
}

/** "2" picks the second option as numbered on screen; otherwise a button's value or its usual words. */
function matchOption(session: Session, text: string): string | undefined {
  const question = questionFor(session);
  if (!question) return undefined;
  const flat = question.options.flat();
  const typed = normalise(text);
  if (/^\d{1,2}$/.test(typed)) return flat[Number(typed) - 1];
  // Longest synonym first, so "gak tau" is "tidak_tahu" and not "tidak".
  const candidates = flat
    .flatMap((value) => [value, value.replaceAll("_", " "), ...(SYNONYMS[value] ?? [])].map((w) => ({ value, word: normalise(w) })))
    .sort((a, b) => b.word.length - a.word.length);
  return candidates.find((c) => typed === c.word)?.value;
}

// ---------------------------------------------------------------------------------------------
// Buttons

function onChoice(turn: Turn, choiceId: string) {
  const match = /^(\d{1,9}):([a-z_]{1,40})$/.exec(choiceId);
  const s = turn.session;
  const value = match?.[2];
  const current = match !== null && Number(match[1]) === s.menu && value !== undefined;
  const offered = current && questionFor(s)?.options.flat().includes(value);
  if (!offered || value === undefined) {
    if (s.step === "done") return turn.say("after.old_button");
    if (s.step === "idle") return welcome(turn);
    turn.say("input.old_button");
    return turn.ask();
  }
  answer(turn, value);
}

function answer(turn: Turn, value: string) {
  const s = turn.session;
  const d = s.draft;
  switch (s.step) {
    case "role":
      if (value === "id" || value === "en") {
        turn.session = { ...s, lang: value };
        return turn.ask();
      }
      turn.draft({ role: value as keyof typeof ROLE_MEANING });
      return turn.next("role");
    case "danger":
      return answerDanger(turn, value as "ya" | "tidak" | "tidak_tahu");
    case "what":
      turn.draft({ what: value as NonNullable<typeof d.what> });
      return turn.next("what");
    case "story":
      return turn.next("story");
    case "child":
      return turn.next("child");
    case "when": {
      const { whenText: _whenText, ...draft } = d;
      turn.session = { ...s, draft: { ...draft, when: value as NonNullable<typeof d.when> } };
      return turn.next("when");
    }
    case "contact":
      if (value !== "nama") dropContactDetails(turn);
      turn.draft({ contact: value as NonNullable<typeof d.contact> });
      if (value === "nama") return turn.go("name");
      return turn.next("contact");
    case "summary":
      if (value === "ubah") return turn.go("edit");
      return submit(turn);
    case "edit":
      if (value === "kembali") return turn.go("summary");
      turn.session = { ...turn.session, editing: true };
      return turn.go(value as Exclude<EditOption, "kembali">);
    case "restart":
      if (value === "ulang") return startOver(turn);
      return turn.go(s.back ?? "role");
    case "language":
      turn.session = { ...s, lang: value as Session["lang"] };
      turn.say("language.changed");
      return reaskOrWelcome(turn, s.back ?? "idle");
    case "name":
      dropContactDetails(turn);
      turn.draft({ contact: "anonim" });
      return turn.next("contact");
    case "idle":
    case "done":
      return;
  }
}

function answerDanger(turn: Turn, value: "ya" | "tidak" | "tidak_tahu") {
  turn.draft({ danger: value });
  if (value === "ya") {
    turn.say(`danger.yes_${audienceOf(turn.session)}`);
    turn.say("emergency");
    if (!turn.session.hasTicket) {
      // The peksos is alerted now, not after eight more questions.
      turn.effect({ type: "ticket.open" });
      turn.session = { ...turn.session, hasTicket: true };
    }
    turn.say(`danger.ticket_open_${audienceOf(turn.session)}`);
  } else if (value === "tidak_tahu") {
    turn.say(`danger.unsure_${audienceOf(turn.session)}`);
    turn.say("emergency");
  }
  turn.next("danger");
}

function submit(turn: Turn) {
  turn.effect({ type: "ticket.submit", confirmed: true });
  turn.session = { ...turn.session, step: "done", hasTicket: true, timerAt: null, editing: false };
  turn.say(turn.session.draft.contact === "tidak" ? "submitted.no_reply" : `submitted.reply_${audienceOf(turn.session)}`);
}

// ---------------------------------------------------------------------------------------------
// Media

const EVIDENCE_KINDS = new Set(["photo", "document", "video", "animation"]);
const SOUND_KINDS = new Set(["voice", "audio", "video_note"]);

function onMedia(turn: Turn, kind: string, caption: string | undefined) {
  const s = turn.session;
  if (caption !== undefined && mentionsEmergency(caption)) turn.say("emergency");
  if (kind === "sticker") {
    turn.say("input.sticker");
    return reaskOrWelcome(turn);
  }
  turn.draft({ evidence: s.draft.evidence + 1 });
  if (s.step === "done") {
    turn.effect({ type: "ticket.append" });
    return turn.say("after.appended_media");
  }
  if (caption !== undefined && !hasNoWords(caption)) keepStory(turn, caption);
  if (EVIDENCE_KINDS.has(kind)) turn.say("input.evidence_kept");
  else if (SOUND_KINDS.has(kind)) turn.say("input.voice_kept");
  else turn.say("input.media_kept");
  reaskOrWelcome(turn);
}

// ---------------------------------------------------------------------------------------------
// Commands

function onCommand(turn: Turn, command: Command, startSchool: { code: string; name: string } | null | undefined) {
  const s = turn.session;
  switch (command.name) {
    case "start":
    case "lapor": {
      const code = command.name === "start" ? schoolCodeFromStart(command.payload) : undefined;
      const school = code !== undefined && startSchool ? schoolRef(startSchool) : undefined;
      if (school) turn.draft({ schoolCode: school.code, schoolName: school.name });
      const at = reportStep(s);
      if (at !== "idle" && at !== "done" && at !== "role") {
        turn.session = { ...turn.session, back: at };
        return turn.go("restart");
      }
      if (at === "done") newReport(turn, school);
      return welcome(turn);
    }
    case "status":
      turn.recordInput = false;
      turn.effect({ type: "status.lookup", code: command.code, pin: command.pin });
      turn.replies.push({ key: STATUS_REPLY_KEY });
      return reaskIfPending(turn);
    case "bantuan":
      turn.say(`help.${audienceOf(s)}`);
      return reaskIfPending(turn);
    case "batal":
      return cancel(turn);
    case "bahasa":
      turn.session = { ...s, back: reportStep(s) };
      return turn.go("language");
  }
}

/** The school as the session can hold it (the intake's row may be longer than the draft allows). */
function schoolRef(school: { code: string; name: string }): { code: string; name: string } {
  return { code: school.code.slice(0, 40), name: school.name.slice(0, 200) };
}

function cancel(turn: Turn) {
  const s = turn.session;
  if (reportStep(s) === "done") {
    turn.session = { ...s, step: "done" };
    return turn.say("cancel.nothing");
  }
  if (s.hasTicket) {
    // A danger report already reached the peksos; cancelling must not take that back.
    turn.effect({ type: "ticket.submit", confirmed: false });
    turn.session = { ...s, step: "done", timerAt: null, editing: false };
    return turn.say("cancel.ticket_kept");
  }
  turn.effect({ type: "report.discard", reportSeq: s.reportSeq });
  newReport(turn);
  turn.say("cancel.done");
}

/** "Mulai dari awal" from the restart question. An open ticket is kept and submitted as it is. */
function startOver(turn: Turn) {
  const s = turn.session;
  if (s.hasTicket) turn.effect({ type: "ticket.submit", confirmed: false });
  else turn.effect({ type: "report.discard", reportSeq: s.reportSeq });
  const school = s.draft.schoolCode && s.draft.schoolName ? { code: s.draft.schoolCode, name: s.draft.schoolName } : undefined;
  newReport(turn, school);
  turn.go("role");
}

function newReport(turn: Turn, school?: { code: string; name: string }) {
  const s = turn.session;
  turn.session = {
    ...s,
    step: "idle",
    editing: false,
    reportSeq: s.reportSeq + 1,
    hasTicket: false,
    draft: { ...emptyDraft(), ...(school && { schoolCode: school.code, schoolName: school.name }) },
  };
  delete turn.session.back;
}

function reaskIfPending(turn: Turn) {
  if (questionFor(turn.session)) turn.ask();
}

function reaskOrWelcome(turn: Turn, back?: StepName) {
  if (back !== undefined) turn.session = { ...turn.session, step: back };
  if (turn.session.step === "idle") return welcome(turn);
  reaskIfPending(turn);
}
