import { readdirSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { CATEGORIES, PRIORITIES, type Category, type Priority } from "../../db/schema/enums.ts";
import { evaluate, readLabelled, type Evaluation, type LabelledLine } from "./evaluate.ts";
import { TRIAGE_RULES_VERSION } from "./triage.ts";

/*
 * npm run eval:triage [-- FILE.jsonl …] [--misses]
 *
 * Scores the triage against labelled sets (by default every tests/fixtures/triage/*.jsonl; see
 * LABELS.md there): per file and for all files together, darurat recall and precision, priority
 * and category accuracy, then each set's priority and category confusion matrices (rows: the
 * label, columns: what the triage said). --misses also lists every line the triage got wrong.
 */

// Piped into `head`: stop quietly.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const args = process.argv.slice(2);
const showMisses = args.includes("--misses");
const given = args.filter((a) => !a.startsWith("--"));
const fixtures = fileURLToPath(new URL("../../tests/fixtures/triage/", import.meta.url));
const files = given.length > 0 ? given : readdirSync(fixtures).filter((f) => f.endsWith(".jsonl")).sort().map((f) => join(fixtures, f));
if (files.length === 0) {
  console.error(`no .jsonl files in ${fixtures}`);
  process.exit(2);
}

const sets: Array<{ name: string; evaluation: Evaluation; aggregate: boolean }> = [];
const all: LabelledLine[] = [];
for (const file of files) {
  const lines = readLabelled(file);
  all.push(...lines);
  sets.push({ name: basename(file), evaluation: evaluate(lines), aggregate: false });
}
if (files.length > 1) sets.push({ name: "all files", evaluation: evaluate(all), aggregate: true });

/** Short column heads for the category matrix; the legend below it spells them out. */
const SHORT: Record<Category, string> = {
  perundungan_fisik: "pr.fis",
  perundungan_verbal: "pr.ver",
  perundungan_sosial: "pr.sos",
  perundungan_siber: "pr.sib",
  kekerasan_fisik: "kk.fis",
  kekerasan_psikis: "kk.psi",
  kekerasan_seksual: "kk.sek",
  penelantaran: "penel",
  eksploitasi: "eksp",
  abh: "abh",
  napza: "napza",
  menyakiti_diri: "m.diri",
  lainnya: "lain",
  bukan_laporan: "bukan",
};

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
const share = (x: number, part: number, whole: number) => `${percent(x)} (${part}/${whole})`;

const where = given.length > 0 ? files.map((f) => relative(process.cwd(), f)).join(", ") : relative(process.cwd(), fixtures) || fixtures;
console.log(`triage evaluation, rules version ${TRIAGE_RULES_VERSION}: ${where}`);
console.log("darurat recall = labelled darurat that the triage called darurat; precision = triage's darurat calls that were labelled darurat\n");

// Summary: one line per file and one for all files.
const head = ["set", "n", "darurat recall", "darurat precision", "priority accuracy", "category accuracy"];
const rows = sets.map(({ name, evaluation: e }) => [
  name,
  String(e.total),
  share(e.dangerRecall, e.counts.dangerFound, e.counts.dangerTrue),
  share(e.dangerPrecision, e.counts.dangerFound, e.counts.dangerCalled),
  share(e.priorityAccuracy, e.counts.priorityHits, e.total),
  share(e.categoryAccuracy, e.counts.categoryHits, e.total),
]);
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const row = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
console.log(row(head));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const r of rows) console.log(row(r));

console.log("\nconfusion matrices: rows are the label, columns what the triage said; '.' = 0; n = lines with that label, correct = share of them on the diagonal");
console.log(`category columns: ${CATEGORIES.map((c) => `${SHORT[c]} = ${c}`).join(", ")}`);

for (const { name, evaluation: e, aggregate } of sets) {
  console.log(`\n=== ${name} (n=${e.total}) ===`);
  if (e.missedDanger.length === 0) console.log("missed darurat: none");
  for (const miss of e.missedDanger) console.log(`MISSED DARURAT ${miss.id} → ${miss.actual.priority}/${miss.actual.category}: ${miss.text.slice(0, 100)}`);

  console.log("\npriority (rows: label, columns: triage)");
  printMatrix(PRIORITIES, (p) => p, (p, q) => e.priorityConfusion[p][q], 8);

  console.log("\ncategory (rows: label, columns: triage)");
  printMatrix(CATEGORIES, (c) => SHORT[c], (c, d) => e.categoryConfusion[c][d] ?? 0, 18);

  if (showMisses && !aggregate) {
    console.log(`\nmisses (${e.misses.length}): label → triage`);
    for (const m of e.misses) {
      console.log(`  ${m.id} ${m.expected.priority}/${m.expected.category} → ${m.actual.priority}/${m.actual.category}: ${m.text.slice(0, 140)}`);
    }
  }
}

/** Rows are labels (full names), columns the triage's answers (short heads), zeros shown as '.'. */
function printMatrix<K extends Priority | Category>(keys: readonly K[], short: (k: K) => string, cell: (label: K, got: K) => number, rowLabelWidth: number) {
  const labelWidth = Math.max(rowLabelWidth, ...keys.map((k) => k.length)) + 2;
  const colWidth = Math.max(6, ...keys.map((k) => short(k).length)) + 1;
  console.log(`${"".padEnd(labelWidth)}${keys.map((k) => short(k).padStart(colWidth)).join("")}  ${"n".padStart(5)}  correct`);
  for (const label of keys) {
    const counts = keys.map((got) => cell(label, got));
    const n = counts.reduce((a, b) => a + b, 0);
    const right = cell(label, label);
    const cells = counts.map((v) => (v === 0 ? "." : String(v)).padStart(colWidth)).join("");
    console.log(`${label.padEnd(labelWidth)}${cells}  ${String(n).padStart(5)}  ${n === 0 ? "-" : percent(right / n).padStart(6)}`);
  }
}
