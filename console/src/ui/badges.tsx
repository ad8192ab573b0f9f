import type { JSX } from "preact";
import { useT } from "../lib/i18n.ts";

export type Priority = "darurat" | "tinggi" | "sedang" | "rendah";
export type TicketStatus = "baru" | "diterima" | "ditangani" | "dirujuk" | "selesai" | "ditutup";

/** Colour is never the only signal: the word is always printed, so it reads in grey and to a screen reader. */
export function PriorityBadge({ priority }: { priority: Priority }): JSX.Element {
  const t = useT("triage");
  return <span class={`badge priority-${priority}`}>{t(`priority.${priority}`)}</span>;
}

export function StatusBadge({ status }: { status: TicketStatus }): JSX.Element {
  const t = useT();
  return <span class={`badge status status-${status}`}>{t(`status.${status}`)}</span>;
}
