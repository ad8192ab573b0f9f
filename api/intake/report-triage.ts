import { ROLE_MEANING } from "../../bot/conversation/choices.ts";
import type { Draft } from "../../bot/conversation/session.ts";
import type { Category, ReporterRole } from "../../db/schema/enums.ts";
import { triage, type TriageResult } from "../triage/triage.ts";

/*
 * A conversation's report as the triage reads it: the child's own words (story and "when"),
 * and their answers (danger now, what happened, how often), so either can raise the priority.
 */

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

export function triageReport(draft: Draft): TriageResult {
  const words = [...draft.story, draft.whenText].filter((part): part is string => part !== undefined && part.trim() !== "");
  return triage({
    text: words.join("\n"),
    reporter: draft.role ? ROLE_MEANING[draft.role].role : undefined,
    answers: { danger: draft.danger, category: draft.what ? CATEGORY_OF[draft.what] : undefined, when: draft.when },
  });
}

/** A message after the report was sent, read with the report it belongs to. */
export function triageFollowUp(
  ticket: { description: string | null; inDanger: boolean; reporterRole: ReporterRole | null },
  text: string,
): TriageResult {
  return triage({
    text: [ticket.description ?? "", text].join("\n"),
    reporter: ticket.reporterRole ?? undefined,
    answers: { danger: ticket.inDanger ? "ya" : undefined },
  });
}
