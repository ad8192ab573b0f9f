import type { Draft } from "../../bot/conversation/session.ts";
import type { Category, Priority } from "../../db/schema/enums.ts";
import type { TriageSignal } from "../../db/schema/tickets.ts";

/*
 * Priority and category from the structured answers alone. The triage of free text (its own
 * issue) will add to this; until then a child's words cannot raise a ticket, so every answer
 * that hints at danger errs towards the higher priority.
 */

export interface AnswersTriage {
  priority: Priority;
  category: Category;
  signals: TriageSignal[];
}

const RANK: Record<Priority, number> = { darurat: 0, tinggi: 1, sedang: 2, rendah: 3 };

export function higherPriority(a: Priority, b: Priority): Priority {
  return RANK[a] <= RANK[b] ? a : b;
}

/** What the "what happened" choice means; school bullying is the common case the leaflet is for. */
const CATEGORY_OF: Record<NonNullable<Draft["what"]>, Category> = {
  dipukul: "perundungan_fisik",
  diejek: "perundungan_verbal",
  dijauhi: "perundungan_sosial",
  siber: "perundungan_siber",
  seksual: "kekerasan_seksual",
  tidak_diurus: "penelantaran",
  dipaksa_kerja: "eksploitasi",
  lainnya: "lainnya",
};

export function triageAnswers(draft: Draft): AnswersTriage {
  const signals: TriageSignal[] = [];
  let priority: Priority = "sedang";
  const raise = (to: Priority, rule: string, phrase: string, weight: number) => {
    priority = higherPriority(priority, to);
    signals.push({ rule, phrase, weight });
  };

  if (draft.danger === "ya") raise("darurat", "answer.danger_now", "ya", 100);
  if (draft.danger === "tidak_tahu") raise("tinggi", "answer.danger_unsure", "tidak_tahu", 50);
  if (draft.what === "seksual") {
    // DESIGN.md: recent or ongoing sexual violence is darurat; past abuse is tinggi.
    if (draft.when === "masih_terjadi" || draft.when === "sekali") raise("darurat", "answer.sexual_recent", draft.when, 90);
    else raise("tinggi", "answer.sexual", "seksual", 70);
  }
  if (draft.what === "dipaksa_kerja") raise("tinggi", "answer.exploitation", "dipaksa_kerja", 60);

  return { priority, category: draft.what ? CATEGORY_OF[draft.what] : "lainnya", signals };
}
