import { describe, expect, it } from "vitest";
import { STEPS } from "../../bot/conversation/session.ts";
import { STATUS_REPLY_KEY, type Effect, type StepInput } from "../../bot/conversation/types.ts";
import { REACH, REACHED_STEPS, SCHOOL, type Reach } from "./reach.ts";
import { plain, press, questionOf, runTranscript, type Expect, type Turn } from "./transcript.ts";

/*
 * Every command at every step: the reporter always gets an answer, emergency words bring the
 * numbers first, /status never records the PIN, and afterwards the reporter is back on the
 * question they were on (unless they cancelled, started again or had already finished).
 */

interface Command {
  name: string;
  input: StepInput;
  emergency?: boolean;
  /** What the command turn must show, and the turns that follow it, given where it was typed. */
  then: (reach: Reach) => { expect: Expect; next?: Turn[] };
}

const lookup = (code: string | null, pin: string | null): Effect => ({ type: "status.lookup", code, pin });
const pending = (reach: Reach) => reach.question !== null;
const inProgress = (reach: Reach) => pending(reach) && reach.step !== "role";

/** The question they were on, asked again, after the command's own reply. */
function backOnQuestion(first: string[], reach: Reach): Expect {
  if (reach.step === "idle") return { step: "role", replies: [...first, "welcome", "ask.role"] };
  if (reach.step === "done") return { step: "done", replies: first };
  return { step: reach.step, replies: [...first, reach.question!] };
}

function emergencyWord(text: string): Command {
  return {
    name: text,
    input: { type: "text", text },
    emergency: true,
    // At "are you in danger right now?" the word is the answer: yes, with the ticket opened at once.
    then: (reach) =>
      reach.step === "danger"
        ? { expect: { step: "what", effects: [{ type: "ticket.open" }], session: { hasTicket: true } } }
        : { expect: { ...backOnQuestion(["emergency"], reach), effects: [] } },
  };
}

function status(text: string, effect: Effect): Command {
  return {
    name: text,
    input: { type: "text", text },
    then: (reach) => ({
      expect: {
        ...(reach.step === "idle" ? { step: "idle", replies: [STATUS_REPLY_KEY] } : backOnQuestion([STATUS_REPLY_KEY], reach)),
        effects: [effect],
        recordInput: false,
      },
    }),
  };
}

function startOrReport(name: string, input: StepInput, school: boolean): Command {
  const schoolDraft = school ? { schoolCode: SCHOOL.code, schoolName: SCHOOL.name } : {};
  return {
    name,
    input,
    then: (reach) => {
      if (inProgress(reach)) {
        return {
          expect: { step: "restart", replies: ["ask.restart"], choices: ["lanjut", "ulang"], effects: [], draft: schoolDraft, session: { reportSeq: 1 } },
          // Back where they were; the leaflet's school now known, the child question names it.
          next: [{ input: press("lanjut"), expect: { replies: [school && reach.step === "child" ? `${reach.resume}_school_known` : reach.resume!], effects: [] } }],
        };
      }
      // A new chat, the first question, or a report already sent: the welcome, for a new report after a sent one.
      const seq = reach.step === "done" ? 2 : reach.label.includes("cancel") ? 2 : 1;
      return { expect: { step: "role", replies: ["welcome", "ask.role"], effects: [], draft: schoolDraft, session: { reportSeq: seq, hasTicket: false } } };
    },
  };
}

const COMMANDS: Command[] = [
  startOrReport("/start", { type: "text", text: "/start" }, false),
  startOrReport("/start s_smpn3", { type: "text", text: "/start s_smpn3", startSchool: SCHOOL }, true),
  startOrReport("/lapor", { type: "text", text: "/lapor" }, false),
  status("/status", lookup(null, null)),
  status("/status MTR-7K3QX 1234", lookup("MTR-7K3QX", "1234")),
  {
    name: "/bantuan",
    input: { type: "text", text: "/bantuan" },
    then: (reach) => ({ expect: { ...(reach.step === "idle" ? { step: "idle", replies: ["help.child"] } : backOnQuestion(["help.child"], reach)), effects: [] } }),
  },
  {
    name: "/batal",
    input: { type: "text", text: "/batal" },
    then: (reach) =>
      reach.step === "done"
        ? { expect: { step: "done", replies: ["cancel.nothing"], effects: [] } }
        : { expect: { step: "idle", replies: ["cancel.done"], effects: [{ type: "report.discard", reportSeq: reach.label.includes("cancel") ? 2 : 1 }] } },
  },
  {
    name: "/bahasa",
    input: { type: "text", text: "/bahasa" },
    then: (reach) => ({
      expect: { step: "language", replies: ["ask.language"], choices: ["id", "en"], effects: [] },
      // Choosing English brings back the question they were on, now in English.
      next: [
        {
          input: press("en"),
          expect: {
            lang: "en",
            ...(reach.step === "idle"
              ? { step: "role", replies: ["language.changed", "welcome", "ask.role"] }
              : reach.step === "done"
                ? { step: "done", replies: ["language.changed"] }
                : { replies: ["language.changed", reach.resume!] }),
            text: "OK, we'll use English.",
          },
        },
      ],
    }),
  },
  emergencyWord("darurat"),
  emergencyWord("tolong"),
  emergencyWord("TOLONGGG!!"),
  emergencyWord("help"),
];

describe("the reach table", () => {
  it("covers every step", () => {
    expect([...REACHED_STEPS].sort()).toEqual([...STEPS].sort());
  });

  it.each(REACH)("$label is reached", (reach) => {
    if (reach.inputs.length === 0) return;
    const { last } = runTranscript(plain(reach.inputs));
    expect(last.result.session.step).toBe(reach.step);
    if (reach.question) expect(questionOf(last.result)?.key).toBe(reach.question);
  });
});

describe("every command at every step", () => {
  const table = REACH.flatMap((reach) => COMMANDS.map((command) => ({ reach, command, name: `${command.name} at ${reach.label}` })));

  it.each(table)("$name", ({ reach, command }) => {
    const { expect: want, next = [] } = command.then(reach);
    const { log } = runTranscript([...plain(reach.inputs), { input: command.input, expect: want }, ...next]);
    const turn = log[reach.inputs.length]!;
    if (command.emergency && reach.step === "danger") expect(turn.result.replies.map((r) => r.key)).toContain("emergency");
    else if (command.emergency) expect(turn.result.replies[0]?.key).toBe("emergency");
    if (command.name.startsWith("/status")) {
      expect(turn.result.recordInput).toBe(false);
      expect(turn.result.replies[0]?.key).toBe(STATUS_REPLY_KEY);
    }
    // After a command that leaves the report where it was, its buttons are the same question's.
    const answersDanger = command.emergency === true && reach.step === "danger";
    if (pending(reach) && !answersDanger && (command.name.startsWith("/status") || command.name === "/bantuan" || command.emergency)) {
      const before = log[reach.inputs.length - 1]!.result.session;
      expect(turn.result.session.draft).toEqual(before.draft);
      expect(turn.result.session.reportSeq).toBe(before.reportSeq);
    }
  });
});

describe("commands inside the asides (language, restart) look at the report underneath", () => {
  it("/lapor after /bahasa in a new chat: the welcome, not 'you are in the middle of a report'", () => {
    runTranscript([
      { input: "/bahasa", expect: { step: "language" } },
      { input: "/lapor", expect: { step: "role", replies: ["welcome", "ask.role"] } },
    ]);
  });

  it("/lapor after /bahasa once the report is sent: a new report", () => {
    runTranscript([
      ...plain(REACH.find((r) => r.step === "done")!.inputs),
      { input: "/bahasa", expect: { step: "language" } },
      { input: "/lapor", expect: { step: "role", replies: ["welcome", "ask.role"], session: { reportSeq: 2, hasTicket: false } } },
    ]);
  });

  it("/bahasa at the restart question, then a language: back on the report's question", () => {
    runTranscript([
      ...plain(REACH.find((r) => r.step === "restart")!.inputs),
      { input: "/bahasa", expect: { step: "language", session: { back: "what" } } },
      { input: "english", expect: { step: "what", replies: ["language.changed", "ask.what_self"] } },
    ]);
  });
});
