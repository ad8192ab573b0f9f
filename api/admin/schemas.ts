import { z } from "zod";
import { STAFF_ROLES } from "../../db/schema/enums.ts";
import { ErrorBodySchema, NewPasswordSchema, StaffEmailSchema } from "../auth/schemas.ts";
import { AlertChannelSchema } from "../oncall/staff-link-schemas.ts";
import { canonicalTimeZone, isTimeZone } from "./time-zone.ts";

/*
 * Request and response bodies of the administration routes (api/routes/v1/admin.ts). The
 * examples are made up.
 */

const EXAMPLE_UNIT_ID = "0b7d9f3a-1c2e-4a5b-8d6f-7e8a9b0c1d2e";
const EXAMPLE_STAFF_ID = "6f1c2a9e-3b4d-4f6a-9c1e-2d3b4a5c6d7e";
const EXAMPLE_TIME = "2025-07-14T01:00:00.000Z";

export const IdParamsSchema = z.object({ id: z.uuid() });

// ---------------------------------------------------------------------------------------------
// Units

/** Thirty days: a longer target to acknowledge a report is no target at all. */
const SlaTargetSchema = z.int().min(1).max(30 * 24 * 60);

const SlaMinutesSchema = z
  .object({ darurat: SlaTargetSchema, tinggi: SlaTargetSchema, sedang: SlaTargetSchema, rendah: SlaTargetSchema })
  // A darurat report given longer than a rendah question is a typo, not a policy.
  .refine((sla) => sla.darurat <= sla.tinggi && sla.tinggi <= sla.sedang && sla.sedang <= sla.rendah, {
    message: "Targets must not grow shorter as the priority falls: darurat ≤ tinggi ≤ sedang ≤ rendah",
  })
  .meta({ description: "Minutes to acknowledge a report, per priority." });

const HotlineNumberSchema = z.object({
  label: z.string().trim().min(1).max(80),
  number: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 ()-]{1,23}$/, { message: "Digits, spaces, brackets and dashes, optionally after a +" }),
  whatsapp: z.boolean().default(false),
});

const TimeZoneSchema = z
  .string()
  .trim()
  .refine(isTimeZone, { message: "Not an IANA time zone name such as Asia/Jakarta" })
  .overwrite(canonicalTimeZone)
  .meta({ description: "IANA time zone: Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)." });

/** The Kemendagri region code: province, then regency/city, kecamatan and village, dot-separated. */
const RegionCodeSchema = z
  .string()
  .trim()
  .regex(/^[0-9]{2}(\.[0-9]{2}){0,2}(\.[0-9]{4})?$/, { message: "A Kemendagri region code such as 18.72" });

const UnitFieldsSchema = z.object({
  name: z.string().trim().min(1).max(160),
  regionCode: RegionCodeSchema.nullable(),
  timezone: TimeZoneSchema,
  hotlineNumbers: z.array(HotlineNumberSchema).max(10),
  slaMinutes: SlaMinutesSchema,
  retentionDays: z
    .int()
    .min(30)
    .max(3650)
    .meta({ description: "Days after closing before a ticket loses the reporter's address and contact details." }),
  kecamatan: z.array(z.string().trim().min(1).max(80)).max(100),
});

const EXAMPLE_UNIT = {
  id: EXAMPLE_UNIT_ID,
  name: "Dinas Sosial Kota Metro",
  code: "MTR",
  regionCode: "18.72",
  timezone: "Asia/Jakarta",
  hotlineNumbers: [{ label: "Layanan pengaduan", number: "0812-0000-0000", whatsapp: true }],
  slaMinutes: { darurat: 5, tinggi: 60, sedang: 1440, rendah: 4320 },
  kecamatan: ["Metro Pusat", "Metro Utara", "Metro Barat", "Metro Timur", "Metro Selatan"],
  retentionDays: 365,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
};

export const UnitSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    code: z.string(),
    regionCode: z.string().nullable(),
    timezone: z.string(),
    hotlineNumbers: z.array(z.object({ label: z.string(), number: z.string(), whatsapp: z.boolean() })),
    slaMinutes: z.object({ darurat: z.int(), tinggi: z.int(), sedang: z.int(), rendah: z.int() }),
    kecamatan: z.array(z.string()),
    retentionDays: z.int(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ examples: [EXAMPLE_UNIT] });
export type UnitView = z.infer<typeof UnitSchema>;

export const UnitListSchema = z.object({ items: z.array(UnitSchema) }).meta({ examples: [{ items: [EXAMPLE_UNIT] }] });

export const UnitCreateBodySchema = UnitFieldsSchema.partial()
  .required({ name: true, timezone: true })
  .extend({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, { message: "Three letters, e.g. MTR" })
      .meta({ description: "Three letters that start the unit's ticket codes (MTR-7K3QX); cannot be changed later." }),
  })
  .meta({
    examples: [
      {
        name: "Dinas Sosial Kabupaten Lampung Timur",
        code: "LTM",
        regionCode: "18.07",
        timezone: "Asia/Jakarta",
        hotlineNumbers: [{ label: "Layanan pengaduan", number: "0812-1111-2222", whatsapp: true }],
        retentionDays: 730,
      },
    ],
  });
export type UnitCreateBody = z.infer<typeof UnitCreateBodySchema>;

export const UnitPatchBodySchema = UnitFieldsSchema.partial().meta({
  examples: [{ slaMinutes: { darurat: 5, tinggi: 30, sedang: 720, rendah: 2880 }, retentionDays: 730 }],
});
export type UnitPatchBody = z.infer<typeof UnitPatchBodySchema>;

// ---------------------------------------------------------------------------------------------
// Staff

const PhoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()-]{5,23}$/, { message: "Digits, spaces, brackets and dashes, optionally after a +" });

const EXAMPLE_ACCOUNT = {
  id: EXAMPLE_STAFF_ID,
  unitId: EXAMPLE_UNIT_ID,
  name: "Sari Wulandari",
  email: "sari.wulandari@dinsos.metro.example",
  role: "peksos",
  phone: "0812-3456-7890",
  active: true,
  alertChannel: "telegram",
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
} as const;

/** A staff account as admins and supervisors see it: never the password hash, lockout or link-code fields. */
export const StaffAccountSchema = z
  .object({
    id: z.uuid(),
    unitId: z.uuid(),
    name: z.string(),
    email: z.string(),
    role: z.enum(STAFF_ROLES),
    phone: z.string().nullable(),
    active: z.boolean(),
    alertChannel: AlertChannelSchema,
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ examples: [EXAMPLE_ACCOUNT] });
export type StaffAccount = z.infer<typeof StaffAccountSchema>;

/** What a peksos sees of colleagues: enough to pick whom to hand a case to. */
export const StaffPeerSchema = z
  .object({ id: z.uuid(), name: z.string(), role: z.enum(STAFF_ROLES) })
  .meta({ examples: [{ id: EXAMPLE_STAFF_ID, name: "Sari Wulandari", role: "peksos" }] });
export type StaffPeer = z.infer<typeof StaffPeerSchema>;

export const StaffListQuerySchema = z.object({
  unitId: z.uuid().optional().meta({ description: "Admins only: another unit's staff. Defaults to the caller's unit." }),
});

export const StaffListSchema = z
  .object({
    items: z.array(z.union([StaffAccountSchema, StaffPeerSchema])).meta({
      description: "Full accounts for admins and supervisors; id, name and role of active colleagues for peksos.",
    }),
  })
  .meta({ examples: [{ items: [EXAMPLE_ACCOUNT] }] });

export const StaffCreateBodySchema = z
  .object({
    unitId: z.uuid().optional().meta({ description: "Admins only: another unit. Defaults to the caller's unit." }),
    email: StaffEmailSchema,
    name: z.string().trim().min(1).max(120),
    role: z.enum(STAFF_ROLES).meta({ description: "Supervisors may add peksos only." }),
    phone: PhoneSchema.optional(),
    password: NewPasswordSchema.optional().meta({
      description: "Left out, a one-time password is generated and returned once.",
    }),
  })
  .meta({
    examples: [{ email: "budi.santoso@dinsos.metro.example", name: "Budi Santoso", role: "peksos", phone: "0813-2222-3333" }],
  });
export type StaffCreateBody = z.infer<typeof StaffCreateBodySchema>;

const OneTimePasswordSchema = z.string().meta({
  description: "Shown this once and never stored in plain text: hand it to the person, who should change it at once (POST /v1/auth/password).",
});

export const StaffCreatedSchema = z
  .object({ staff: StaffAccountSchema, oneTimePassword: OneTimePasswordSchema.optional() })
  .meta({ examples: [{ staff: EXAMPLE_ACCOUNT, oneTimePassword: "u8Xk2pQz7Rw1Ls9Tn4Vb0Hc3" }] });

export const StaffPatchBodySchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    role: z.enum(STAFF_ROLES).meta({ description: "Admins only." }),
    phone: PhoneSchema.nullable(),
    active: z
      .boolean()
      .meta({
        description: "false ends the person's sessions at once and unlinks their Telegram and WhatsApp chats; nobody can deactivate themselves.",
      }),
  })
  .partial()
  .meta({ examples: [{ active: false }, { name: "Sari Wulandari, S.Sos.", phone: null }] });
export type StaffPatchBody = z.infer<typeof StaffPatchBodySchema>;

export const PasswordResetSchema = z
  .object({ oneTimePassword: OneTimePasswordSchema })
  .meta({ examples: [{ oneTimePassword: "u8Xk2pQz7Rw1Ls9Tn4Vb0Hc3" }] });

// ---------------------------------------------------------------------------------------------
// Errors

export const UnitNotFoundSchema = ErrorBodySchema.meta({
  examples: [{ error: "unit_not_found", message: "Unit tidak ditemukan." }],
});

export const StaffNotFoundSchema = ErrorBodySchema.meta({
  examples: [{ error: "staff_not_found", message: "Akun petugas tidak ditemukan." }],
});

export const UnitConflictSchema = ErrorBodySchema.meta({
  examples: [{ error: "unit_code_taken", message: "Kode unit itu sudah dipakai unit lain." }],
});

export const StaffConflictSchema = ErrorBodySchema.meta({
  examples: [
    { error: "email_taken", message: "Email itu sudah dipakai akun lain." },
    {
      error: "own_account",
      message:
        "Anda tidak dapat menonaktifkan akun sendiri, mengubah peran sendiri, atau mereset kata sandi sendiri. Minta admin lain; untuk kata sandi, pakai ganti kata sandi.",
    },
  ],
});

export const StaffForbiddenSchema = ErrorBodySchema.meta({
  examples: [
    { error: "forbidden", message: "Peran Anda tidak diizinkan melakukan ini." },
    {
      error: "role_not_allowed",
      message: "Supervisor hanya dapat menambah dan mengelola akun peksos di unitnya sendiri, dan tidak dapat mengubah peran.",
    },
  ],
});
