import type { InboundContent, InboundMessage, IntakeResponse } from "../api/intake/schemas.ts";

/*
 * One simulated reporter for bench/intake.ts: a whole report from "halo" to "kirim" and a couple
 * of messages after it, sent one at a time (a person waits for the reply), pressing buttons by the
 * choice ids of the previous reply, as a channel adapter would.
 */

/** Sends one message to the intake and gives back the HTTP status and the parsed body. */
export type Send = (message: InboundMessage) => Promise<{ status: number; body: IntakeResponse }>;

export interface ChatStats {
  /** Called once per answered message with its round-trip time in ms and when it ended. */
  record(latencyMs: number, endedAt: number): void;
}

export interface ChatOutcome {
  messages: number;
  /** Whether the whole script ran, follow-ups included; false when `stop` ended it early. */
  completed: boolean;
  /** Whether "kirim" was answered: the report is submitted. */
  submitted: boolean;
  /** The report's code as the intake gave it (null when stopped before any ticket existed). */
  ticketCode: string | null;
  /** Whether danger was answered "ya", which opens a darurat ticket before the summary. */
  danger: boolean;
}

/** Small, seedable PRNG (mulberry32) so every run sends the same mix of conversations. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, values: readonly T[]): T => values[Math.floor(rnd() * values.length)]!;

const GREETINGS = ["halo", "hai kak", "permisi", "halo kak", "selamat siang"];
const ROLES = ["anak_diri", "anak_diri", "anak_teman", "orang_tua", "guru"];
const WHAT = ["dipukul", "diejek", "diejek", "dijauhi", "siber", "tidak_diurus", "lainnya"];
const WHEN = ["sekali", "beberapa_kali", "masih_terjadi", "sudah_berhenti"];
const STORY = [
  "kakak kelas mengejek aku tiap istirahat di kantin",
  "dia bilang aku bau dan semua teman ikut ketawa",
  "uang jajanku diambil terus sama anak kelas sebelah",
  "aku didorong sampai jatuh waktu pulang sekolah kemarin",
  "fotoku diedit dan disebar di grup kelas, aku malu sekali",
  "anak saya tidak mau sekolah lagi sejak minggu lalu",
  "murid saya sering datang dengan memar di lengan",
  "temanku dikunci di kamar mandi sekolah sama geng kelas enam",
  "mereka bilang jangan cerita ke guru atau nanti dipukul lagi",
  "sudah terjadi dari awal semester dan makin sering",
];
const CHILD = [
  "kelas 5 SD Negeri 2 Metro Barat",
  "umur 12 tahun, kelas 7 SMP",
  "kelas 4 sd di metro timur",
  "10 tahun",
  "anak saya kelas 8, SMP Negeri 3 Metro Pusat",
];
const FOLLOW_UP = [
  "terima kasih kak",
  "tadi aku lupa, dia juga ambil uang jajanku",
  "kapan ada yang bales kak?",
  "hari ini dia ganggu lagi waktu istirahat",
];

export class BenchError extends Error {}

/** Thrown inside runConversation when `stop()` says no further message should be sent. */
class Stopped extends Error {}

/**
 * Runs one conversation. `address` is the chat (unique per conversation); external ids are
 * `<address>-<n>`. Before each message `stop()` is asked: when it says true the reporter walks
 * away (the report stays unfinished). Throws BenchError when the intake answers anything but a
 * 200 with at least one reply, or the flow does not go where a reporter would expect.
 */
export async function runConversation(
  send: Send,
  address: string,
  rnd: () => number,
  stats: ChatStats,
  stop: () => boolean = () => false,
): Promise<ChatOutcome> {
  let n = 0;
  let last: IntakeResponse | undefined;
  let danger = false;
  let submitted = false;
  let code: string | null = null;

  const deliver = async (content: InboundContent): Promise<IntakeResponse> => {
    if (stop()) throw new Stopped();
    const message: InboundMessage = {
      channel: "telegram",
      externalId: `${address}-${++n}`,
      address,
      sentAt: new Date().toISOString(),
      content,
    };
    const startedAt = performance.now();
    const { status, body } = await send(message);
    const endedAt = performance.now();
    if (status !== 200) throw new BenchError(`intake answered ${status} to message ${n} of ${address}`);
    if (body.replies.length === 0) throw new BenchError(`no reply to message ${n} of ${address}`);
    if (body.duplicate) throw new BenchError(`message ${n} of ${address} was taken for a duplicate`);
    stats.record(endedAt - startedAt, endedAt);
    if (code !== null && body.ticketCode !== code) throw new BenchError(`the ticket code of ${address} changed or vanished at message ${n}`);
    code = body.ticketCode;
    last = body;
    return body;
  };
  const text = (value: string) => deliver({ type: "text", text: value });
  const press = (value: string) => {
    const choice = last?.replies.flatMap((r) => r.choices.flat()).find((c) => c.id.endsWith(`:${value}`));
    if (!choice) throw new BenchError(`no button "${value}" in the reply to message ${n} of ${address}`);
    return deliver({ type: "choice", choiceId: choice.id });
  };

  try {
    await script();
    return { messages: n, completed: true, submitted, ticketCode: code, danger };
  } catch (error) {
    if (error instanceof Stopped) return { messages: n, completed: false, submitted, ticketCode: code, danger };
    throw error;
  }

  async function script() {
    await text(pick(rnd, GREETINGS));
    await press(pick(rnd, ROLES));
    // Mostly "tidak"; about one in ten says the child is in danger now (a darurat ticket at once).
    const roll = rnd();
    const answer = roll < 0.1 ? "ya" : roll < 0.15 ? "tidak_tahu" : "tidak";
    danger = answer === "ya";
    const afterDanger = await press(answer);
    if (danger && !afterDanger.ticketCode) throw new BenchError(`"ya" to danger opened no ticket for ${address}`);
    await press(pick(rnd, WHAT));
    const parts = 1 + Math.floor(rnd() * 3);
    for (let i = 0; i < parts; i++) await text(pick(rnd, STORY));
    await press("sudah");
    await text(pick(rnd, CHILD));
    await press(pick(rnd, WHEN));
    await press(rnd() < 0.8 ? "anonim" : "tidak");
    if (!(await press("kirim")).ticketCode) throw new BenchError(`"kirim" gave no ticket code to ${address}`);
    submitted = true;
    const followUps = 1 + Math.floor(rnd() * 2);
    for (let i = 0; i < followUps; i++) await text(pick(rnd, FOLLOW_UP));
  }
}
