import { readFileSync } from "node:fs";
import type { Category, Language, Priority } from "../../db/schema/enums.ts";
import { LANGUAGES } from "../../db/schema/enums.ts";
import type { TriageSignal } from "./triage.ts";

/*
 * The peksos reads why a ticket got its priority, in their language. Texts live in
 * locales/<lang>/triage.json like every other text; they are read once, synchronously, so the
 * triage stays a pure function that needs no i18next instance (the CLI and the benchmark use it).
 */

export type Explanation = Record<Language, string>;

interface TriageTexts {
  summary: string;
  because: string;
  ignored: string;
  nothing: string;
  priority: Record<Priority, string>;
  category: Record<Category, string>;
  rule: Record<string, string>;
}

const TEXTS = Object.fromEntries(
  LANGUAGES.map((lang) => [
    lang,
    JSON.parse(readFileSync(new URL(`../../locales/${lang}/triage.json`, import.meta.url), "utf8")) as TriageTexts,
  ]),
) as Record<Language, TriageTexts>;

/** How many reasons the sentence names; the full list is in `signals`. */
const REASONS_SHOWN = 4;

export function explain(priority: Priority, category: Category, signals: readonly TriageSignal[]): Explanation {
  return Object.fromEntries(LANGUAGES.map((lang) => [lang, render(TEXTS[lang], priority, category, signals)])) as Explanation;
}

function render(texts: TriageTexts, priority: Priority, category: Category, signals: readonly TriageSignal[]): string {
  const fill = (template: string, values: Record<string, string>) => template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? "");
  const describe = (signal: TriageSignal) => {
    const text = texts.rule[ruleKey(signal.rule)] ?? signal.rule;
    return signal.phrase ? `${text} («${signal.phrase}»)` : text;
  };
  const counted = signals.filter((s) => s.weight > 0 || s.rule.startsWith("lowered."));
  const ignored = signals.filter((s) => s.rule.startsWith("ignored."));
  const parts = [fill(texts.summary, { priority: texts.priority[priority], category: texts.category[category] })];
  parts.push(counted.length > 0 ? fill(texts.because, { reasons: counted.slice(0, REASONS_SHOWN).map(describe).join("; ") }) : texts.nothing);
  if (ignored.length > 0) parts.push(fill(texts.ignored, { items: ignored.slice(0, REASONS_SHOWN).map(describe).join("; ") }));
  return parts.join(" ");
}

/** "darurat.self_harm.wish_to_die" → "self_harm_wish_to_die"; "ignored.negated.physical.hit" → "negated". */
export function ruleKey(rule: string): string {
  const parts = rule.split(".");
  if (parts[0] === "ignored") return parts[1] ?? rule;
  if (parts[0] === "lowered") return `lowered_${parts[1] ?? ""}`;
  return parts.slice(1).join("_");
}
