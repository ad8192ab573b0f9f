import { describe, it } from "vitest";
import type { SchoolRef, StepInput } from "../../bot/conversation/types.ts";
import { REACH, SCHOOL } from "./reach.ts";
import { plain, press, runTranscript, type Turn } from "./transcript.ts";

/*
 * A school's leaflet links to "/start s_<code>": when the intake knows the code, the report
 * carries the school and the child question asks only for the class or age, naming the school.
 */

const startAt = (text: string, startSchool: SchoolRef | null): StepInput => ({
  type: "text",
  text,
  startSchool,
});

/** From the role question to the child question, for a role. */
const toChild = (role: string): Turn[] => plain([press(role), press("tidak"), press("diejek"), press("sudah")]);

const CASES: { name: string; turns: Turn[] }[] = [
  {
    name: "a child from the school's leaflet",
    turns: [
      { input: startAt("/start s_smpn3", SCHOOL), expect: { step: "role", replies: ["welcome", "ask.role"], draft: { schoolCode: "smpn3", schoolName: SCHOOL.name } } },
      ...toChild("anak_diri"),
      { input: "/status", expect: { replies: ["$status", "ask.child_self_child_school_known"], params: { school: SCHOOL.name } } },
      { input: "kelas 8", expect: { step: "when", draft: { victimGrade: "8", schoolName: SCHOOL.name } } },
      { input: press("sekali") },
      { input: press("anonim"), expect: { params: { child: `kelas 8, ${SCHOOL.name}` } } },
    ],
  },
  {
    name: "a friend, from the leaflet",
    turns: [{ input: startAt("/start s_smpn3", SCHOOL) }, ...toChild("anak_teman"), { input: "/bantuan", expect: { replies: ["help.child", "ask.child_other_child_school_known"], params: { school: SCHOOL.name } } }],
  },
  {
    name: "a teacher, from the leaflet",
    turns: [
      { input: startAt("/start s_smpn3", SCHOOL) },
      ...toChild("guru"),
      { input: "/bantuan", expect: { replies: ["help.adult", "ask.child_other_adult_school_known"], params: { school: SCHOOL.name } } },
    ],
  },
  {
    name: "an unknown school code: the usual question",
    turns: [
      { input: startAt("/start s_tidakada", null), expect: { replies: ["welcome", "ask.role"], absent: ["schoolCode", "schoolName"] } },
      ...toChild("anak_diri"),
      { input: "/bantuan", expect: { replies: ["help.child", "ask.child_self_child"] } },
    ],
  },
  {
    name: "a school code the intake did not look up: the usual question",
    turns: [{ input: "/start s_smpn3", expect: { absent: ["schoolCode"] } }, ...toChild("anak_diri"), { input: "/bantuan", expect: { replies: ["help.child", "ask.child_self_child"] } }],
  },
  {
    name: "a start payload that is not a school",
    turns: [{ input: startAt("/start ref_facebook", SCHOOL), expect: { replies: ["welcome", "ask.role"], absent: ["schoolCode"] } }],
  },
  {
    name: "the leaflet's link in the middle of a report, then starting again keeps the school",
    turns: [
      ...plain(REACH.find((r) => r.step === "what")!.inputs),
      { input: startAt("/start s_smpn3", SCHOOL), expect: { step: "restart", draft: { schoolName: SCHOOL.name } } },
      { input: press("ulang"), expect: { step: "role", effects: [{ type: "report.discard", reportSeq: 1 }], session: { reportSeq: 2 }, draft: { schoolName: SCHOOL.name, story: [] } } },
      ...toChild("anak_diri"),
      { input: "/bantuan", expect: { replies: ["help.child", "ask.child_self_child_school_known"] } },
    ],
  },
  {
    name: "the leaflet's link after a report was sent starts a new one with the school",
    turns: [
      ...plain(REACH.find((r) => r.step === "done")!.inputs),
      { input: startAt("/start@LaporAmanBot s_smpn3", SCHOOL), expect: { step: "role", replies: ["welcome", "ask.role"], session: { reportSeq: 2 }, draft: { schoolCode: "smpn3" } } },
    ],
  },
  {
    name: "a school row longer than the session allows is cut, not refused",
    turns: [{ input: startAt("/start s_smpn3", { code: "x".repeat(60), name: "SMP ".repeat(80) }), expect: { step: "role" } }],
  },
];

describe("deep link from a school's leaflet", () => {
  it.each(CASES)("$name", ({ turns }) => {
    runTranscript(turns);
  });
});
