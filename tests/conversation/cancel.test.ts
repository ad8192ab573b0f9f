import { describe, expect, it } from "vitest";
import { emptyDraft } from "../../bot/conversation/session.ts";
import { DANGER_REACH, REACH } from "./reach.ts";
import { plain, press, runTranscript } from "./transcript.ts";

/*
 * "batal" stops a report at any step. Before a ticket exists, what this report recorded is
 * discarded and the next message starts a fresh one. Once a child said they are in danger the
 * ticket stays: the questions stop, the report is submitted as it is. After submitting there
 * is nothing to cancel.
 */

const CANCEL_WORDS = ["/batal", "batal", "Batal!", "BATAL", "/cancel", "/stop", "/batal@LaporAmanBot", "cancel"];
const BEFORE_SUBMIT = REACH.filter((r) => r.step !== "done" && r.step !== "idle");

describe("cancel before any ticket: the report is discarded, the next one starts fresh", () => {
  const table = BEFORE_SUBMIT.flatMap((reach) => ["/batal", "batal"].map((word) => ({ word, reach, at: reach.label })));
  it.each(table)("$word at $at", ({ word, reach }) => {
    runTranscript([
      ...plain(reach.inputs),
      {
        input: word,
        expect: {
          step: "idle",
          replies: ["cancel.done"],
          effects: [{ type: "report.discard", reportSeq: 1 }],
          session: { reportSeq: 2, hasTicket: false, editing: false, timerAt: null },
        },
      },
      { input: "halo lagi", expect: { step: "role", replies: ["welcome", "ask.role"], session: { reportSeq: 2 }, draft: emptyDraft() } },
    ]);
  });

  it.each(CANCEL_WORDS)("%s cancels", (word) => {
    runTranscript([...plain(["halo", press("anak_diri")]), { input: word, expect: { replies: ["cancel.done"], effects: [{ type: "report.discard", reportSeq: 1 }] } }]);
  });

  it("a second report cancelled discards the second, not the first", () => {
    const done = REACH.find((r) => r.step === "done")!;
    runTranscript([
      ...plain(done.inputs),
      { input: "/lapor", expect: { step: "role", session: { reportSeq: 2 } } },
      { input: press("guru") },
      { input: "/batal", expect: { effects: [{ type: "report.discard", reportSeq: 2 }], session: { reportSeq: 3 } } },
    ]);
  });

  it("'batal' inside a story is story, not a cancel", () => {
    const story = REACH.find((r) => r.step === "story")!;
    runTranscript([
      ...plain(story.inputs),
      { input: "acaranya batal karena dia marah", expect: { step: "story", effects: [], replies: ["story.more_child", "ask.story_more_child"] } },
    ]);
  });
});

describe("cancel after danger 'ya': the ticket is kept and submitted, never discarded", () => {
  const table = DANGER_REACH.flatMap((reach) => ["/batal", "batal"].map((word) => ({ word, reach, at: reach.label })));
  it.each(table)("$word at $at", ({ word, reach }) => {
    const { log } = runTranscript([
      ...plain(reach.inputs),
      {
        input: word,
        expect: {
          step: "done",
          replies: ["cancel.ticket_kept"],
          effects: [{ type: "ticket.submit", confirmed: false }],
          session: { hasTicket: true, timerAt: null, reportSeq: 1 },
        },
      },
      { input: "dia datang lagi", expect: { step: "done", replies: ["after.appended"], effects: [{ type: "ticket.append" }] } },
      { input: "/batal", expect: { replies: ["cancel.nothing"], effects: [] } },
    ]);
    expect(log.flatMap((r) => r.result.effects).filter((e) => e.type === "report.discard")).toEqual([]);
  });
});

describe("cancel after submitting: nothing to cancel", () => {
  const done = REACH.find((r) => r.step === "done")!;
  it.each(["/batal", "batal"])("%s", (word) => {
    runTranscript([...plain(done.inputs), { input: word, expect: { step: "done", replies: ["cancel.nothing"], effects: [] } }]);
  });

  it("also from the language question asked after submitting", () => {
    runTranscript([
      ...plain(done.inputs),
      { input: "/bahasa", expect: { step: "language" } },
      { input: "/batal", expect: { step: "done", replies: ["cancel.nothing"], effects: [] } },
    ]);
  });
});
