/*
 * The verdict and the table `npm run verify` prints: pure, so its rules (what counts as a failure)
 * are tested without running the suites. Figures come from vitest (per suite and database) and from
 * bench/load.ts's --json output.
 */

export const SUITES = {
  faults: "a killed process, a PostgreSQL restart, a Bot API outage, a redelivered update",
  hostile: "random and malicious input to the flow, the intake, the API, the console and the bot",
  privacy: "logs, masking by role, retention",
} as const;
export type SuiteName = keyof typeof SUITES;

export interface SuiteResult {
  suite: SuiteName;
  db: string;
  files: number;
  passed: number;
  failed: number;
  skipped: number;
  /** Sum of the files' own durations (they run in parallel, so more than the wall time). */
  seconds: number;
}

export interface LoadFigures {
  users: number;
  seconds: number;
  messages: number;
  unanswered: number;
  messagesPerSecond: number;
  replyP50Ms: number;
  replyP99Ms: number;
  reportsSubmitted: number;
  ticketsCreated: number;
  lost: number;
  phantom: number;
  rssPeakMb: number;
  rssEndMb: number;
}

export interface SurgeFigures {
  reports: number;
  seconds: number;
  darurat: number;
  daruratAlerted: number;
  daruratAlertP50Ms: number;
  daruratAlertP99Ms: number;
  otherAlerted: number;
  otherAlertP50Ms: number | null;
  otherAlertP99Ms: number | null;
  inversions: number;
  lost: number;
}

export interface BenchFigures {
  db: string;
  load: LoadFigures;
  baseline: LoadFigures;
  surge: SurgeFigures;
}

export interface BenchResult {
  db: string;
  /** The bench's exit code; null when it could not be run at all. */
  exitCode: number | null;
  figures: BenchFigures | undefined;
}

export interface Row {
  check: string;
  db: string;
  ok: boolean;
  figures: string;
}

/** A suite fails on any failed test, and also when it ran no test at all (a suite that vanished proves nothing). */
export function suiteRow(result: SuiteResult): Row {
  const ok = result.failed === 0 && result.passed > 0;
  const skipped = result.skipped > 0 ? `, ${result.skipped} skipped` : "";
  return {
    check: result.suite,
    db: result.db,
    ok,
    figures: `${result.passed} passed, ${result.failed} failed${skipped} in ${result.files} files (${Math.round(result.seconds)} s of test time)`,
  };
}

export function loadFailures(figures: LoadFigures): string[] {
  const failures: string[] = [];
  if (figures.lost > 0) failures.push(`${figures.lost} reports lost`);
  if (figures.phantom > 0) failures.push(`${figures.phantom} tickets nobody was told about`);
  if (figures.unanswered > 0) failures.push(`${figures.unanswered} messages unanswered`);
  if (figures.messages === 0) failures.push("no message handled");
  return failures;
}

export function surgeFailures(figures: SurgeFigures): string[] {
  const failures: string[] = [];
  if (figures.lost > 0) failures.push(`${figures.lost} reports lost`);
  if (figures.daruratAlerted < figures.darurat) failures.push(`${figures.darurat - figures.daruratAlerted} darurat tickets never alerted`);
  if (figures.inversions > 0) failures.push(`${figures.inversions} darurat alerts sent after a later report's alert`);
  if (figures.reports === 0) failures.push("no report made");
  return failures;
}

const ms = (value: number | null) => (value === null ? "—" : `${Math.round(value)} ms`);

export function benchRows(result: BenchResult): Row[] {
  const { figures } = result;
  if (!figures) {
    return [{ check: "load", db: result.db, ok: false, figures: `the benchmark did not finish (exit ${result.exitCode ?? "—"})` }];
  }
  const { load, baseline, surge } = figures;
  const loadProblems = loadFailures(load);
  const surgeProblems = surgeFailures(surge);
  return [
    {
      check: `load: 1 user (baseline)`,
      db: result.db,
      ok: loadFailures(baseline).length === 0,
      figures: `${baseline.messages} messages, reply p50 ${ms(baseline.replyP50Ms)} / p99 ${ms(baseline.replyP99Ms)}`,
    },
    {
      check: `load: ${load.users} users × ${load.seconds} s`,
      db: result.db,
      ok: loadProblems.length === 0,
      figures:
        `${load.messages} messages (${load.messagesPerSecond.toFixed(1)}/s, ${load.unanswered} unanswered), ` +
        `reply p50 ${ms(load.replyP50Ms)} / p99 ${ms(load.replyP99Ms)}, ` +
        `${load.reportsSubmitted} reports → ${load.ticketsCreated} tickets, lost ${load.lost}, ` +
        `RSS peak ${Math.round(load.rssPeakMb)} MB (end ${Math.round(load.rssEndMb)} MB)` +
        (loadProblems.length > 0 ? `; FAILED: ${loadProblems.join(", ")}` : ""),
    },
    {
      check: `surge: ${surge.reports} reports in ${surge.seconds} s`,
      db: result.db,
      ok: surgeProblems.length === 0,
      figures:
        `darurat ${surge.daruratAlerted}/${surge.darurat} alerted, p50 ${ms(surge.daruratAlertP50Ms)} / p99 ${ms(surge.daruratAlertP99Ms)}; ` +
        `other alerts ${surge.otherAlerted}, p50 ${ms(surge.otherAlertP50Ms)} / p99 ${ms(surge.otherAlertP99Ms)}; ` +
        `inversions ${surge.inversions}, lost ${surge.lost}` +
        (surgeProblems.length > 0 ? `; FAILED: ${surgeProblems.join(", ")}` : ""),
    },
  ];
}

/** A Markdown table: it reads in a terminal and pastes into an issue note as it is. */
export function renderTable(rows: readonly Row[]): string {
  const header = ["check", "database", "result", "figures"];
  const lines = rows.map((r) => [r.check, r.db, r.ok ? "ok" : "FAILED", r.figures]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const format = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [format(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...lines.map(format)].join("\n");
}
