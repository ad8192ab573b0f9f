import { writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { LoadFigures } from "../scripts/verify-summary.ts";
import { AlertLog } from "./load-alerts.ts";
import { Chats } from "./load-chats.ts";
import { MemorySampler, startLoadHotline, type CpuShares, type LoadHotline } from "./load-hotline.ts";
import { runPhase, type PhaseResult } from "./load-phase.ts";
import { runSurge } from "./load-surge.ts";
import { alertDelays, analyseSurge, checkPhase, storedTickets, type AlertDelays, type Checked, type SurgeFigures } from "./load-verify.ts";
import { percentile } from "./percentile.ts";
import { postgresServerUrl } from "./scratch-db.ts";

/**
 * The hotline under load, end to end: one `npm start` process, its real Telegram adapter (grammY)
 * long-polling the Bot API emulator that runs in this process, and simulated people typing and
 * pressing the buttons the bot sent, each waiting for the bot's reply before the next message
 * and none pausing to read it: N of them load the hotline more than N real people would.
 *
 * 1. Baseline: 1 person for --baseline-seconds. 2. Load: --users people at once for --seconds
 *    (each after --warmup seconds). Per message: the time from the update being added to the
 *    emulator to the bot's first reply in that chat. Then the database is checked against what
 *    people were told: `lost` (a code told but no ticket, or "kirim" answered without a code) and
 *    `phantom` (a ticket nobody was told about) must be 0.
 * 3. Surge: --surge-reports reports arriving over --surge-seconds (Poisson), --darurat-share of
 *    them answering "ya" to the danger question. Per ticket: the time from the message that made
 *    it ("ya", or "kirim") to the on-call peksos's alert in their (emulated) Telegram chat; an
 *    inversion is a darurat alert delivered after the alert of a report made later.
 *
 * Usage: npm run bench:load [-- --users 200 --seconds 60 --warmup 5 --baseline-seconds 10
 *          --surge-reports 500 --surge-seconds 300 --darurat-share 0.15 --db pglite|postgres
 *          --seed 1 --reply-timeout 60 --json figures.json]
 * Each option also reads BENCH_<NAME> (e.g. BENCH_USERS=50). --db postgres needs
 * BENCH_DATABASE_URL or TEST_DATABASE_URL naming a server where the role may CREATE DATABASE: a
 * scratch database lapor_bench_<random> is used and dropped. Exits 1 when a report was lost, a
 * ticket is phantom, a darurat ticket was never alerted, a darurat alert was overtaken, a message
 * went unanswered or a conversation did not go as the flow says.
 * Linux only (memory and CPU are read from /proc).
 */

const { values: args } = parseArgs({
  options: {
    users: { type: "string" },
    seconds: { type: "string" },
    warmup: { type: "string" },
    "baseline-seconds": { type: "string" },
    "surge-reports": { type: "string" },
    "surge-seconds": { type: "string" },
    "darurat-share": { type: "string" },
    db: { type: "string" },
    seed: { type: "string" },
    "reply-timeout": { type: "string" },
    json: { type: "string" },
  },
});

function option(name: keyof typeof args, fallback: string): string {
  const fromArgs = args[name];
  if (typeof fromArgs === "string") return fromArgs;
  return process.env[`BENCH_${name.toUpperCase().replaceAll("-", "_")}`] ?? fallback;
}
function numberOption(name: keyof typeof args, fallback: number, { integer = true, min = 0 } = {}): number {
  const value = Number(option(name, String(fallback)));
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new Error(`--${name} must be ${integer ? "an integer" : "a number"} ≥ ${min}`);
  }
  return value;
}

const USERS = numberOption("users", 200, { min: 1 });
const SECONDS = numberOption("seconds", 60, { min: 1 });
const WARMUP = numberOption("warmup", 5);
const BASELINE_SECONDS = numberOption("baseline-seconds", 10, { min: 1 });
const SURGE_REPORTS = numberOption("surge-reports", 500, { min: 1 });
const SURGE_SECONDS = numberOption("surge-seconds", 300, { min: 1 });
const DARURAT_SHARE = numberOption("darurat-share", 0.15, { integer: false });
if (DARURAT_SHARE > 1) throw new Error("--darurat-share is a share between 0 and 1");
const DB = option("db", "pglite");
if (DB !== "pglite" && DB !== "postgres") throw new Error("--db is pglite or postgres");
const SEED = numberOption("seed", 1);
const REPLY_TIMEOUT_MS = numberOption("reply-timeout", 60, { min: 1 }) * 1000;
const JSON_PATH = option("json", "");

/** Each phase's chats have their own id range, so the database checks tell them apart. */
const CHAT_IDS = { baseline: 810_000_000, load: 820_000_000, surge: 830_000_000 } as const;

// ---------------------------------------------------------------------------------------------
// Output

const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : "—");
const cores = (c: CpuShares) => `${fmt(c.hotline, 2)} / ${fmt(c.bench, 2)} / ${fmt(c.others, 2)} / ${fmt(c.idle, 2)}`;

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

function loadFigures(phase: PhaseResult, checked: Checked): LoadFigures {
  return {
    users: phase.users,
    seconds: Math.round(phase.windowMs / 100) / 10,
    messages: phase.messages,
    unanswered: phase.unanswered,
    messagesPerSecond: phase.windowMs > 0 ? phase.messages / (phase.windowMs / 1000) : NaN,
    replyP50Ms: percentile(phase.latencies, 50),
    replyP99Ms: percentile(phase.latencies, 99),
    reportsSubmitted: phase.reportsSubmitted,
    ticketsCreated: checked.tickets,
    lost: checked.lost,
    phantom: checked.phantom,
    rssPeakMb: phase.memory.peakMb,
    rssEndMb: phase.memory.endMb,
  };
}

const delaysOf = (sorted: number[]) => `${fmt(percentile(sorted, 50))} / ${fmt(percentile(sorted, 99))} / ${fmt(sorted.at(-1) ?? NaN)}`;

function printLoadTable(phases: { label: string; phase: PhaseResult; checked: Checked; figures: LoadFigures; delays: AlertDelays }[]): void {
  const row = (name: string, value: (p: (typeof phases)[number]) => string) => [name, ...phases.map(value)];
  console.log(
    table(
      ["", ...phases.map((p) => p.label)],
      [
        row("measured window (s)", (p) => fmt(p.figures.seconds, 1)),
        row("messages answered in the window", (p) => String(p.figures.messages)),
        row("messages unanswered (whole phase)", (p) => String(p.figures.unanswered)),
        row("messages per second", (p) => fmt(p.figures.messagesPerSecond, 1)),
        row("reply p50 / p99 / max (ms)", (p) => `${fmt(p.figures.replyP50Ms)} / ${fmt(p.figures.replyP99Ms)} / ${fmt(p.phase.latencies.at(-1) ?? NaN)}`),
        row("conversations started", (p) => String(p.phase.conversations)),
        row("reports submitted (kirim answered)", (p) => String(p.figures.reportsSubmitted)),
        row("tickets created (database)", (p) => String(p.figures.ticketsCreated)),
        row("  darurat / tinggi / sedang / rendah", (p) => Object.values(p.checked.byPriority).join(" / ")),
        row("lost / phantom / submitted but unfinished", (p) => `${p.figures.lost} / ${p.figures.phantom} / ${p.checked.unfinished}`),
        row('darurat alerted: "ya" → alert p50 / p99 / max (ms)', (p) => `${p.delays.daruratAlerted} of ${p.checked.byPriority.darurat}: ${delaysOf(p.delays.darurat)}`),
        row('tinggi alerted: "kirim" → alert p50 / p99 / max (ms)', (p) => `${p.delays.otherAlerted}: ${delaysOf(p.delays.other)}`),
        row("  of which after the bot's reply: darurat / tinggi p50 (ms)", (p) => `${fmt(percentile(p.delays.daruratAfterReply, 50))} / ${fmt(percentile(p.delays.otherAfterReply, 50))}`),
        row("inversions (darurat alerts overtaken)", (p) => `${p.delays.inversions} (${p.delays.daruratOvertaken})`),
        row("hotline RSS peak / end (MB)", (p) => `${fmt(p.figures.rssPeakMb)} / ${fmt(p.figures.rssEndMb)}`),
        row("CPU cores: hotline / bench / others / idle", (p) => cores(p.phase.cpu)),
        row("bench event-loop delay p99 (ms)", (p) => fmt(p.phase.benchLoopP99Ms)),
      ],
    ),
  );
}

function printSurgeTable(figures: SurgeFigures, surge: Awaited<ReturnType<typeof runSurge>>, alerts: AlertLog): void {
  const kinds = alerts.countByKind(surge.alertsBefore);
  const ms = (p50: number, p99: number, max: number) => `${fmt(p50)} / ${fmt(p99)} / ${fmt(max)}`;
  console.log(
    table(
      ["surge", "value"],
      [
        ["reports arriving (Poisson) over (s)", `${figures.reports} over ${figures.seconds} (last done after ${fmt(surge.durationMs / 1000)} s)`],
        ["messages answered / unanswered", `${surge.messages} / ${surge.unanswered}`],
        ["reply p50 / p99 / max (ms)", ms(percentile(surge.latencies, 50), percentile(surge.latencies, 99), surge.latencies.at(-1) ?? NaN)],
        ["tickets: darurat / tinggi / sedang / rendah", Object.values(figures.byPriority).join(" / ")],
        ["darurat tickets alerted", `${figures.daruratAlerted} of ${figures.darurat}`],
        ['darurat: "ya" → alert p50 / p99 / max (ms)', ms(figures.daruratAlertP50Ms, figures.daruratAlertP99Ms, figures.daruratAlertMaxMs)],
        ["  of which after the bot's reply to it: p50 / p99 (ms)", `${fmt(percentile(figures.daruratAfterReply, 50))} / ${fmt(percentile(figures.daruratAfterReply, 99))}`],
        ["other tickets alerted one by one (tinggi)", `${figures.otherAlerted} (${figures.otherNotAlerted} tinggi without an alert)`],
        ['other: "kirim" → alert p50 / p99 / max (ms)', ms(figures.otherAlertP50Ms, figures.otherAlertP99Ms, figures.otherAlertMaxMs)],
        ["  of which after the bot's reply to it: p50 / p99 (ms)", `${fmt(percentile(figures.otherAfterReply, 50))} / ${fmt(percentile(figures.otherAfterReply, 99))}`],
        ["inversions (darurat alerts overtaken)", `${figures.inversions} (${figures.daruratOvertaken})`],
        ["lost / phantom / submitted but unfinished", `${figures.lost} / ${figures.phantom} / ${figures.unfinished}`],
        ["peksos chat in the surge: new / reporter wrote / raised / escalation / digest / other", `${kinds.new} / ${kinds.reporter_message} / ${kinds.raised} / ${kinds.escalation} / ${kinds.digest} / ${kinds.other}`],
        ["alerts still arriving after the last report (s)", fmt(surge.drainMs / 1000, 1)],
        ["hotline RSS peak / end (MB)", `${fmt(surge.memory.peakMb)} / ${fmt(surge.memory.endMb)}`],
        ["CPU cores: hotline / bench / others / idle", cores(surge.cpu)],
      ],
    ),
  );
  console.log(
    "sedang and rendah tickets are not alerted one by one: they reach the on-call peksos in the hourly digest (api/oncall/alerts.ts), so only darurat and tinggi alerts are timed.",
  );
}

/** Which process's CPU set the pace, from the load phase's shares. */
function limitedBy(cpu: CpuShares): string {
  const machine = availableParallelism();
  if (cpu.hotline >= 0.85) return `the hotline process (${fmt(cpu.hotline, 2)} cores: its one JavaScript thread, PGlite or queries included, was busy)`;
  if (cpu.idle < 0.25) {
    return `the machine's ${machine} cores, all busy (hotline ${fmt(cpu.hotline, 2)}, bench and emulator ${fmt(cpu.bench, 2)}, others ${fmt(cpu.others, 2)})`;
  }
  if (cpu.bench >= 0.85) return `the bench process (${fmt(cpu.bench, 2)} cores: the emulator and the simulated people), not the hotline`;
  return `no CPU (${fmt(cpu.idle, 2)} cores idle): waits (database commits, the Bot API's polling) set the pace`;
}

// ---------------------------------------------------------------------------------------------

const benchStart = performance.now();
/** A progress line with the seconds since the bench started. */
const progress = (line: string) => console.log(`[${fmt((performance.now() - benchStart) / 1000)} s] ${line}`);

let hotline: LoadHotline | undefined;
process.once("SIGINT", () => {
  void (hotline?.cleanup() ?? Promise.resolve()).finally(() => process.exit(130));
});

console.log(
  `load bench on ${DB}: baseline 1 person × ${BASELINE_SECONDS} s, then ${USERS} people × ${SECONDS} s (each after ${WARMUP} s warm-up), ` +
    `then a surge of ${SURGE_REPORTS} reports over ${SURGE_SECONDS} s (${Math.round(DARURAT_SHARE * 100)}% darurat); seed ${SEED}; ` +
    `Node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg()[0]?.toFixed(2)} before start. ` +
    "Each person waits for the bot's reply (to the question, or the one message after kirim) and answers at once, without reading time",
);
const started = await startLoadHotline({ dbKind: DB, postgresServerUrl: postgresServerUrl(), chatsFor: (emulator) => new Chats(emulator) });
hotline = started.hotline;
const { chats } = started;
const memory = new MemorySampler(hotline.pid);
const alerts = await AlertLog.start(hotline.emulator, hotline.peksosChat.chatId);
progress(`hotline pid ${hotline.pid} at ${hotline.url}; on-call peksos linked on Telegram`);

let exitCode = 0;
try {
  const phaseOptions = { warmupSeconds: WARMUP, seed: SEED, daruratShare: DARURAT_SHARE, replyTimeoutMs: REPLY_TIMEOUT_MS };
  const baseline = await runPhase(chats, hotline.pid, memory, { ...phaseOptions, users: 1, seconds: BASELINE_SECONDS, chatIdBase: CHAT_IDS.baseline });
  progress(`baseline done: ${baseline.messages} messages in the window`);
  const load = await runPhase(chats, hotline.pid, memory, { ...phaseOptions, users: USERS, seconds: SECONDS, chatIdBase: CHAT_IDS.load });
  progress(`load done: ${load.messages} messages in the window; surge starts`);
  const surge = await runSurge(chats, alerts, hotline.pid, memory, {
    reports: SURGE_REPORTS,
    seconds: SURGE_SECONDS,
    daruratShare: DARURAT_SHARE,
    chatIdBase: CHAT_IDS.surge,
    seed: SEED,
    replyTimeoutMs: REPLY_TIMEOUT_MS,
    drainSeconds: 120,
  });
  progress(`surge done: ${surge.reports.length} reports, alerts drained; stopping the hotline`);
  const warnings = hotline.warnings();
  const highWaterMb = memory.highWaterMb();
  const emulatorHeld = hotline.emulator.stored();
  const apiCalls = hotline.emulator.calls.length;
  memory.stop();
  alerts.stop();

  const database = await hotline.stop();
  const stored = await storedTickets(database);
  progress(`hotline stopped; ${stored.length} tickets read from its database`);
  const baselineChecked = checkPhase(stored, baseline.chatIds, baseline.told, baseline.submittedWithoutCode);
  const loadChecked = checkPhase(stored, load.chatIds, load.told, load.submittedWithoutCode);
  const surgeFigures = analyseSurge(surge, alerts, stored, { from: CHAT_IDS.surge, to: CHAT_IDS.surge + SURGE_REPORTS }, SURGE_SECONDS);
  const figures = {
    load: loadFigures(load, loadChecked),
    baseline: loadFigures(baseline, baselineChecked),
    surge: {
      reports: surgeFigures.reports,
      seconds: surgeFigures.seconds,
      darurat: surgeFigures.darurat,
      daruratAlerted: surgeFigures.daruratAlerted,
      daruratAlertP50Ms: surgeFigures.daruratAlertP50Ms,
      daruratAlertP99Ms: surgeFigures.daruratAlertP99Ms,
      otherAlerted: surgeFigures.otherAlerted,
      otherAlertP50Ms: surgeFigures.otherAlertP50Ms,
      otherAlertP99Ms: surgeFigures.otherAlertP99Ms,
      inversions: surgeFigures.inversions,
      lost: surgeFigures.lost,
    },
    db: DB,
  };

  console.log("");
  printLoadTable([
    {
      label: "1 person (baseline)",
      phase: baseline,
      checked: baselineChecked,
      figures: figures.baseline,
      delays: alertDelays(stored, baseline.chatIds, baseline.made, alerts),
    },
    { label: `${USERS} people`, phase: load, checked: loadChecked, figures: figures.load, delays: alertDelays(stored, load.chatIds, load.made, alerts) },
  ]);
  console.log("");
  printSurgeTable(surgeFigures, surge, alerts);
  console.log("");
  console.log(`hotline memory high-water mark (VmHWM): ${fmt(highWaterMb)} MB`);
  console.log(`limited by: ${limitedBy(load.cpu)}`);
  console.log(
    `Bot API emulator (in this process): holds ${emulatorHeld.userUpdates} user updates and ${emulatorHeld.botMessages} bot messages ` +
      `(kept 10 min, scanned on every getUpdates), ${apiCalls} Bot API calls. Worked around in the harness: each bot message is ` +
      "handed to its chat as it is stored (the emulator's per-chat lookup scans every stored message, which at this scale would " +
      "measure the scan, not the hotline); its proxy keeps idle connections open (with Node's 5 s default the bot's reused " +
      "sockets failed with ECONNRESET and replies were lost)",
  );

  const warned = [...warnings].map(([msg, n]) => `${msg} ×${n}`);
  console.log(`hotline warnings and errors: ${warned.length === 0 ? "none" : warned.join("; ")}`);

  const failures = [...baseline.failures, ...load.failures, ...surge.failures];
  for (const failure of [...new Set(failures)].slice(0, 5)) console.log(`  flow failure: ${failure}`);
  const problems: string[] = [];
  const lost = figures.baseline.lost + figures.load.lost + surgeFigures.lost;
  const phantom = figures.baseline.phantom + figures.load.phantom + surgeFigures.phantom;
  const unfinished = baselineChecked.unfinished + loadChecked.unfinished + surgeFigures.unfinished;
  if (lost > 0) problems.push(`${lost} reports lost`);
  if (phantom > 0) problems.push(`${phantom} tickets nobody was told about`);
  if (unfinished > 0) problems.push(`${unfinished} submitted reports stored as unfinished`);
  if (surgeFigures.daruratAlerted < surgeFigures.darurat) problems.push(`${surgeFigures.darurat - surgeFigures.daruratAlerted} darurat tickets never alerted`);
  if (surgeFigures.inversions > 0) problems.push(`${surgeFigures.inversions} priority inversions`);
  if (failures.length > 0) problems.push(`${failures.length} conversations went wrong`);
  // DESIGN.md: every inbound message gets a reply.
  const unanswered = baseline.unanswered + load.unanswered + surge.unanswered;
  if (unanswered > 0) problems.push(`${unanswered} messages never answered`);
  if (problems.length > 0) {
    console.log(`FAILED: ${problems.join("; ")}`);
    exitCode = 1;
  }
  if (JSON_PATH) writeFileSync(JSON_PATH, `${JSON.stringify(figures, null, 2)}\n`);
} catch (error) {
  const stderr = hotline.stderr().slice(-2000);
  if (stderr) process.stderr.write(`hotline stderr (last lines):\n${stderr}\n`);
  throw error;
} finally {
  memory.stop();
  alerts.stop();
  await hotline.cleanup();
}
process.exitCode = exitCode;
