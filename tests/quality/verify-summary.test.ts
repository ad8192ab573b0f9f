import { describe, expect, it } from "vitest";
import { benchRows, renderTable, suiteRow, type BenchFigures, type LoadFigures } from "../../scripts/verify-summary.ts";

/* What `npm run verify` counts as holding, and what as a failure. */

const load: LoadFigures = {
  users: 200,
  seconds: 60,
  messages: 12_000,
  unanswered: 0,
  messagesPerSecond: 200,
  replyP50Ms: 40,
  replyP99Ms: 300,
  reportsSubmitted: 900,
  ticketsCreated: 900,
  lost: 0,
  phantom: 0,
  rssPeakMb: 500,
  rssEndMb: 480,
};
const figures: BenchFigures = {
  db: "pglite",
  load,
  baseline: { ...load, users: 1, messages: 100 },
  surge: {
    reports: 500,
    seconds: 300,
    darurat: 75,
    daruratAlerted: 75,
    daruratAlertP50Ms: 900,
    daruratAlertP99Ms: 2_000,
    otherAlerted: 100,
    otherAlertP50Ms: 1_000,
    otherAlertP99Ms: 3_000,
    inversions: 0,
    lost: 0,
  },
};

describe("verify's verdict", () => {
  it("passes a suite with tests and no failure; fails one with a failure or with no test at all", () => {
    const base = { suite: "faults" as const, db: "pglite", files: 4, passed: 10, failed: 0, skipped: 0, seconds: 90 };
    expect(suiteRow(base).ok).toBe(true);
    expect(suiteRow({ ...base, failed: 1 }).ok).toBe(false);
    expect(suiteRow({ ...base, passed: 0, files: 0 }).ok).toBe(false);
  });

  it("fails the load on a lost report, a phantom ticket or an unanswered message, and the surge on a late or missing darurat alert", () => {
    expect(benchRows({ db: "pglite", exitCode: 0, figures }).every((r) => r.ok)).toBe(true);
    const failed = (f: BenchFigures) => benchRows({ db: "pglite", exitCode: 0, figures: f }).filter((r) => !r.ok).map((r) => r.check);
    expect(failed({ ...figures, load: { ...load, lost: 1 } })).toEqual(["load: 200 users × 60 s"]);
    expect(failed({ ...figures, load: { ...load, phantom: 1 } })).toEqual(["load: 200 users × 60 s"]);
    expect(failed({ ...figures, load: { ...load, unanswered: 2 } })).toEqual(["load: 200 users × 60 s"]);
    expect(failed({ ...figures, surge: { ...figures.surge, daruratAlerted: 74 } })).toEqual(["surge: 500 reports in 300 s"]);
    expect(failed({ ...figures, surge: { ...figures.surge, inversions: 1 } })).toEqual(["surge: 500 reports in 300 s"]);
  });

  it("fails a benchmark that wrote no figures, and prints every row in one Markdown table", () => {
    expect(benchRows({ db: "postgres", exitCode: 1, figures: undefined })).toEqual([
      { check: "load", db: "postgres", ok: false, figures: "the benchmark did not finish (exit 1)" },
    ]);
    const table = renderTable(benchRows({ db: "pglite", exitCode: 0, figures }));
    const lines = table.split("\n");
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^\| check +\| database \| result \| figures +\|$/);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(table).toContain("12000 messages (200.0/s, 0 unanswered)");
  });
});
