import { ROLE_MEANING } from "../../bot/conversation/choices.ts";
import type { Draft } from "../../bot/conversation/session.ts";

/** The ticket's columns that come from the reporter's answers. */
export interface TicketFields {
  reporterRole: (typeof ROLE_MEANING)[keyof typeof ROLE_MEANING]["role"] | null;
  victimRelation: (typeof ROLE_MEANING)[keyof typeof ROLE_MEANING]["relation"] | null;
  victimAge: number | null;
  victimGrade: string | null;
  schoolName: string | null;
  schoolCode: string | null;
  kecamatan: string | null;
  location: string | null;
  incidentWhen: string | null;
  frequency: string | null;
  description: string | null;
  inDanger: boolean;
  anonymous: boolean;
  reporterName: string | null;
  reporterPhone: string | null;
  consentToContact: boolean;
}

export interface PlaceContext {
  /** The unit's kecamatan, to recognise one named in the reporter's words. */
  kecamatan: string[];
  /** The kecamatan of the leaflet's school, when the report came through a deep link. */
  schoolKecamatan: string | null;
}

export function ticketFields(draft: Draft, place: PlaceContext): TicketFields {
  const meaning = draft.role ? ROLE_MEANING[draft.role] : undefined;
  const story = draft.story.join("\n\n");
  const named = draft.contact === "nama" && draft.name !== undefined;
  return {
    reporterRole: meaning?.role ?? null,
    victimRelation: meaning?.relation ?? null,
    victimAge: draft.victimAge ?? null,
    victimGrade: draft.victimGrade ?? null,
    schoolName: draft.schoolName ?? null,
    schoolCode: draft.schoolCode ?? null,
    kecamatan: place.schoolKecamatan ?? findKecamatan(draft.place, place.kecamatan),
    location: draft.place ?? null,
    incidentWhen: draft.whenText ?? null,
    frequency: draft.when ?? null,
    description: story === "" ? null : story,
    inDanger: draft.danger === "ya",
    anonymous: !named,
    reporterName: named ? (draft.name ?? null) : null,
    reporterPhone: named ? (draft.phone ?? null) : null,
    // Unanswered yet: a child in danger may be contacted (vital interest); otherwise wait for consent.
    consentToContact: draft.contact !== undefined ? draft.contact !== "tidak" : draft.danger === "ya",
  };
}

/** "...di metro barat" → "Metro Barat"; the longest name wins so "Metro" alone never matches a district. */
export function findKecamatan(text: string | undefined, known: string[]): string | null {
  if (!text) return null;
  const lower = text.toLowerCase().replace(/\s+/g, " ");
  const found = known.filter((k) => lower.includes(k.toLowerCase())).sort((a, b) => b.length - a.length);
  return found[0] ?? null;
}
