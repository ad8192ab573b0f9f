import { describe, expect, it } from "vitest";
import { REACH, STORY } from "./reach.ts";
import { plain, press, runTranscript, T0, TIMER, type Turn } from "./transcript.ts";

/*
 * Time is an input: the intake sends a timer turn when `timerAt` comes. One reminder 30 minutes
 * after the reporter's last message; two hours after it, a report with something worth keeping
 * (danger said, or a story told) is submitted as it is; an empty one is left alone.
 */

const SUBMIT_INCOMPLETE = [{ type: "ticket.submit", confirmed: false }] as const;
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000).toISOString();

const CASES: { name: string; turns: Turn[] }[] = [
  {
    name: "an empty report: one reminder, then left alone",
    turns: [
      { input: "halo", expect: { step: "role", session: { timerAt: minutes(31), reminded: false } } },
      { input: TIMER, wait: 10, expect: { replies: [], effects: [] } },
      { input: TIMER, wait: 20, expect: { step: "role", replies: ["timer.reminder_child", "ask.role"], effects: [], session: { reminded: true, timerAt: null } } },
      { input: TIMER, wait: 30, expect: { replies: [], effects: [] } },
      { input: TIMER, wait: 120, expect: { replies: [], effects: [], step: "role" } },
    ],
  },
  {
    name: "a story told: reminder at 30 minutes, submitted as it is 2 hours after the last message",
    turns: [
      ...plain(REACH.find((r) => r.step === "story")!.inputs),
      { input: STORY, expect: { session: { timerAt: minutes(35 ) } } },
      { input: TIMER, wait: 29, expect: { replies: [] } },
      { input: TIMER, wait: 1, expect: { replies: ["timer.reminder_child", "ask.story_more_child"], session: { reminded: true, timerAt: minutes(5 + 120) } } },
      { input: TIMER, wait: 30, expect: { replies: [], effects: [] } },
      { input: TIMER, wait: 60, expect: { step: "done", replies: ["timer.auto_submitted_child"], effects: [...SUBMIT_INCOMPLETE], session: { timerAt: null, hasTicket: true } } },
      { input: TIMER, wait: 60, expect: { replies: [], effects: [] } },
      { input: "maaf tadi aku tidur", expect: { step: "done", replies: ["after.appended"], effects: [{ type: "ticket.append" }] } },
    ],
  },
  {
    name: "danger said: the open ticket is submitted 2 hours after the last message",
    turns: [
      { input: "halo" },
      { input: press("anak_diri") },
      { input: press("ya"), expect: { effects: [{ type: "ticket.open" }] } },
      { input: TIMER, wait: 30, expect: { replies: ["timer.reminder_child", "ask.what_self"], effects: [] } },
      // The reminder asked the same question: its buttons still answer it.
      { input: press("dipukul", "first"), wait: 10, expect: { step: "story", effects: [{ type: "ticket.sync" }], session: { reminded: false } } },
      { input: TIMER, wait: 30, expect: { replies: ["timer.reminder_child", "ask.story_child"] } },
      { input: TIMER, wait: 89, expect: { replies: [] } },
      { input: TIMER, wait: 1, expect: { step: "done", replies: ["timer.auto_submitted_child"], effects: [...SUBMIT_INCOMPLETE] } },
    ],
  },
  {
    name: "an adult's reminder and auto-submit speak to Bapak/Ibu",
    turns: [
      { input: "halo" },
      { input: press("orang_tua") },
      { input: press("tidak") },
      { input: "Anak saya dipalak tiap pulang sekolah", expect: { step: "story" } },
      { input: TIMER, wait: 30, expect: { replies: ["timer.reminder_adult", "ask.story_more_adult"], text: "Bapak/Ibu" } },
      { input: TIMER, wait: 90, expect: { replies: ["timer.auto_submitted_adult"], effects: [...SUBMIT_INCOMPLETE], text: "Bapak/Ibu" } },
    ],
  },
  {
    name: "any input resets the clock, and after it another reminder may come",
    turns: [
      { input: "halo" },
      { input: TIMER, wait: 30, expect: { replies: ["timer.reminder_child", "ask.role"] } },
      { input: press("anak_diri"), wait: 5, expect: { session: { reminded: false, timerAt: minutes(1 + 30 + 5 + 30) } } },
      { input: TIMER, wait: 29, expect: { replies: [] } },
      { input: press("tidak"), wait: 0.5 },
      // 30 minutes after the first answer, but only 29.5 after the last: not yet.
      { input: TIMER, wait: 0.5, expect: { replies: [] } },
      { input: TIMER, wait: 29.5, expect: { replies: ["timer.reminder_child", "ask.what_self"] } },
    ],
  },
  {
    name: "no timer after cancel or submit",
    turns: [
      { input: "halo" },
      { input: "/batal", expect: { session: { timerAt: null } } },
      { input: TIMER, wait: 60, expect: { replies: [] } },
      ...plain(REACH.find((r) => r.step === "done")!.inputs),
      { input: TIMER, wait: 60, expect: { replies: [], step: "done" } },
    ],
  },
  {
    name: "/bahasa when nothing is under way sets no reminder",
    turns: [
      { input: "/bahasa", expect: { step: "language", session: { timerAt: null } } },
      { input: TIMER, wait: 30, expect: { replies: [] } },
      { input: press("en"), expect: { step: "role", lang: "en" } },
      { input: TIMER, wait: 30, expect: { replies: ["timer.reminder_child", "ask.role"] } },
    ],
  },
];

describe("timers", () => {
  it.each(CASES)("$name", ({ turns }) => {
    runTranscript(turns);
  });

  it("a stale timer (planned before the reporter wrote again) does not cancel the new one", () => {
    const { log } = runTranscript([
      { input: "halo" },
      { input: press("anak_diri"), wait: 20 },
      // The job planned for the first message fires at its old time: too early now.
      { input: TIMER, wait: 10, expect: { replies: [] } },
      { input: TIMER, wait: 20, expect: { replies: ["timer.reminder_child", "ask.danger_self"] } },
    ]);
    expect(log[2]!.result.session.timerAt).toBe(log[1]!.result.session.timerAt);
  });
});
