import { z } from "zod";
import { ErrorBodySchema } from "../auth/schemas.ts";

/*
 * Request and response bodies of the school routes (api/routes/v1/schools.ts). The examples are
 * made up; the codes show what a leaflet's Telegram link carries after `s_`.
 */

const EXAMPLE_SCHOOL = {
  id: "5e2a7c1d-9b3f-4d6e-8a1c-2f4b6d8e0a13",
  code: "smpn-3-metro",
  name: "SMP Negeri 3 Metro",
  kecamatan: "Metro Barat",
  isExample: false,
  createdAt: "2025-07-01T02:00:00.000Z",
  updatedAt: "2025-07-10T03:30:00.000Z",
} as const;

/**
 * The code the leaflet's deep link carries (`/start s_<code>`). Telegram's start payload allows
 * letters, digits, `_` and `-`; the table's check keeps lower case, digits and `-`, so what a
 * person types with capitals or spaces around it is normalised rather than refused.
 */
const SchoolCodeSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.string().regex(/^[a-z0-9-]{2,40}$/, { message: "2-40 lower-case letters, digits or dashes, e.g. smpn-3-metro" }))
  .meta({ description: "2-40 lower-case letters, digits or dashes; unique in the unit. It is printed in the leaflet's Telegram link." });

// Trimmed first, so a field of spaces is not a name.
const SchoolNameSchema = z.string().trim().min(2).max(200);
const KecamatanSchema = z.string().trim().min(1).max(100).meta({ description: "The kecamatan the school is in." });

export const SchoolSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    kecamatan: z.string().nullable(),
    isExample: z.boolean().meta({ description: "A seeded placeholder nobody has checked yet; editing it clears this." }),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ examples: [EXAMPLE_SCHOOL] });
export type School = z.infer<typeof SchoolSchema>;

export const SchoolListSchema = z
  .object({ schools: z.array(SchoolSchema).meta({ description: "By name." }) })
  .meta({ examples: [{ schools: [EXAMPLE_SCHOOL] }] });

export const SchoolListQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: "Part of the school's name or code, any case." }),
});

export const SchoolParamsSchema = z.object({ id: z.uuid().meta({ description: "The school's id." }) });

export const CreateSchoolBodySchema = z
  .object({
    code: SchoolCodeSchema,
    name: SchoolNameSchema,
    kecamatan: KecamatanSchema.nullable().optional(),
  })
  .meta({ examples: [{ code: "smpn-3-metro", name: "SMP Negeri 3 Metro", kecamatan: "Metro Barat" }] });
export type CreateSchoolBody = z.infer<typeof CreateSchoolBodySchema>;

export const UpdateSchoolBodySchema = z
  .object({
    code: SchoolCodeSchema.optional(),
    name: SchoolNameSchema.optional(),
    kecamatan: KecamatanSchema.nullable().optional().meta({ description: "null clears it." }),
  })
  .meta({
    description:
      "At least one field. A new code changes the leaflet's links: leaflets printed with the old code still open the chat, but their reports no longer name the school.",
    examples: [{ name: "SMP Negeri 3 Kota Metro" }, { kecamatan: null }],
  });
export type UpdateSchoolBody = z.infer<typeof UpdateSchoolBodySchema>;

export const SchoolNotFoundSchema = ErrorBodySchema.meta({
  examples: [{ error: "school_not_found", message: "Sekolah tidak ditemukan." }],
});

export const SchoolConflictSchema = ErrorBodySchema.meta({
  examples: [{ error: "school_code_taken", message: "Kode sekolah ini sudah dipakai sekolah lain di unit Anda. Pilih kode lain." }],
});
