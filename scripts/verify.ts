import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Reporter, TestModule } from "vitest/node";
import { startVitest } from "vitest/node";
import { benchRows, renderTable, suiteRow, SUITES, type BenchFigures, type BenchResult, type Row, type SuiteName, type SuiteResult } from "./verify-summary.ts";

/**
 * `npm run verify`: the proof that the hotline holds. Runs the fault, hostile-input and privacy
 * suites (on PGlite, and on PostgreSQL 15 too when TEST_DATABASE_URL names a server, as in CI),
 * then the load benchmark (bench/load.ts), and prints one table. Exits non-zero when any test
 * failed, a suite ran no test, or the benchmark lost a report, left a message unanswered or alerted
 * a darurat ticket late.
 *
 * Usage: npm run verify [-- --load-db pglite,postgres | --no-load] [-- --load-args "--users 50 --seconds 20"]
 * By default the benchmark runs on PGlite, and also on PostgreSQL when TEST_DATABASE_URL is set.
 */

const { values: args } = parseArgs({
  options: {
    "load-db": { type: "string" },
    "no-load": { type: "boolean", default: false },
    "load-args": { type: "string", default: "" },
  },
});

const SUITE_PATHS: Record<SuiteName, readonly string[]> = {
  faults: ["tests/faults/"],
  hostile: ["tests/hostile/", "tests/console/hostile-render.test.ts"],
  privacy: ["tests/privacy/"],
};

const postgresUrl = process.env.TEST_DATABASE_URL;
// The console's hostile-input test drives Debian's Chromium; CI exports this, a developer may not.
if (!process.env.CHROMIUM_PATH && existsSync("/usr/bin/chromium")) process.env.CHROMIUM_PATH = "/usr/bin/chromium";

function suiteOf(moduleId: string): SuiteName | undefined {
  for (const [suite, paths] of Object.entries(SUITE_PATHS) as [SuiteName, readonly string[]][]) {
    if (paths.some((p) => moduleId.includes(`/${p}`))) return suite;
  }
  return undefined;
}

/** Collects passed/failed per suite and database as vitest finishes. */
class SuiteCollector implements Reporter {
  readonly results = new Map<string, SuiteResult>();
  unhandled = 0;

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    this.unhandled = unhandledErrors.length;
    for (const module of testModules) {
      const suite = suiteOf(module.moduleId);
      if (!suite) continue;
      const db = module.project.name;
      const key = `${suite}:${db}`;
      const result = this.results.get(key) ?? { suite, db, files: 0, passed: 0, failed: 0, skipped: 0, seconds: 0 };
      result.files += 1;
      result.seconds += module.diagnostic().duration / 1000;
      // A file that failed to load has no tests: it counts as a failure, not as nothing.
      if (module.errors().length > 0) result.failed += 1;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") result.passed += 1;
        else if (state === "failed") result.failed += 1;
        else result.skipped += 1;
      }
      this.results.set(key, result);
    }
  }
}

async function runSuites(): Promise<{ rows: Row[]; unhandled: number; seconds: number }> {
  const collector = new SuiteCollector();
  const started = performance.now();
  const vitest = await startVitest("test", Object.values(SUITE_PATHS).flat(), { run: true, watch: false, reporters: ["default", collector] });
  await vitest.close();
  const seconds = (performance.now() - started) / 1000;
  const dbs = ["pglite", ...(postgresUrl ? ["postgres"] : [])];
  const rows: Row[] = [];
  for (const suite of Object.keys(SUITES) as SuiteName[]) {
    for (const db of dbs) {
      rows.push(suiteRow(collector.results.get(`${suite}:${db}`) ?? { suite, db, files: 0, passed: 0, failed: 0, skipped: 0, seconds: 0 }));
    }
  }
  return { rows, unhandled: collector.unhandled, seconds };
}

/** bench/load.ts as its own process (it starts the hotline as another): its tables stream to this terminal. */
async function runLoad(db: string): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "lapor-aman-verify-"));
  const jsonPath = join(dir, "load.json");
  try {
    const extra = args["load-args"].split(/\s+/).filter(Boolean);
    const child = spawn(process.execPath, ["--import", "tsx", "bench/load.ts", "--db", db, "--json", jsonPath, ...extra], { stdio: "inherit" });
    const exitCode = await new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const figures = existsSync(jsonPath) ? (JSON.parse(readFileSync(jsonPath, "utf8")) as BenchFigures) : undefined;
    return { db, exitCode, figures };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const started = new Date();
const suites = await runSuites();
const rows = [...suites.rows];
const loadDbs = args["no-load"] ? [] : (args["load-db"] ?? (postgresUrl ? "pglite,postgres" : "pglite")).split(",").filter(Boolean);
const loadResults: BenchResult[] = [];
for (const db of loadDbs) loadResults.push(await runLoad(db));
for (const result of loadResults) rows.push(...benchRows(result));

const ok = rows.every((r) => r.ok) && suites.unhandled === 0 && loadResults.every((r) => r.exitCode === 0);
const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
process.stdout.write(
  `\n== npm run verify, ${started.toISOString()} (Node ${process.versions.node}, ${cpus().length} × ${cpu})\n` +
    `suites: ${Math.round(suites.seconds)} s wall${postgresUrl ? "" : "; PostgreSQL not run: set TEST_DATABASE_URL to a server where the role may CREATE DATABASE"}` +
    (suites.unhandled > 0 ? `; ${suites.unhandled} unhandled errors` : "") +
    "\n\n" +
    renderTable(rows) +
    "\n\n" +
    (Object.entries(SUITES) as [SuiteName, string][]).map(([suite, what]) => `${suite}: ${what}`).join("\n") +
    `\n\n${ok ? "verify: all held" : "verify: FAILED"}\n`,
);
process.exit(ok ? 0 : 1);
