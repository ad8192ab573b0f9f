import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Chats } from "./load-chats.ts";
import { cpuShares, cpuSnapshot, type CpuShares, type CpuSnapshot, type MemorySampler, type MemoryWindow } from "./load-hotline.ts";
import { planReport, runReport, type MessageStats } from "./load-reporter.ts";
import { random } from "./intake-chat.ts";
import type { Made } from "./load-verify.ts";

/*
 * The load phase of bench/load.ts: `users` people, each reporting back to back in a fresh chat
 * (a person who finishes is replaced by a new one), for a warm-up and then a measured window.
 * A report is at most 13 messages, under the Telegram adapter's per-chat limit (a burst of 15):
 * the bench measures the hotline, not its flood guard.
 * When the window closes nobody sends anything more; replies still on their way are awaited (a
 * message sent is a message that must be answered), and reports under way stay unfinished, as
 * when people walk away. Only replies that arrive inside the window count toward msg/s and latency.
 */

export interface PhaseOptions {
  users: number;
  warmupSeconds: number;
  seconds: number;
  /** Chat ids of this phase are chatIdBase + 0, 1, 2, ...: the database checks find them by it. */
  chatIdBase: number;
  seed: number;
  daruratShare: number;
  replyTimeoutMs: number;
}

export interface PhaseResult {
  users: number;
  windowMs: number;
  /** Answered inside the window. */
  messages: number;
  /** Sorted ms to the first reply, for the messages answered inside the window. */
  latencies: number[];
  /** Every message of the phase (warm-up included) that got no reply within the timeout. */
  unanswered: number;
  answeredTotal: number;
  conversations: number;
  reportsSubmitted: number;
  /** Codes the bot told, with whether their report reached "kirim". */
  told: Map<string, { submitted: boolean }>;
  /** The message that made each told ticket ("ya" or "kirim"), for alert delays. */
  made: Map<string, Made>;
  submittedWithoutCode: number;
  /** Reports whose flow went wrong (a missing button, no code at "kirim"): each is a failure of the run. */
  failures: string[];
  chatIds: { from: number; to: number };
  memory: MemoryWindow;
  cpu: CpuShares;
  /** Event-loop delay of the bench's own process over the window (ms): how late it saw replies. */
  benchLoopP99Ms: number;
}

export async function runPhase(chats: Chats, hotlinePid: number, memory: MemorySampler, o: PhaseOptions): Promise<PhaseResult> {
  const result: PhaseResult = {
    users: o.users,
    windowMs: 0,
    messages: 0,
    latencies: [],
    unanswered: 0,
    answeredTotal: 0,
    conversations: 0,
    reportsSubmitted: 0,
    told: new Map(),
    made: new Map(),
    submittedWithoutCode: 0,
    failures: [],
    chatIds: { from: o.chatIdBase, to: o.chatIdBase },
    memory: { peakMb: NaN, endMb: NaN },
    cpu: { hotline: NaN, bench: NaN, others: NaN, idle: NaN },
    benchLoopP99Ms: NaN,
  };
  const startedAt = performance.now();
  const windowStart = startedAt + o.warmupSeconds * 1000;
  const windowEnd = windowStart + o.seconds * 1000;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  let atStart: CpuSnapshot | undefined;
  let atEnd: CpuSnapshot | undefined;
  const open = () => {
    atStart = cpuSnapshot(hotlinePid);
    memory.reset();
    loop.enable();
  };
  const close = () => {
    if (atEnd) return;
    atEnd = cpuSnapshot(hotlinePid);
    result.memory = memory.window();
    loop.disable();
  };
  if (o.warmupSeconds === 0) open();
  const openTimer = o.warmupSeconds > 0 ? setTimeout(open, o.warmupSeconds * 1000) : undefined;
  const closeTimer = setTimeout(close, windowEnd - startedAt);

  const stats: MessageStats = {
    answered(firstMs, at) {
      result.answeredTotal++;
      if (at < windowStart || at > windowEnd) return;
      result.latencies.push(firstMs);
      result.messages++;
    },
    unanswered() {
      result.unanswered++;
    },
  };
  const stop = () => performance.now() >= windowEnd || result.failures.length >= 10;
  let next = 0;
  const person = async () => {
    while (!stop()) {
      const index = next++;
      const rnd = random(o.seed * 1_000_003 + o.chatIdBase + index);
      const chat = chats.start(o.chatIdBase + index);
      result.conversations++;
      const plan = planReport(rnd, { darurat: rnd() < o.daruratShare, followUps: true });
      const outcome = await runReport(chat, plan, stats, { replyTimeoutMs: o.replyTimeoutMs, stop });
      chats.end(chat);
      if (outcome.submitted) result.reportsSubmitted++;
      if (outcome.code !== null) result.told.set(outcome.code, { submitted: outcome.submitted });
      if (outcome.code !== null && outcome.ticketSentAt !== null) {
        result.made.set(outcome.code, { sentAt: outcome.ticketSentAt, repliedAt: outcome.ticketRepliedAt });
      }
      if (outcome.submittedWithoutCode) result.submittedWithoutCode++;
      if (outcome.error !== undefined) result.failures.push(outcome.error);
    }
  };
  await Promise.all(Array.from({ length: o.users }, person));
  clearTimeout(openTimer);
  clearTimeout(closeTimer);
  if (!atStart) open();
  close();
  result.chatIds.to = o.chatIdBase + next;
  result.windowMs = Math.min(performance.now(), windowEnd) - windowStart;
  result.latencies.sort((a, b) => a - b);
  if (atStart && atEnd) result.cpu = cpuShares(atStart, atEnd);
  if (loop.count > 0) result.benchLoopP99Ms = loop.percentile(99) / 1e6;
  return result;
}
