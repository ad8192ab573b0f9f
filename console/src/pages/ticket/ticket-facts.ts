import { isOpen } from "../../../../api/tickets/transitions.ts";
import type { TicketDetail, TicketTriage } from "../../lib/api-types.ts";

/*
 * What the ticket page reads out of the API's detail: pure functions over the data, so the
 * components stay about showing it.
 */

export type Status = TicketDetail["status"];
type Signal = TicketTriage["signals"][number];

/** Closing as spam/duplicate and reopening a finished case need a reason (api/tickets/transitions.ts). */
export function needsReason(from: Status, to: Status): boolean {
  return to === "ditutup" || !isOpen(from);
}

/**
 * The key of a rule's plain words in the `triage` namespace, as the API's explanation finds it
 * (api/triage/explain.ts `ruleKey`, which cannot be bundled: it reads the locale files from disk).
 * "darurat.self_harm.wish_to_die" → "self_harm_wish_to_die"; "ignored.negated.physical.hit" → "negated".
 */
export function ruleKey(rule: string): string {
  const parts = rule.split(".");
  if (parts[0] === "ignored") return parts[1] ?? rule;
  if (parts[0] === "lowered") return `lowered_${parts[1] ?? ""}`;
  return parts.slice(1).join("_");
}

/** Signals that raised (or, `lowered.*`, explicitly lowered) the priority, and those the rules set aside. */
export function splitSignals(signals: readonly Signal[]): { counted: Signal[]; ignored: Signal[] } {
  return {
    counted: signals.filter((s) => s.weight > 0 || s.rule.startsWith("lowered.")),
    ignored: signals.filter((s) => s.rule.startsWith("ignored.")),
  };
}

export type DeliveryState = "queued" | "retrying" | "sent" | "failed";

/** The transcript step of a peksos's reply (api/tickets/reporter-messages.ts STAFF_REPLY_STEP). */
export const STAFF_REPLY_STEP = "staff_reply";

/**
 * How each staff reply fared, by transcript id. A reply writes its transcript row and its
 * `message_out` event (which names the outbound message) in one transaction with one timestamp;
 * the adapter's results arrive later as `delivery` events naming the same outbound message.
 * No delivery event yet means it is still waiting in the outbox.
 */
export function deliveryStates(ticket: Pick<TicketDetail, "transcript" | "timeline">): Map<string, DeliveryState> {
  const latest = new Map<string, DeliveryState>();
  for (const event of ticket.timeline) {
    if (event.type !== "delivery") continue;
    const id = event.data.outboundId;
    const status = event.data.status;
    if (typeof id === "string" && (status === "sent" || status === "failed" || status === "retrying")) latest.set(id, status);
  }
  const sends = ticket.timeline.filter((event) => event.type === "message_out" && typeof event.data.outboundId === "string");
  const used = new Set<string>();
  const states = new Map<string, DeliveryState>();
  for (const item of ticket.transcript) {
    if (item.direction !== "out" || item.step !== STAFF_REPLY_STEP) continue;
    const send = sends.find((event) => !used.has(event.id) && sameInstant(event.createdAt, item.createdAt));
    if (!send) continue;
    used.add(send.id);
    states.set(item.id, latest.get(send.data.outboundId as string) ?? "queued");
  }
  return states;
}

function sameInstant(a: string, b: string): boolean {
  return new Date(a).getTime() === new Date(b).getTime();
}

/** The picture types the file route shows inline (api/routes/v1/evidence.ts); anything else is a download. */
const INLINE_IMAGE = /^image\/(jpeg|png|webp|gif)$/i;

/** A photo the browser can show; a Telegram photo carries no MIME type but is always a JPEG. */
export function isImage(evidence: TicketDetail["evidence"][number]): boolean {
  if (evidence.mimeType) return INLINE_IMAGE.test(evidence.mimeType);
  return evidence.kind === "photo";
}
