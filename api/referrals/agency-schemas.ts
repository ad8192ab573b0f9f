import { z } from "zod";
import { AGENCY_TYPES } from "../../db/schema/enums.ts";
import { ErrorBodySchema } from "../auth/schemas.ts";

/*
 * Request and response bodies of the agency directory routes (api/routes/v1/referrals.ts). The
 * examples are made up; the numbers are the published national SAPA 129 ones.
 */

export const AgencyTypeSchema = z.enum(AGENCY_TYPES).meta({
  description:
    "uptd_ppa: UPTD PPA; polisi_ppa: the police's PPA unit; puskesmas: Puskesmas/RS (PKT); sapa129: SAPA 129; sentra_kemensos: Sentra/Balai Anak; sekolah_tppk: the school's TPPK; dinas_pendidikan; lainnya.",
});

const EXAMPLE_AGENCY = {
  id: "3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
  name: "SAPA 129 KemenPPPA",
  type: "sapa129",
  phone: "129",
  whatsapp: "08111129129",
  email: null,
  address: null,
  notes: "Telepon 129 atau 021-129, WhatsApp 08111-129-129.",
  isExample: false,
  active: true,
  createdAt: "2025-07-01T02:00:00.000Z",
  updatedAt: "2025-07-10T03:30:00.000Z",
} as const;

export const AgencySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    type: AgencyTypeSchema,
    phone: z.string().nullable(),
    whatsapp: z.string().nullable(),
    email: z.string().nullable(),
    address: z.string().nullable(),
    notes: z.string().nullable().meta({ description: "For staff: whom to ask for, opening hours, how to send a case." }),
    isExample: z.boolean().meta({ description: "A seeded starter entry nobody has checked yet; editing it clears this." }),
    active: z.boolean().meta({ description: "False: retired; kept because referrals point at it, but new referrals cannot use it." }),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ examples: [EXAMPLE_AGENCY] });
export type Agency = z.infer<typeof AgencySchema>;

export const AgencyListSchema = z
  .object({ agencies: z.array(AgencySchema).meta({ description: "Active ones first, then by name." }) })
  .meta({ examples: [{ agencies: [EXAMPLE_AGENCY] }] });

/** "true"/"false" as a query string carries it. */
const QueryBooleanSchema = z.enum(["true", "false"]).transform((value) => value === "true");

export const AgencyListQuerySchema = z.object({
  type: AgencyTypeSchema.optional(),
  active: QueryBooleanSchema.optional().meta({ description: "true: only usable ones; false: only retired ones; absent: all." }),
});

export const AgencyParamsSchema = z.object({ id: z.uuid().meta({ description: "The agency's id." }) });

// Trimmed first, so a field of spaces is not a name or a number.
const name = z.string().trim().min(2).max(200);
const optionalText = (max: number) => z.string().trim().min(1).max(max);
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()-]{1,29}$/)
  .meta({ description: "Digits, spaces, dashes and brackets, optionally with a leading +: e.g. 129, 021-129, +62 811-129-129." });
const email = z.string().trim().toLowerCase().pipe(z.email().max(254)).meta({ format: "email" });

const AgencyContactFields = {
  phone,
  whatsapp: phone,
  email,
  address: optionalText(500),
  notes: optionalText(2000),
};

export const CreateAgencyBodySchema = z
  .object({
    name,
    type: AgencyTypeSchema,
    phone: AgencyContactFields.phone.optional(),
    whatsapp: AgencyContactFields.whatsapp.optional(),
    email: AgencyContactFields.email.optional(),
    address: AgencyContactFields.address.optional(),
    notes: AgencyContactFields.notes.optional(),
  })
  .meta({
    examples: [
      {
        name: "UPTD PPA Kota Metro",
        type: "uptd_ppa",
        phone: "0725-41234",
        address: "Jl. Contoh No. 1, Metro Pusat",
        notes: "Kirim rujukan lewat surat resmi; tanyakan konselor piket.",
      },
    ],
  });
export type CreateAgencyBody = z.infer<typeof CreateAgencyBodySchema>;

export const UpdateAgencyBodySchema = z
  .object({
    name: name.optional(),
    type: AgencyTypeSchema.optional(),
    phone: AgencyContactFields.phone.nullable().optional(),
    whatsapp: AgencyContactFields.whatsapp.nullable().optional(),
    email: AgencyContactFields.email.nullable().optional(),
    address: AgencyContactFields.address.nullable().optional(),
    notes: AgencyContactFields.notes.nullable().optional(),
    active: z.boolean().optional().meta({ description: "false retires the agency; true brings it back." }),
  })
  .meta({
    description: "At least one field. null clears a contact field.",
    examples: [{ phone: "0725-41234", notes: null }, { active: false }],
  });
export type UpdateAgencyBody = z.infer<typeof UpdateAgencyBodySchema>;

export const AgencyNotFoundSchema = ErrorBodySchema.meta({
  examples: [{ error: "agency_not_found", message: "Lembaga tidak ditemukan." }],
});
