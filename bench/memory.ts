import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServerProcess } from "../tests/support/server-process.ts";
import { percentile } from "./percentile.ts";

/**
 * Memory of `npm start` on embedded PGlite, with and without the WhatsApp adapter, measured from
 * /proc: the server process's RSS, and the proportional set size (PSS: shared pages divided
 * among the processes sharing them, so Chromium's many processes are not counted several times)
 * of the whole process tree, Chromium included. Sampled every 500 ms after start, medians quoted.
 * Needs Linux and, for the WhatsApp line, Chromium at CHROMIUM_PATH (default /usr/bin/chromium).
 * Usage: npm run bench:memory [-- SECONDS]   (default 30 s of samples per line)
 */

const seconds = Number(process.argv[2] ?? 30);

interface Sample {
  serverRssMb: number;
  treePssMb: number;
  processes: number;
  browsers: number;
}

function childrenOf(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/PID/stat is the parent; the command in field 2 may contain spaces, so read after ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

function kib(file: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(file, "utf8"));
  return match ? Number(match[1]) : 0;
}

function sample(root: number): Sample {
  const children = childrenOf();
  const tree: number[] = [];
  const walk = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(root);
  let pss = 0;
  let browsers = 0;
  for (const pid of tree) {
    try {
      pss += kib(`/proc/${pid}/smaps_rollup`, "Pss");
      if (/chrom/i.test(readFileSync(`/proc/${pid}/comm`, "utf8"))) browsers += 1;
    } catch {
      // Gone meanwhile.
    }
  }
  return { serverRssMb: kib(`/proc/${root}/status`, "VmRSS") / 1024, treePssMb: pss / 1024, processes: tree.length, browsers };
}

async function measure(label: string, env: Record<string, string>): Promise<Sample[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "lapor-aman-mem-"));
  const server = startServerProcess({ DATA_DIR: dataDir, PORT: "0", ...env });
  try {
    await server.ready;
    const pid = server.child.pid;
    if (pid === undefined) throw new Error("no pid");
    const samples: Sample[] = [];
    for (let elapsed = 0; elapsed < seconds * 1000; elapsed += 500) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      samples.push(sample(pid));
    }
    process.stdout.write(`  ${label}: ${samples.length} samples\n`);
    return samples;
  } finally {
    server.child.kill("SIGTERM");
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
const fmt = (values: number[]) => `${median(values).toFixed(0)} MB (max ${Math.max(...values).toFixed(0)})`;

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const without = await measure("without WhatsApp", {});
const withWhatsApp = await measure("with WhatsApp", { WHATSAPP_ENABLED: "true", CHROMIUM_PATH: chromium });
const withBrowser = withWhatsApp.filter((s) => s.browsers > 0);

const rows: [string, Sample[]][] = [
  ["baseline: hotline without WhatsApp", without],
  ["WHATSAPP_ENABLED=true, all samples", withWhatsApp],
  ["WHATSAPP_ENABLED=true, samples with Chromium running", withBrowser],
];
process.stdout.write(`\nnpm start on PGlite, ${seconds} s sampled every 500 ms (medians)\n`);
process.stdout.write("| line | server RSS | whole tree PSS | processes |\n|---|---|---|---|\n");
for (const [label, samples] of rows) {
  if (samples.length === 0) {
    process.stdout.write(`| ${label} | (no samples) | | |\n`);
    continue;
  }
  process.stdout.write(
    `| ${label} | ${fmt(samples.map((s) => s.serverRssMb))} | ${fmt(samples.map((s) => s.treePssMb))} | ${median(samples.map((s) => s.processes))} |\n`,
  );
}
