import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServerProcess } from "../tests/support/server-process.ts";

/**
 * Start-to-ready time of `npm start` on embedded PGlite: from spawning the process to the first
 * 200 from /health. "cold" = a new, empty DATA_DIR (initdb, migrations, seed); "warm" = the same
 * folder again. Usage: npm run bench:startup [-- RUNS]
 */
const runs = Number(process.argv[2] ?? 5);

async function timeStart(dataDir: string): Promise<number> {
  const startedAt = performance.now();
  const server = startServerProcess({ DATA_DIR: dataDir, PORT: "0" });
  const url = await server.ready;
  const res = await fetch(`${url}/health`);
  if (res.status !== 200) throw new Error(`/health answered ${res.status}`);
  const elapsed = performance.now() - startedAt;
  server.child.kill("SIGTERM");
  const code = await server.exited;
  if (code !== 0) throw new Error(`server exited with ${code}`);
  return elapsed;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const cold: number[] = [];
const warm: number[] = [];
for (let i = 0; i < runs; i++) {
  const dataDir = mkdtempSync(join(tmpdir(), "lapor-aman-bench-"));
  try {
    cold.push(await timeStart(dataDir));
    warm.push(await timeStart(dataDir));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
const fmt = (values: number[]) =>
  `median ${Math.round(median(values))} ms (min ${Math.round(Math.min(...values))}, max ${Math.round(Math.max(...values))}, n=${values.length})`;
console.log(`start-to-ready, PGlite cold (empty DATA_DIR): ${fmt(cold)}`);
console.log(`start-to-ready, PGlite warm (existing data):   ${fmt(warm)}`);
