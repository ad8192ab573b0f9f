import { readFileSync } from "node:fs";
import { z } from "zod";
import { CATEGORIES, PRIORITIES, REPORTER_ROLES, type Category, type Priority } from "../../db/schema/enums.ts";
import { triage } from "./triage.ts";

/* Scores the triage against a labelled set (tests/fixtures/triage/*.jsonl, see LABELS.md there). */

export const LabelledLineSchema = z.object({
  id: z.string().min(1),
  text: z.string(),
  reporter: z.enum(REPORTER_ROLES).optional(),
  priority: z.enum(PRIORITIES),
  category: z.enum(CATEGORIES),
  hard: z.array(z.string()).default([]),
});
export type LabelledLine = z.infer<typeof LabelledLineSchema>;

export interface Miss {
  id: string;
  text: string;
  expected: { priority: Priority; category: Category };
  actual: { priority: Priority; category: Category };
}

export interface Evaluation {
  total: number;
  /** The counts behind the ratios: darurat labelled, darurat found among them, darurat called by the triage. */
  counts: { dangerTrue: number; dangerFound: number; dangerCalled: number; priorityHits: number; categoryHits: number };
  dangerRecall: number;
  dangerPrecision: number;
  priorityAccuracy: number;
  categoryAccuracy: number;
  /** confusion[expected][actual] for priorities. */
  priorityConfusion: Record<Priority, Record<Priority, number>>;
  categoryConfusion: Record<Category, Partial<Record<Category, number>>>;
  missedDanger: Miss[];
  misses: Miss[];
}

export function readLabelled(path: string): LabelledLine[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => {
      const parsed = LabelledLineSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${index + 1}: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`);
      return parsed.data;
    });
}

export function evaluate(lines: readonly LabelledLine[]): Evaluation {
  const priorityConfusion = Object.fromEntries(
    PRIORITIES.map((p) => [p, Object.fromEntries(PRIORITIES.map((q) => [q, 0]))]),
  ) as Record<Priority, Record<Priority, number>>;
  const categoryConfusion = Object.fromEntries(CATEGORIES.map((c) => [c, {}])) as Record<Category, Partial<Record<Category, number>>>;
  let priorityHits = 0;
  let categoryHits = 0;
  let dangerTrue = 0;
  let dangerFound = 0;
  let dangerCalled = 0;
  const misses: Miss[] = [];
  const missedDanger: Miss[] = [];
  for (const line of lines) {
    const result = triage({ text: line.text, reporter: line.reporter });
    priorityConfusion[line.priority][result.priority]++;
    const row = categoryConfusion[line.category];
    row[result.category] = (row[result.category] ?? 0) + 1;
    if (result.priority === line.priority) priorityHits++;
    if (result.category === line.category) categoryHits++;
    if (line.priority === "darurat") dangerTrue++;
    if (result.priority === "darurat") dangerCalled++;
    if (line.priority === "darurat" && result.priority === "darurat") dangerFound++;
    const miss: Miss = {
      id: line.id,
      text: line.text,
      expected: { priority: line.priority, category: line.category },
      actual: { priority: result.priority, category: result.category },
    };
    if (result.priority !== line.priority || result.category !== line.category) misses.push(miss);
    if (line.priority === "darurat" && result.priority !== "darurat") missedDanger.push(miss);
  }
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  return {
    total: lines.length,
    counts: { dangerTrue, dangerFound, dangerCalled, priorityHits, categoryHits },
    dangerRecall: ratio(dangerFound, dangerTrue),
    dangerPrecision: ratio(dangerFound, dangerCalled),
    priorityAccuracy: ratio(priorityHits, lines.length),
    categoryAccuracy: ratio(categoryHits, lines.length),
    priorityConfusion,
    categoryConfusion,
    missedDanger,
    misses,
  };
}
