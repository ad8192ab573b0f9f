import type { BotMessage } from "../tests/support/telegram-emulator.ts";
import type { Chat, Exchange, Until } from "./load-chats.ts";

/*
 * One simulated person reporting through Telegram for bench/load.ts: a whole report from the
 * greeting to "kirim" (and, in the load phase, a message or two after it), one message at a
 * time, waiting for the bot's reply before the next, pressing the buttons the bot sent. The mix
 * of roles and of priorities comes from what they say: stories picked to be triaged tinggi,
 * sedang or rendah, and "ya" to the danger question for darurat. The triage decides; the bench
 * reads the priorities back from the database.
 */

type Role = "anak_diri" | "anak_teman" | "orang_tua" | "guru" | "lainnya";
type Intended = "darurat" | "tinggi" | "sedang" | "rendah";

interface Story {
  roles: readonly Role[];
  /** The "what happened" button. */
  what: string;
  text: string;
  /** The "when" button. */
  when: string;
  priority: Exclude<Intended, "darurat">;
}

const STORIES: readonly Story[] = [
  { roles: ["anak_diri"], what: "dipukul", text: "aku didorong sampai jatuh dan berdarah waktu pulang sekolah", when: "sekali", priority: "tinggi" },
  { roles: ["anak_teman"], what: "dipukul", text: "temanku dipukul pakai kayu sampai kepalanya luka", when: "sekali", priority: "tinggi" },
  { roles: ["orang_tua"], what: "dipukul", text: "anak saya dipukul gurunya sampai memar", when: "sekali", priority: "tinggi" },
  { roles: ["guru"], what: "tidak_diurus", text: "murid saya sering datang dengan memar di lengan dan tidak diberi makan", when: "masih_terjadi", priority: "tinggi" },
  { roles: ["guru", "lainnya"], what: "dipaksa_kerja", text: "anak itu disuruh mengemis di lampu merah oleh pamannya", when: "masih_terjadi", priority: "tinggi" },
  { roles: ["anak_diri"], what: "diejek", text: "kakak kelas mengejek aku tiap istirahat di kantin", when: "masih_terjadi", priority: "sedang" },
  { roles: ["anak_diri"], what: "diejek", text: "uang jajanku diambil terus sama anak kelas sebelah", when: "masih_terjadi", priority: "sedang" },
  { roles: ["anak_teman"], what: "dijauhi", text: "temanku dijauhi satu kelas sejak pindah", when: "beberapa_kali", priority: "sedang" },
  { roles: ["anak_teman", "orang_tua"], what: "siber", text: "fotonya diedit dan disebar di grup kelas", when: "sudah_berhenti", priority: "sedang" },
  { roles: ["guru"], what: "diejek", text: "murid saya diejek teman sekelasnya karena logatnya", when: "masih_terjadi", priority: "sedang" },
  { roles: ["lainnya", "guru"], what: "lainnya", text: "mau tanya bagaimana cara melapor perundungan", when: "sekali", priority: "rendah" },
  { roles: ["orang_tua"], what: "lainnya", text: "anak saya bertengkar sekali dengan temannya, sudah baikan", when: "sudah_berhenti", priority: "rendah" },
  { roles: ["anak_diri", "lainnya"], what: "lainnya", text: "kak aku cuma mau tanya nomor sapa 129 berapa", when: "sekali", priority: "rendah" },
];

const GREETINGS = ["halo", "hai kak", "permisi", "/start", "selamat siang"];
/** A second part of the story, for some: words that add nothing the triage weighs. */
const MORE = ["itu saja yang aku tahu", "kejadiannya di sekolah", "saya belum cerita ke siapa-siapa"];
/** null: the "lewati" button. */
const CHILD = ["kelas 5 SD Negeri 2 Metro Barat", "umur 12 tahun, kelas 7 SMP", "10 tahun", null];
const FOLLOW_UP = ["terima kasih kak", "kapan ada yang bales kak?", "tadi lupa, kejadiannya dekat kantin"];
/** Non-darurat reports: about a third told to be triaged tinggi, the rest sedang and rendah. */
const PRIORITY_MIX: readonly [Exclude<Intended, "darurat">, number][] = [
  ["tinggi", 0.3],
  ["sedang", 0.45],
  ["rendah", 0.25],
];

export interface ReportPlan {
  greeting: string;
  role: Role;
  danger: "ya" | "tidak" | "tidak_tahu";
  what: string;
  story: string[];
  child: string | null;
  when: string;
  contact: "anonim" | "tidak";
  followUps: string[];
}

const pick = <T>(rnd: () => number, values: readonly T[]): T => values[Math.floor(rnd() * values.length)]!;

/** A report to make: darurat ones answer "ya" to the danger question; the others tell a story of the mix. */
export function planReport(rnd: () => number, options: { darurat: boolean; followUps: boolean }): ReportPlan {
  let intended: Intended = "darurat";
  if (!options.darurat) {
    const roll = rnd();
    let sum = 0;
    intended = PRIORITY_MIX.find(([, share]) => (sum += share) > roll)?.[0] ?? "sedang";
  }
  const story = pick(rnd, intended === "darurat" ? STORIES : STORIES.filter((s) => s.priority === intended));
  return {
    greeting: pick(rnd, GREETINGS),
    role: pick(rnd, story.roles),
    // One in twenty of the others is unsure: the triage counts that as tinggi.
    danger: options.darurat ? "ya" : rnd() < 0.05 ? "tidak_tahu" : "tidak",
    what: story.what,
    story: rnd() < 0.3 ? [story.text, pick(rnd, MORE)] : [story.text],
    child: pick(rnd, CHILD),
    when: story.when,
    contact: rnd() < 0.8 ? "anonim" : "tidak",
    followUps: options.followUps ? Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => pick(rnd, FOLLOW_UP)) : [],
  };
}

export interface MessageStats {
  /** A message the bot answered: ms to its first reply, and when that reply came (performance.now()). */
  answered(firstMs: number, at: number): void;
  /** A message the bot did not answer within the reply timeout. */
  unanswered(): void;
}

export interface ReportOutcome {
  /** "kirim" was answered with the report's code. */
  submitted: boolean;
  /** The code the bot told this person (at "ya" for danger, else at "kirim"); null before any. */
  code: string | null;
  /** "kirim" was answered, but with no code: the report is lost as far as the person knows. */
  submittedWithoutCode: boolean;
  /** When the message that made the ticket was sent: "ya" for danger, else "kirim" (performance.now()). */
  ticketSentAt: number | null;
  /** When the bot's first reply to that message came: the alert's work starts after its commit. */
  ticketRepliedAt: number | null;
  /** What went wrong when the flow did not go as a person would expect (a reply never coming is counted apart). */
  error?: string;
}

/** A ticket code as the bot writes it: the unit's three letters and five from the code alphabet. */
const CODE = /\b[A-Z]{3}-[2-9A-Z]{5}\b/;

class Ended extends Error {
  constructor(readonly reason: "stopped" | "unanswered" | "failed", message: string = reason) {
    super(message);
  }
}

/**
 * Runs one report in `chat`. Before each message `stop()` is asked: when true the person walks
 * away, as reporters do (the report stays unfinished). Never throws: the outcome says how it ended.
 */
export async function runReport(
  chat: Chat,
  plan: ReportPlan,
  stats: MessageStats,
  options: { replyTimeoutMs: number; stop: () => boolean },
): Promise<ReportOutcome> {
  const outcome: ReportOutcome = { submitted: false, code: null, submittedWithoutCode: false, ticketSentAt: null, ticketRepliedAt: null };
  let sent = 0;
  let last: BotMessage[] = [];

  const settle = (exchange: Exchange): Exchange => {
    sent++;
    if (exchange.firstMs === undefined || exchange.firstAt === undefined) {
      stats.unanswered();
      throw new Ended("unanswered");
    }
    stats.answered(exchange.firstMs, exchange.firstAt);
    if (!exchange.complete) {
      const got = `${exchange.messages.length} bot messages, no question`;
      throw new Ended("failed", `reply to message ${sent} incomplete after ${options.replyTimeoutMs} ms (${got})`);
    }
    last = exchange.messages;
    return exchange;
  };
  const text = async (value: string, until: Until = "question") => {
    if (options.stop()) throw new Ended("stopped");
    return settle(await chat.text(value, until, options.replyTimeoutMs));
  };
  const press = async (value: string, until: Until = "question") => {
    if (options.stop()) throw new Ended("stopped");
    const message = [...last].reverse().find((m) => m.buttons.some((row) => row.some((b) => b.data.endsWith(`:${value}`))));
    const button = message?.buttons.flat().find((b) => b.data.endsWith(`:${value}`));
    if (!message || !button) throw new Ended("failed", `no button "${value}" after message ${sent}`);
    return settle(await chat.press(message, button.data, until, options.replyTimeoutMs));
  };
  const codeIn = (exchange: Exchange) => exchange.messages.map((m) => CODE.exec(m.text)?.[0]).find((c) => c !== undefined);

  try {
    await text(plan.greeting);
    await press(plan.role);
    const afterDanger = await press(plan.danger);
    if (plan.danger === "ya") {
      const code = codeIn(afterDanger);
      if (code === undefined) throw new Ended("failed", `"ya" to danger told no code`);
      outcome.code = code;
      outcome.ticketSentAt = afterDanger.sentAt;
      outcome.ticketRepliedAt = afterDanger.firstAt ?? null;
    }
    await press(plan.what);
    for (const part of plan.story) await text(part);
    await press("sudah");
    if (plan.child === null) await press("lewati");
    else await text(plan.child);
    await press(plan.when);
    await press(plan.contact);
    const submitted = await press("kirim", "message");
    const code = codeIn(submitted);
    if (code === undefined) {
      outcome.submittedWithoutCode = true;
      throw new Ended("failed", `"kirim" told no code`);
    }
    if (outcome.code !== null && code !== outcome.code) throw new Ended("failed", "the code at kirim is not the one told at ya");
    outcome.submitted = true;
    outcome.code = code;
    if (outcome.ticketSentAt === null) {
      outcome.ticketSentAt = submitted.sentAt;
      outcome.ticketRepliedAt = submitted.firstAt ?? null;
    }
    for (const followUp of plan.followUps) await text(followUp, "message");
  } catch (error) {
    if (!(error instanceof Ended)) throw error;
    if (error.reason === "failed") outcome.error = error.message;
  }
  return outcome;
}
