import type { Chats } from "./load-chats.ts";
import type { AlertLog } from "./load-alerts.ts";
import { cpuShares, cpuSnapshot, type CpuShares, type MemorySampler, type MemoryWindow } from "./load-hotline.ts";
import { planReport, runReport, type ReportOutcome } from "./load-reporter.ts";
import { random } from "./intake-chat.ts";

/*
 * The surge phase of bench/load.ts: `reports` people arriving over `seconds` (a Poisson process:
 * that many arrival instants drawn uniformly over the period), each making one whole report in
 * their own chat, a fixed share of them answering "ya" to the danger question. Nobody waits for
 * anybody else: at the peak many reports are under way at once. Afterwards the peksos's chat is
 * watched until every darurat code told has its alert and no alert has come for a while.
 */

export interface SurgeOptions {
  reports: number;
  seconds: number;
  daruratShare: number;
  chatIdBase: number;
  seed: number;
  replyTimeoutMs: number;
  /** Longest wait for alerts after the last report, in seconds. */
  drainSeconds: number;
}

export interface SurgeReport {
  /** Planned to answer "ya" to the danger question. */
  darurat: boolean;
  outcome: ReportOutcome;
}

export interface SurgeResult {
  reports: SurgeReport[];
  messages: number;
  unanswered: number;
  latencies: number[];
  failures: string[];
  /** From the first arrival to the last report's last reply, ms. */
  durationMs: number;
  /** From the last report's end until the alerts stopped coming, ms. */
  drainMs: number;
  /** How many messages the peksos's chat had before the surge. */
  alertsBefore: number;
  /** Darurat codes told that never got their alert within the drain. */
  daruratWithoutAlert: number;
  memory: MemoryWindow;
  cpu: CpuShares;
}

/** `count` distinct indices below `n`, drawn with `rnd` (a partial Fisher–Yates shuffle). */
function sample(rnd: () => number, n: number, count: number): Set<number> {
  const indices = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < Math.min(count, n); i++) {
    const j = i + Math.floor(rnd() * (n - i));
    [indices[i], indices[j]] = [indices[j]!, indices[i]!];
  }
  return new Set(indices.slice(0, count));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export async function runSurge(chats: Chats, alerts: AlertLog, hotlinePid: number, memory: MemorySampler, o: SurgeOptions): Promise<SurgeResult> {
  const alertsBefore = alerts.alerts.length;
  const rnd = random(o.seed * 7919 + 17);
  const arrivals = Array.from({ length: o.reports }, () => rnd() * o.seconds * 1000).sort((a, b) => a - b);
  const darurat = sample(rnd, o.reports, Math.round(o.reports * o.daruratShare));
  const latencies: number[] = [];
  let unanswered = 0;
  const failures: string[] = [];
  memory.reset();
  const cpuFrom = cpuSnapshot(hotlinePid);
  const startedAt = performance.now();

  const reports = await Promise.all(
    arrivals.map(async (offset, index): Promise<SurgeReport> => {
      await sleep(startedAt + offset - performance.now());
      const chatId = o.chatIdBase + index;
      const chat = chats.start(chatId);
      const plan = planReport(random(o.seed * 1_000_003 + chatId), { darurat: darurat.has(index), followUps: false });
      const outcome = await runReport(
        chat,
        plan,
        {
          answered: (firstMs) => void latencies.push(firstMs),
          unanswered: () => void unanswered++,
        },
        { replyTimeoutMs: o.replyTimeoutMs, stop: () => false },
      );
      chats.end(chat);
      if (outcome.error !== undefined) failures.push(outcome.error);
      return { darurat: darurat.has(index), outcome };
    }),
  );
  const reportsDoneAt = performance.now();
  const cpu = cpuShares(cpuFrom, cpuSnapshot(hotlinePid));
  const window = memory.window();

  // Every darurat code told must get its alert; then the rest, until none has come for 10 s.
  const daruratCodes = reports.filter((r) => r.darurat && r.outcome.code !== null).map((r) => r.outcome.code!);
  const deadline = reportsDoneAt + o.drainSeconds * 1000;
  const QUIET_MS = 10_000;
  let seen = alerts.alerts.length;
  let lastChange = performance.now();
  while (performance.now() < deadline) {
    const missing = daruratCodes.filter((code) => alerts.newAlert(code) === undefined).length;
    if (alerts.alerts.length !== seen) {
      seen = alerts.alerts.length;
      lastChange = performance.now();
    }
    if (missing === 0 && performance.now() - lastChange >= QUIET_MS) break;
    await sleep(200);
  }
  const lastAlert = alerts.alerts.at(-1)?.at ?? reportsDoneAt;
  latencies.sort((a, b) => a - b);
  return {
    reports,
    messages: latencies.length,
    unanswered,
    latencies,
    failures,
    durationMs: reportsDoneAt - startedAt,
    drainMs: Math.max(0, lastAlert - reportsDoneAt),
    alertsBefore,
    daruratWithoutAlert: daruratCodes.filter((code) => alerts.newAlert(code) === undefined).length,
    memory: window,
    cpu,
  };
}
