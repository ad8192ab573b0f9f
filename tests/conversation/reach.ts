import type { StepName } from "../../bot/conversation/session.ts";
import { press, type TurnInput } from "./transcript.ts";

/*
 * How to reach each step of the flow from a new chat: a child reporting about themself, no
 * danger. The matrices (every command, every kind of junk, cancel) start from each of these.
 */

export const SCHOOL = { code: "smpn3", name: "SMP Negeri 3 Metro" };
export const STORY = "Aku diejek terus sama kakak kelas di kantin";

const toRole: TurnInput[] = ["halo"];
const toDanger: TurnInput[] = [...toRole, press("anak_diri")];
const toWhat: TurnInput[] = [...toDanger, press("tidak")];
const toStory: TurnInput[] = [...toWhat, press("diejek")];
const toChild: TurnInput[] = [...toStory, STORY, press("sudah")];
const toWhen: TurnInput[] = [...toChild, "kelas 5, SD Negeri 2 Metro Barat"];
const toContact: TurnInput[] = [...toWhen, press("beberapa_kali")];
const toName: TurnInput[] = [...toContact, press("nama")];
const toSummary: TurnInput[] = [...toName, "Dina"];
const toEdit: TurnInput[] = [...toSummary, press("ubah")];
const toRestart: TurnInput[] = [...toWhat, "/lapor"];
const toLanguage: TurnInput[] = [...toWhat, "/bahasa"];
const toDone: TurnInput[] = [...toSummary, press("kirim")];

export interface Reach {
  label: string;
  step: StepName;
  inputs: TurnInput[];
  /** The question on screen (null: none pending). */
  question: string | null;
  /** The question a "lanjut" or a language choice returns to (differs for the asides restart and language). */
  resume: string | null;
  /** Steps where typed text is an answer in the reporter's own words, not a button. */
  kind: "idle" | "done" | "choice" | "story" | "child" | "name" | "what" | "when";
}

export const REACH: Reach[] = [
  { label: "idle (new chat)", step: "idle", inputs: [], question: null, resume: null, kind: "idle" },
  { label: "idle (after a cancel)", step: "idle", inputs: [...toDanger, "/batal"], question: null, resume: null, kind: "idle" },
  { label: "role", step: "role", inputs: toRole, question: "ask.role", resume: "ask.role", kind: "choice" },
  { label: "danger", step: "danger", inputs: toDanger, question: "ask.danger_self", resume: "ask.danger_self", kind: "choice" },
  { label: "what", step: "what", inputs: toWhat, question: "ask.what_self", resume: "ask.what_self", kind: "what" },
  { label: "story", step: "story", inputs: toStory, question: "ask.story_child", resume: "ask.story_child", kind: "story" },
  { label: "child", step: "child", inputs: toChild, question: "ask.child_self_child", resume: "ask.child_self_child", kind: "child" },
  { label: "when", step: "when", inputs: toWhen, question: "ask.when_child", resume: "ask.when_child", kind: "when" },
  { label: "contact", step: "contact", inputs: toContact, question: "ask.contact_child", resume: "ask.contact_child", kind: "choice" },
  { label: "name", step: "name", inputs: toName, question: "ask.name_child", resume: "ask.name_child", kind: "name" },
  { label: "summary", step: "summary", inputs: toSummary, question: "ask.summary_child", resume: "ask.summary_child", kind: "choice" },
  { label: "edit", step: "edit", inputs: toEdit, question: "ask.edit", resume: "ask.edit", kind: "choice" },
  { label: "restart", step: "restart", inputs: toRestart, question: "ask.restart", resume: "ask.what_self", kind: "choice" },
  { label: "language", step: "language", inputs: toLanguage, question: "ask.language", resume: "ask.what_self", kind: "choice" },
  { label: "done", step: "done", inputs: toDone, question: null, resume: null, kind: "done" },
];

/** Every step of the flow has a way to reach it. */
export const REACHED_STEPS = new Set(REACH.map((r) => r.step));

/** The same, with the danger answered "ya": a ticket is open from then on. */
export const DANGER_REACH: { label: string; step: StepName; inputs: TurnInput[] }[] = [
  { label: "what", step: "what", inputs: [...toDanger, press("ya")] },
  { label: "story", step: "story", inputs: [...toDanger, press("ya"), press("dipukul")] },
  { label: "child", step: "child", inputs: [...toDanger, press("ya"), press("dipukul"), STORY, press("sudah")] },
  { label: "when", step: "when", inputs: [...toDanger, press("ya"), press("dipukul"), STORY, press("sudah"), "12 tahun"] },
  { label: "contact", step: "contact", inputs: [...toDanger, press("ya"), press("dipukul"), STORY, press("sudah"), press("lewati"), press("sekali")] },
  {
    label: "name",
    step: "name",
    inputs: [...toDanger, press("ya"), press("dipukul"), press("sudah"), press("lewati"), press("sekali"), press("nama")],
  },
  {
    label: "summary",
    step: "summary",
    inputs: [...toDanger, press("ya"), press("dipukul"), press("sudah"), press("lewati"), press("sekali"), press("anonim")],
  },
  {
    label: "edit",
    step: "edit",
    inputs: [...toDanger, press("ya"), press("dipukul"), press("sudah"), press("lewati"), press("sekali"), press("anonim"), press("ubah")],
  },
  { label: "restart", step: "restart", inputs: [...toDanger, press("ya"), "/lapor"] },
  { label: "language", step: "language", inputs: [...toDanger, press("ya"), "/bahasa"] },
];
