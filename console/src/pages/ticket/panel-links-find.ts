import { api } from "../../lib/api.ts";
import type { QueueItem, TicketQueue } from "../../lib/api-types.ts";

/*
 * The link route takes a ticket id, but people know tickets by their code (MTR-7K3QX: it is in
 * the alert, on the phone, in the reporter's chat). A code is looked up through the queue's
 * `code` filter, every status; a pasted console link (/tickets/<id>) or a bare id needs no lookup.
 */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** The unit's three letters, a dash, five letters or digits: MTR-7K3QX. */
const CODE = /^[A-Z]{3}-[A-Z0-9]{5}$/;
const ALL_STATUSES = "baru,diterima,ditangani,dirujuk,selesai,ditutup";

export type TicketReference = { kind: "id"; id: string } | { kind: "code"; code: string };

/** What a person typed or pasted: a console link, an id, or a ticket code in any case. */
export function parseTicketReference(input: string): TicketReference | null {
  const id = UUID.exec(input)?.[0];
  if (id !== undefined) return { kind: "id", id: id.toLowerCase() };
  const code = input.trim().toUpperCase().replace(/\s+/g, "");
  return CODE.test(code) ? { kind: "code", code } : null;
}

export async function findTicketByCode(code: string, signal?: AbortSignal): Promise<QueueItem | null> {
  const result = await api.get<TicketQueue>("/v1/tickets", {
    query: { code, status: ALL_STATUSES, limit: 1 },
    ...(signal && { signal }),
  });
  return result.items[0] ?? null;
}
