import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { REPO_ROOT } from "../support/server-process.ts";
import { testDbKind } from "../support/test-db.ts";

/*
 * `npm run bench:load` with tiny figures, as its own process (it starts the hotline as another,
 * with the Bot API emulator in the bench's process): the whole harness runs, the database checks
 * hold and the --json figures `npm run verify` reads come out whole. No time is asserted: the
 * figures of a loaded CI machine say nothing. On the postgres project the bench runs with
 * --db postgres on a scratch database of the same server.
 */

const FIGURES = ["--users", "5", "--seconds", "5", "--warmup", "1", "--baseline-seconds", "2", "--surge-reports", "10", "--surge-seconds", "10"];

interface LoadFigures {
  users: number;
  messages: number;
  unanswered: number;
  reportsSubmitted: number;
  ticketsCreated: number;
  lost: number;
  phantom: number;
  rssPeakMb: number;
}

interface BenchFigures {
  load: LoadFigures;
  baseline: LoadFigures;
  surge: { reports: number; darurat: number; daruratAlerted: number; otherAlerted: number; inversions: number; lost: number };
  db: string;
}

describe(`npm run bench:load with tiny figures (${testDbKind})`, () => {
  const dir = mkdtempSync(join(tmpdir(), "lapor-aman-load-smoke-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("answers every message, loses no report, alerts every darurat ticket and writes the figures", async () => {
    const jsonPath = join(dir, "load.json");
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
    if (testDbKind === "postgres") env.BENCH_DATABASE_URL = inject("postgresServerUrl");
    const child = spawn(process.execPath, ["--import", "tsx", "bench/load.ts", ...FIGURES, "--db", testDbKind, "--json", jsonPath], {
      cwd: REPO_ROOT,
      env,
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const exitCode = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(exitCode, output).toBe(0);

    const figures = JSON.parse(readFileSync(jsonPath, "utf8")) as BenchFigures;
    expect(figures.db).toBe(testDbKind);
    for (const phase of [figures.baseline, figures.load]) {
      expect(phase.messages).toBeGreaterThan(0);
      expect(phase.unanswered).toBe(0);
      expect(phase.lost).toBe(0);
      expect(phase.phantom).toBe(0);
      expect(phase.rssPeakMb).toBeGreaterThan(0);
    }
    expect(figures.load.users).toBe(5);
    // Reports started in the window but cut off by its end hold a darurat ticket at most.
    expect(figures.load.ticketsCreated).toBeGreaterThanOrEqual(figures.load.reportsSubmitted);
    expect(figures.surge.reports).toBe(10);
    // 15% of 10 rounds to 2 reports answering "ya" to the danger question.
    expect(figures.surge.darurat).toBeGreaterThanOrEqual(2);
    expect(figures.surge.daruratAlerted).toBe(figures.surge.darurat);
    expect(figures.surge.lost).toBe(0);
    expect(figures.surge.inversions).toBe(0);
  }, 240_000);
});
