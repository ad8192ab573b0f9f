import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CATEGORIES, PRIORITIES } from "../../db/schema/enums.ts";
import { evaluate, readLabelled, type Evaluation } from "./evaluate.ts";

/*
 * npm run eval:triage [-- FILE.jsonl …] [--misses]: darurat recall and precision, priority and
 * category accuracy and the confusion matrices, per file and for all files together.
 */

const args = process.argv.slice(2);
const showMisses = args.includes("--misses");
const given = args.filter((a) => !a.startsWith("--"));
const fixtures = fileURLToPath(new URL("../../tests/fixtures/triage/", import.meta.url));
const files = given.length > 0 ? given : readdirSync(fixtures).filter((f) => f.endsWith(".jsonl")).sort().map((f) => join(fixtures, f));

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
const all = [];
for (const file of files) {
  const lines = readLabelled(file);
  all.push(...lines);
  print(file.split("/").pop() ?? file, evaluate(lines), false);
}
if (files.length > 1) print("all", evaluate(all), true);
else if (files.length === 1) print("all", evaluate(all), true);

function print(name: string, e: Evaluation, full: boolean) {
  console.log(
    `${name.padEnd(16)} n=${String(e.total).padStart(4)}  darurat recall ${percent(e.dangerRecall)}  precision ${percent(e.dangerPrecision)}  ` +
      `priority ${percent(e.priorityAccuracy)}  category ${percent(e.categoryAccuracy)}`,
  );
  for (const miss of e.missedDanger) console.log(`  MISSED DARURAT ${miss.id} → ${miss.actual.priority}: ${miss.text.slice(0, 100)}`);
  if (!full) return;
  console.log("\npriority confusion (rows: label, columns: triage)");
  console.log(`${"".padEnd(10)}${PRIORITIES.map((p) => p.padStart(9)).join("")}`);
  for (const p of PRIORITIES) console.log(`${p.padEnd(10)}${PRIORITIES.map((q) => String(e.priorityConfusion[p][q]).padStart(9)).join("")}`);
  console.log("\ncategory confusion (rows: label, columns: triage; initials)");
  const short = (c: string) => c.split("_").map((w) => w.slice(0, 4)).join(".").slice(0, 9);
  console.log(`${"".padEnd(20)}${CATEGORIES.map((c) => short(c).padStart(10)).join("")}`);
  for (const c of CATEGORIES) {
    console.log(`${c.padEnd(20)}${CATEGORIES.map((d) => String(e.categoryConfusion[c][d] ?? 0).padStart(10)).join("")}`);
  }
  if (showMisses) {
    console.log("\nmisses");
    for (const m of e.misses) {
      console.log(`${m.id} ${m.expected.priority}/${m.expected.category} → ${m.actual.priority}/${m.actual.category}: ${m.text.slice(0, 140)}`);
    }
  }
}
