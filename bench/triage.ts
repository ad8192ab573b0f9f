import { readdirSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { readLabelled } from "../api/triage/evaluate.ts";
import { tokenise } from "../api/triage/tokens.ts";
import { triage, TRIAGE_RULES_VERSION } from "../api/triage/triage.ts";
import { percentile } from "./percentile.ts";

/**
 * Time per report of triage() on every message of the labelled sets (tests/fixtures/triage/*.jsonl),
 * by length (short < 60 characters, medium 60–300, long > 300), beside tokenise() alone on the same
 * messages in the same process, so what the rules cost over reading the words is visible.
 *
 * Each round runs every message through both, one call timed at a time (performance.now), the
 * order of the two swapped every round. Warm-up rounds come first and are not counted; the very
 * first pass (cold JIT, empty word cache) is shown on its own. Single thread, no I/O.
 *
 * Usage: npm run bench:triage [-- --rounds 30 --warmup 10]   (or BENCH_ROUNDS, BENCH_WARMUP)
 */

const { values: args } = parseArgs({ options: { rounds: { type: "string" }, warmup: { type: "string" } } });
const option = (name: "rounds" | "warmup", fallback: number): number => {
  const value = Number(args[name] ?? process.env[`BENCH_${name.toUpperCase()}`] ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number ≥ 0`);
  return value;
};
const ROUNDS = Math.max(1, option("rounds", 30));
const WARMUP = option("warmup", 10);

const fixtures = fileURLToPath(new URL("../tests/fixtures/triage/", import.meta.url));
const files = readdirSync(fixtures).filter((f) => f.endsWith(".jsonl")).sort();
const messages = files.flatMap((f) => readLabelled(join(fixtures, f))).map((line) => ({ text: line.text, reporter: line.reporter }));

const BUCKETS = ["short", "medium", "long"] as const;
type Bucket = (typeof BUCKETS)[number];
const bucketOf = (text: string): Bucket => (text.length < 60 ? "short" : text.length > 300 ? "long" : "medium");
const buckets = messages.map((m) => bucketOf(m.text));

type Timings = Record<Bucket, number[]>;
const emptyTimings = (): Timings => ({ short: [], medium: [], long: [] });

// The first pass, before any warm-up: what the first reports after a start cost.
let sink = 0;
const firstPassStart = performance.now();
for (const m of messages) sink += triage(m).signals.length;
const firstPassMs = performance.now() - firstPassStart;

for (let round = 0; round < WARMUP; round++) {
  for (const m of messages) sink += triage(m).signals.length + tokenise(m.text).tokens.length;
}

const triageTimes = emptyTimings();
const tokeniseTimes = emptyTimings();
let triageTotalMs = 0;
let tokeniseTotalMs = 0;
const timeTriage = () => {
  for (let i = 0; i < messages.length; i++) {
    const start = performance.now();
    sink += triage(messages[i]!).signals.length;
    const elapsed = performance.now() - start;
    triageTimes[buckets[i]!].push(elapsed);
    triageTotalMs += elapsed;
  }
};
const timeTokenise = () => {
  for (let i = 0; i < messages.length; i++) {
    const start = performance.now();
    sink += tokenise(messages[i]!.text).tokens.length;
    const elapsed = performance.now() - start;
    tokeniseTimes[buckets[i]!].push(elapsed);
    tokeniseTotalMs += elapsed;
  }
};
const wallStart = performance.now();
for (let round = 0; round < ROUNDS; round++) {
  if (round % 2 === 0) {
    timeTriage();
    timeTokenise();
  } else {
    timeTokenise();
    timeTriage();
  }
}
const wallMs = performance.now() - wallStart;

// ---------------------------------------------------------------------------------------------
// Output

/** Milliseconds in, microseconds out. */
const us = (ms: number) => (Number.isFinite(ms) ? (ms * 1000).toFixed(ms < 0.01 ? 1 : 0) : "-");
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
console.log(
  `triage bench (rules version ${TRIAGE_RULES_VERSION}): ${messages.length} messages from ${files.join(", ")}; ` +
    `${WARMUP} warm-up rounds, then ${ROUNDS} timed rounds (each message once per round through triage() and through tokenise())`,
);
console.log(`Node ${process.version}, ${cpu}, ${availableParallelism()} CPUs, load average ${loadavg()[0]?.toFixed(2)} at start; one thread`);
const length = (b: Bucket) => messages.filter((m) => bucketOf(m.text) === b).map((m) => m.text.length);
console.log(
  `messages by length: ${BUCKETS.map((b) => {
    const lengths = length(b);
    return `${b} ${lengths.length} (${lengths.length > 0 ? `${Math.min(...lengths)}–${Math.max(...lengths)} chars` : "none"})`;
  }).join(", ")}; short < 60 chars, long > 300`,
);
console.log(`first pass before warm-up (cold JIT, empty word cache): ${firstPassMs.toFixed(1)} ms for ${messages.length} messages, ${us(firstPassMs / messages.length)} µs per report`);

const COLUMNS = [
  ["length", 7],
  ["calls", 7],
  ["median µs", 9],
  ["p90 µs", 7],
  ["p99 µs", 7],
  ["max µs", 8],
  ["mean µs", 8],
  ["tok med", 7],
  ["tok p90", 7],
  ["tok p99", 7],
  ["tok max", 7],
  ["rules share", 11],
] as const;
const line = (cells: string[]) => cells.map((c, i) => c.padStart(COLUMNS[i]![1])).join(" | ");
console.log(`\nper report in µs: triage(), then tok = tokenise() alone on the same messages; rules share = 1 − tokenise mean ÷ triage mean`);
console.log(line(COLUMNS.map(([name]) => name)));
console.log(COLUMNS.map(([, width]) => "-".repeat(width)).join("-|-"));
const rows: Array<[string, number[], number[]]> = [
  ...BUCKETS.map((b): [string, number[], number[]] => [b, triageTimes[b], tokeniseTimes[b]]),
  ["all", BUCKETS.flatMap((b) => triageTimes[b]), BUCKETS.flatMap((b) => tokeniseTimes[b])],
];
for (const [name, triageRaw, tokeniseRaw] of rows) {
  const t = [...triageRaw].sort((a, b) => a - b);
  const k = [...tokeniseRaw].sort((a, b) => a - b);
  if (t.length === 0) {
    console.log(line([name, "0", ...COLUMNS.slice(2).map(() => "-")]));
    continue;
  }
  console.log(
    line([
      name,
      String(t.length),
      us(percentile(t, 50)),
      us(percentile(t, 90)),
      us(percentile(t, 99)),
      us(t.at(-1)!),
      us(mean(t)),
      us(percentile(k, 50)),
      us(percentile(k, 90)),
      us(percentile(k, 99)),
      us(k.at(-1)!),
      `${((1 - mean(k) / mean(t)) * 100).toFixed(0)}%`,
    ]),
  );
}

const calls = messages.length * ROUNDS;
console.log(
  `\nthroughput, one thread: triage() ${Math.round(calls / (triageTotalMs / 1000))} reports/s (${(triageTotalMs / ROUNDS).toFixed(1)} ms per round of ${messages.length}); ` +
    `tokenise() alone ${Math.round(calls / (tokeniseTotalMs / 1000))} messages/s (${(tokeniseTotalMs / ROUNDS).toFixed(1)} ms per round)`,
);
console.log(`wall time of the timed rounds ${(wallMs / 1000).toFixed(1)} s (timer overhead included); heap used ${Math.round(process.memoryUsage().heapUsed / 1024 / 1024)} MB`);
if (sink === -1) console.log(""); // keeps the results alive so the calls are not optimised away
