import { describe, expect, it } from "vitest";
import { MAX_STORY_PART } from "../../bot/conversation/session.ts";
import type { StepInput } from "../../bot/conversation/types.ts";
import { REACH, type Reach } from "./reach.ts";
import { choice, media, plain, press, runTranscript, type Expect, type TurnRecord } from "./transcript.ts";

/*
 * Whatever arrives, at whatever step: a kind reply, a valid session, the same question again
 * (or the next one when the input answered it), and nothing the reporter sent is lost.
 */

const LONG = "aku dipukul di kantin sama kakak kelas terus diancam jangan bilang siapa-siapa. ".repeat(70).slice(0, 5000);
const RTL = "\u202Eمرحبا، أحتاج مساعدة";

type Outcome = Record<Reach["kind"], Expect>;

/** The reply to junk that is not an answer: a word about it, then the question again. */
function again(first: string[], reach: Reach): Expect {
  return { step: reach.step, replies: [...first, reach.question!] };
}
const WELCOME: Expect = { step: "role", replies: ["welcome", "ask.role"] };
const APPENDED: Expect = { step: "done", replies: ["after.appended"], effects: [{ type: "ticket.append" }] };

interface Junk {
  name: string;
  input: StepInput;
  expect: (reach: Reach) => Expect;
  /** Nothing lost: what must hold between the session before and after. */
  kept?: (before: TurnRecord, after: TurnRecord) => void;
}

const byKind = (reach: Reach, outcome: Partial<Outcome> & { choice: Expect }): Expect => outcome[reach.kind] ?? outcome.choice;
const oneMoreEvidence = (before: TurnRecord, after: TurnRecord) =>
  expect(after.result.session.draft.evidence).toBe(before.result.session.draft.evidence + 1);
const sameEvidence = (before: TurnRecord, after: TurnRecord) =>
  expect(after.result.session.draft.evidence).toBe(before.result.session.draft.evidence);

function media_(kind: "voice" | "photo", word: string): Junk {
  return {
    name: `a ${kind === "voice" ? "voice note" : "photo"}`,
    input: media(kind),
    expect: (reach) =>
      reach.kind === "idle"
        ? { step: "role", replies: [word, "welcome", "ask.role"] }
        : reach.kind === "done"
          ? { step: "done", replies: ["after.appended_media"], effects: [{ type: "ticket.append" }] }
          : { ...again([word], reach), effects: [] },
    kept: oneMoreEvidence,
  };
}

function unanswered(name: string, input: StepInput): Junk {
  return {
    name,
    input,
    expect: (reach) =>
      reach.kind === "idle" ? WELCOME : reach.kind === "done" ? { step: "done", replies: ["after.old_button"], effects: [] } : { ...again(["input.old_button"], reach), effects: [] },
    kept: sameEvidence,
  };
}

const JUNK: Junk[] = [
  {
    name: "a sticker",
    input: media("sticker"),
    expect: (reach) =>
      reach.kind === "idle" ? { step: "role", replies: ["input.sticker", "welcome", "ask.role"] } : reach.kind === "done" ? { replies: ["input.sticker"] } : again(["input.sticker"], reach),
    kept: sameEvidence,
  },
  media_("voice", "input.voice_kept"),
  media_("photo", "input.evidence_kept"),
  unanswered("an old button (the first question's)", choice("1:anak_diri")),
  unanswered("a malformed choice id", choice("abc")),
  unanswered("a choice id with no value", choice("1:")),
  unanswered("a choice id with a huge menu number", choice("99999999999:ya")),
  unanswered("a choice id in capitals", choice("1:YA")),
  unanswered("a choice id with a path", choice("2:../../etc/passwd")),
  unanswered("an empty choice id", choice("")),
  {
    name: "a 5,000-character message",
    input: { type: "text", text: LONG },
    expect: (reach) =>
      byKind(reach, {
        idle: { step: "role", replies: ["welcome", "kept_for_later", "ask.role"] },
        done: APPENDED,
        choice: again(["kept_for_later"], reach),
        what: { step: "story", replies: ["story.thanks_child", "ask.story_more_child"], draft: { what: "lainnya" } },
        story: { step: "story", replies: ["input.long_kept", "story.more_child", "ask.story_more_child"] },
        child: { step: "when", replies: ["ask.when_child"], draft: { child: LONG } },
        when: { step: "contact", replies: ["ask.contact_child"], draft: { whenText: LONG } },
        name: again(["kept_for_later"], reach),
      }),
    kept: (_before, after) => {
      const draft = after.result.session.draft;
      const whole = draft.story.includes(LONG) || draft.child === LONG || draft.whenText === LONG;
      expect(whole || after.result.effects.some((e) => e.type === "ticket.append"), "the long message is kept whole").toBe(true);
    },
  },
  ...["😢😭🙏", "   "].map(
    (text): Junk => ({
      name: text.trim() === "" ? "only spaces" : "only emoji",
      input: { type: "text", text },
      expect: (reach) =>
        byKind(reach, {
          idle: WELCOME,
          done: APPENDED,
          choice: again(["input.emoji_only"], reach),
          story: again(["input.emoji_only_story"], reach),
        }),
    }),
  ),
  {
    name: "a number out of range",
    input: { type: "text", text: "9" },
    expect: (reach) =>
      byKind(reach, { idle: WELCOME, done: APPENDED, choice: again(["input.choose_one"], reach), child: { step: "when", draft: { victimAge: 9 } } }),
  },
  {
    name: "right-to-left text",
    input: { type: "text", text: RTL },
    expect: (reach) =>
      byKind(reach, {
        idle: WELCOME,
        done: APPENDED,
        choice: again(["input.choose_one"], reach),
        what: { step: "story", replies: ["story.thanks_child", "ask.story_more_child"], draft: { story: [RTL] } },
        story: { step: "story", replies: ["story.more_child", "ask.story_more_child"], draft: { story: [RTL] } },
        child: { step: "when", draft: { child: RTL } },
        when: { step: "contact", draft: { whenText: RTL } },
        name: { step: "summary", draft: { name: RTL } },
      }),
  },
];

describe("junk at every step", () => {
  const table = REACH.flatMap((reach) =>
    JUNK.filter((junk) => !(reach.step === "role" && junk.input.type === "choice" && junk.input.choiceId === "1:anak_diri")).map((junk) => ({
      reach,
      junk,
      name: `${junk.name} at ${reach.label}`,
    })),
  );

  it.each(table)("$name", ({ reach, junk }) => {
    const { log } = runTranscript([...plain(reach.inputs), { input: junk.input, expect: junk.expect(reach) }]);
    const after = log.at(-1)!;
    const before = log.at(-2);
    if (before) junk.kept?.(before, after);
    // Never a ticket from junk, never a report thrown away.
    expect(after.result.effects.filter((e) => e.type !== "ticket.append")).toEqual([]);
  });
});

describe("junk, one at a time", () => {
  it("an old button at the first question (after a language change)", () => {
    runTranscript([
      { input: "/bahasa", expect: { step: "language" } },
      { input: press("id"), expect: { step: "role", replies: ["language.changed", "welcome", "ask.role"] } },
      { input: press("en", "first"), expect: { step: "role", replies: ["input.old_button", "ask.role"], lang: "id" } },
    ]);
  });

  it("the same question asked again keeps its buttons valid (a story in parts, then the first 'Sudah')", () => {
    runTranscript([
      ...plain(REACH.find((r) => r.step === "story")!.inputs),
      { input: "bagian satu", expect: { replies: ["story.more_child", "ask.story_more_child"] } },
      { input: "bagian dua" },
      { input: "/bantuan" },
      { input: press("sudah", "first"), expect: { step: "child", draft: { story: ["bagian satu", "bagian dua"] } } },
    ]);
  });

  it("a story part longer than the cap keeps the first MAX_STORY_PART characters", () => {
    const huge = "a b ".repeat(15_000);
    const { last } = runTranscript([...plain(REACH.find((r) => r.step === "story")!.inputs), { input: huge, expect: { includes: ["input.long_kept"] } }]);
    expect(last.result.session.draft.story.at(-1)).toBe(huge.slice(0, MAX_STORY_PART));
  });

  it("photos with a caption: counted as evidence, the caption kept as story", () => {
    runTranscript([
      ...plain(REACH.find((r) => r.step === "what")!.inputs),
      { input: media("photo", "ini lukanya"), expect: { step: "what", replies: ["input.evidence_kept", "ask.what_self"], draft: { evidence: 1, story: ["ini lukanya"] } } },
      { input: media("document"), expect: { draft: { evidence: 2 } } },
      { input: media("location"), expect: { replies: ["input.media_kept", "ask.what_self"], draft: { evidence: 3 } } },
      { input: media("sticker"), expect: { draft: { evidence: 3 } } },
    ]);
  });

  it("a long text at the summary: kept, and the summary still fits one message", () => {
    const { last } = runTranscript([...plain(REACH.find((r) => r.step === "summary")!.inputs), { input: LONG, expect: { step: "summary" } }]);
    const story = last.result.replies.at(-1)?.params?.story;
    expect(typeof story === "string" && story.length).toBeLessThanOrEqual(301);
  });

  it("a name that is really a story is kept as story", () => {
    runTranscript([
      ...plain(REACH.find((r) => r.step === "name")!.inputs),
      { input: LONG.slice(0, 300), expect: { step: "name", replies: ["kept_for_later", "ask.name_child"], absent: ["name"] } },
      { input: "Dina", expect: { step: "summary", draft: { name: "Dina" } } },
    ]);
  });
});
