import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { evaluate, readLabelled, type Evaluation, type LabelledLine } from "../../api/triage/evaluate.ts";

/*
 * The triage against the labelled sets (tests/fixtures/triage/*.jsonl, LABELS.md): no labelled
 * emergency may be missed in any set, and over all sets together the priority and the category
 * must be right often enough. `npm run eval:triage` prints the full figures.
 */

const fixtures = fileURLToPath(new URL("../fixtures/triage/", import.meta.url));
const files = readdirSync(fixtures).filter((f) => f.endsWith(".jsonl")).sort();
const sets = files.map((file) => ({ file, lines: readLabelled(join(fixtures, file)) }));
const allLines: LabelledLine[] = sets.flatMap((s) => s.lines);

const missed = (e: Evaluation) => e.missedDanger.map((m) => `${m.id} → ${m.actual.priority}/${m.actual.category}: ${m.text}`);

describe("triage against the labelled sets", () => {
  it("has labelled sets to read", () => {
    expect(files.length).toBeGreaterThan(0);
    for (const { file, lines } of sets) expect(lines.length, file).toBeGreaterThan(0);
  });

  describe.each(sets)("$file", ({ file, lines }) => {
    it("misses no darurat (recall 100%)", () => {
      const e = evaluate(lines);
      expect(e.counts.dangerTrue, `${file} has no darurat line`).toBeGreaterThan(0);
      expect(missed(e), `${file}: darurat lines the triage did not call darurat`).toEqual([]);
      expect(e.dangerRecall).toBe(1);
    });
  });

  describe("all sets together", () => {
    const e = evaluate(allLines);

    it("misses no darurat (recall 100%)", () => {
      expect(missed(e), "darurat lines the triage did not call darurat").toEqual([]);
      expect(e.dangerRecall).toBe(1);
    });

    it("gets the priority right on at least 90% of lines", () => {
      expect(e.priorityAccuracy, `priority accuracy ${(e.priorityAccuracy * 100).toFixed(1)}% over ${e.total} lines`).toBeGreaterThanOrEqual(0.9);
    });

    it("gets the category right on at least 85% of lines", () => {
      expect(e.categoryAccuracy, `category accuracy ${(e.categoryAccuracy * 100).toFixed(1)}% over ${e.total} lines`).toBeGreaterThanOrEqual(0.85);
    });
  });
});
