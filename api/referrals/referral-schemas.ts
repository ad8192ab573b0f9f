import { z } from "zod";
import { REFERRAL_STATUSES } from "../../db/schema/enums.ts";
import { ErrorBodySchema } from "../auth/schemas.ts";
import { AgencyTypeSchema } from "./agency-schemas.ts";

/*
 * Request and response bodies of the referral routes (api/routes/v1/referrals.ts). The examples
 * are made up.
 */

export const ReferralStatusSchema = z.enum(REFERRAL_STATUSES).meta({
  description: "dikirim → diterima → ditindaklanjuti → selesai; ditolak when the agency refused (with a reason).",
});

const EXAMPLE_SUMMARY = {
  id: "8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d",
  ticket: { id: "1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a5b6", code: "MTR-7K3QX" },
  agency: { id: "3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", name: "UPTD PPA Kota Metro", type: "uptd_ppa", active: true },
  status: "diterima",
  dueAt: "2025-07-21T09:00:00.000Z",
  overdue: false,
  createdBy: { id: "6f1c2a9e-3b4d-4f6a-9c1e-2d3b4a5c6d7e", name: "Sari Wulandari" },
  allowedNext: ["ditindaklanjuti", "selesai", "ditolak"],
  createdAt: "2025-07-14T03:00:00.000Z",
  updatedAt: "2025-07-15T01:20:00.000Z",
  closedAt: null,
} as const;

const EXAMPLE_REFERRAL = {
  ...EXAMPLE_SUMMARY,
  note: "Mohon pendampingan psikologis untuk anak; orang tua sudah setuju dihubungi.",
  rejectionReason: null,
} as const;

const ReferralFields = {
  id: z.uuid(),
  ticket: z.object({ id: z.uuid(), code: z.string() }),
  agency: z.object({ id: z.uuid(), name: z.string(), type: AgencyTypeSchema, active: z.boolean() }),
  status: ReferralStatusSchema,
  dueAt: z.iso.datetime({ offset: true }).nullable(),
  overdue: z.boolean().meta({ description: "Past dueAt and still open (dikirim, diterima or ditindaklanjuti)." }),
  createdBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  allowedNext: z.array(ReferralStatusSchema).meta({ description: "The statuses PATCH accepts next; empty once closed." }),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  closedAt: z.iso.datetime({ offset: true }).nullable().meta({ description: "When it became selesai or ditolak." }),
};

export const ReferralSchema = z
  .object({
    ...ReferralFields,
    note: z.string().nullable().meta({ description: "What the agency was asked to do; for staff only, never sent to the reporter." }),
    rejectionReason: z.string().nullable().meta({ description: "Why the agency refused, when ditolak." }),
  })
  .meta({ examples: [EXAMPLE_REFERRAL] });
export type Referral = z.infer<typeof ReferralSchema>;

/** A line of the unit-wide worklist: no note and no reason, which may speak of the child. */
export const ReferralSummarySchema = z.object(ReferralFields);
export type ReferralSummary = z.infer<typeof ReferralSummarySchema>;

export const CreatedReferralSchema = ReferralSchema.extend({
  reporterNotified: z
    .boolean()
    .meta({ description: "Whether a message telling the reporter was queued (they allowed contact and can still be reached)." }),
}).meta({ examples: [{ ...EXAMPLE_REFERRAL, status: "dikirim", allowedNext: ["diterima", "ditindaklanjuti", "selesai", "ditolak"], reporterNotified: true }] });
export type CreatedReferral = z.infer<typeof CreatedReferralSchema>;

export const TicketReferralListSchema = z
  .object({ referrals: z.array(ReferralSchema).meta({ description: "Oldest first." }) })
  .meta({ examples: [{ referrals: [EXAMPLE_REFERRAL] }] });

export const ReferralPageSchema = z
  .object({
    referrals: z.array(ReferralSummarySchema).meta({ description: "Newest first." }),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last one." }),
  })
  .meta({ examples: [{ referrals: [EXAMPLE_SUMMARY], nextCursor: "eyJhdCI6IjIwMjUtMDctMTRUMDM6MDA6MDAuMDAwWiJ9" }] });

export const ReferralParamsSchema = z.object({ id: z.uuid().meta({ description: "The referral's id." }) });

export const CreateReferralBodySchema = z
  .object({
    agencyId: z.uuid().meta({ description: "An active agency of the caller's unit." }),
    // Trimmed first, so spaces are not a note.
    note: z.string().trim().min(1).max(2000).meta({ description: "What the agency is asked to do. Staff only: never sent to the reporter." }),
    dueAt: z.iso.datetime({ offset: true }).meta({ description: "When the agency should have answered; must be in the future." }),
  })
  .meta({ examples: [{ agencyId: EXAMPLE_REFERRAL.agency.id, note: EXAMPLE_REFERRAL.note, dueAt: EXAMPLE_REFERRAL.dueAt }] });
export type CreateReferralBody = z.infer<typeof CreateReferralBodySchema>;

export const UpdateReferralBodySchema = z
  .object({
    status: ReferralStatusSchema,
    reason: z.string().trim().min(3).max(1000).optional().meta({ description: "Required for ditolak: why the agency refused." }),
    note: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .optional()
      .meta({ description: "What the agency said or did; kept on the ticket's timeline with the change." }),
  })
  .meta({
    examples: [
      { status: "ditindaklanjuti", note: "Konselor UPTD sudah bertemu anak dan ibunya." },
      { status: "ditolak", reason: "Di luar wilayah layanan; diarahkan ke UPTD PPA kabupaten." },
    ],
  });
export type UpdateReferralBody = z.infer<typeof UpdateReferralBodySchema>;

/** "true"/"false" as a query string carries it. */
const QueryBooleanSchema = z.enum(["true", "false"]).transform((value) => value === "true");

const REFERRAL_PAGE_MAX = 100;

export const ReferralListQuerySchema = z.object({
  status: ReferralStatusSchema.optional(),
  overdue: QueryBooleanSchema.optional().meta({ description: "true: only overdue ones; false: only those not overdue." }),
  agencyId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(REFERRAL_PAGE_MAX).default(50),
  cursor: z.string().max(200).optional().meta({ description: "nextCursor of the previous page." }),
});
export type ReferralListQuery = z.infer<typeof ReferralListQuerySchema>;

export const ReferralNotFoundSchema = ErrorBodySchema.meta({
  examples: [{ error: "referral_not_found", message: "Rujukan tidak ditemukan." }],
});

export const ReferralTicketNotFoundSchema = ErrorBodySchema.meta({
  examples: [{ error: "ticket_not_found", message: "Tiket tidak ditemukan." }],
});

export const ReferralTicketConflictSchema = ErrorBodySchema.meta({
  examples: [
    { error: "ticket_not_acknowledged", message: "Terima tiket ini dulu sebelum merujuknya." },
    { error: "ticket_closed", message: "Tiket ini sudah selesai atau ditutup; buka kembali dulu untuk merujuk." },
  ],
});

export const ReferralTransitionConflictSchema = ErrorBodySchema.extend({
  allowed: z.array(ReferralStatusSchema).meta({ description: "The statuses this referral may move to now." }),
}).meta({
  examples: [
    {
      error: "invalid_transition",
      message: "Status rujukan tidak bisa diubah dari diterima ke dikirim. Yang bisa: ditindaklanjuti, selesai, ditolak.",
      allowed: ["ditindaklanjuti", "selesai", "ditolak"],
    },
  ],
});
