import { z } from "zod";
import { STAFF_ROLES } from "../../db/schema/enums.ts";
import type { ErrorBody } from "../plugins/error-body.ts";

const EXAMPLE_STAFF = {
  id: "6f1c2a9e-3b4d-4f6a-9c1e-2d3b4a5c6d7e",
  name: "Sari Wulandari",
  email: "sari.wulandari@dinsos.metro.example",
  role: "peksos",
  unitId: "0b7d9f3a-1c2e-4a5b-8d6f-7e8a9b0c1d2e",
} as const;

/** The longest password accepted anywhere: argon2 hashes any length, but a megabyte "password" is an attack on the CPU. */
export const PASSWORD_MAX_LENGTH = 200;

// Emails are stored lower-cased (see db/schema/staff.ts): "Sari@…" from a phone's
// auto-capitalised keyboard must still match.
export const StaffEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email().max(254))
  .meta({ description: "The staff member's email; case and surrounding spaces are ignored.", format: "email" });

export const LoginBodySchema = z
  .object({
    email: StaffEmailSchema,
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  })
  .meta({ examples: [{ email: EXAMPLE_STAFF.email, password: "kata-sandi-yang-panjang" }] });
export type LoginBody = z.infer<typeof LoginBodySchema>;

export const StaffSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    role: z.enum(STAFF_ROLES),
    unitId: z.uuid(),
  })
  .meta({ examples: [EXAMPLE_STAFF] });

const EXAMPLE_CSRF_TOKEN = "n4Qb0y7gS1dJm2Xv8kPz3Lc6Hw9Tr5Ea1Uo0Yi7Bq2M";

const CsrfTokenSchema = z.string().meta({
  description:
    "For the browser console, signed in by the `lapor_sesi` cookie: send it as the `x-csrf-token` header on every request other than GET/HEAD/OPTIONS. Bearer clients ignore it.",
});

export const LoginResponseSchema = z
  .object({
    token: z.string().meta({ description: "Send as `Authorization: Bearer <token>`. Shown only once." }),
    expiresAt: z.iso.datetime({ offset: true }).meta({ description: "When the token stops working (12 hours after sign-in)." }),
    csrfToken: CsrfTokenSchema,
    staff: StaffSchema,
  })
  .meta({
    examples: [
      {
        token: "q3Zy8m1T0kQ2vJwX5cR7bN9pL4sA6dF8gH0jK2lM3nO",
        expiresAt: "2025-07-14T13:00:00.000Z",
        csrfToken: EXAMPLE_CSRF_TOKEN,
        staff: EXAMPLE_STAFF,
      },
    ],
  });

/** The signed-in staff member, with the session's CSRF token: the console reads it again after a page reload. */
const EXAMPLE_UNIT_REF = { id: EXAMPLE_STAFF.unitId, name: "Dinas Sosial Kota Metro", code: "MTR", timezone: "Asia/Jakarta" } as const;

export const MeSchema = StaffSchema.extend({
  csrfToken: CsrfTokenSchema,
  unit: z
    .object({ id: z.uuid(), name: z.string(), code: z.string(), timezone: z.string() })
    .meta({ description: "The staff member's unit: its time zone is the one rosters, SLAs and ticket times are read in." }),
}).meta({
  examples: [{ ...EXAMPLE_STAFF, csrfToken: EXAMPLE_CSRF_TOKEN, unit: EXAMPLE_UNIT_REF }],
});

/** A password a staff member chooses or an admin sets: long beats complicated (NIST SP 800-63B). */
export const NewPasswordSchema = z
  .string()
  .min(12)
  .max(PASSWORD_MAX_LENGTH)
  .meta({ description: "At least 12 characters; a few unrelated words are easier to remember and harder to guess." });

export const PasswordChangeBodySchema = z
  .object({
    currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
    newPassword: NewPasswordSchema,
  })
  .meta({ examples: [{ currentPassword: "kata-sandi-yang-lama", newPassword: "kopi pagi di balai desa" }] });

export const NoContentSchema = z.null().meta({ description: "No body." });

/** The error handler's body (see ErrorBody), for documenting error responses. */
export const ErrorBodySchema = z.object({
  error: z.string(),
  message: z.string(),
  fields: z
    .array(z.object({ in: z.string(), path: z.string(), code: z.string(), message: z.string() }))
    .optional(),
}) satisfies z.ZodType<ErrorBody>;

export const ValidationErrorSchema = ErrorBodySchema.meta({
  examples: [
    {
      error: "validation",
      message: "Data yang dikirim tidak valid. Periksa kolom yang disebutkan.",
      fields: [{ in: "body", path: "email", code: "invalid_type", message: "Invalid input: expected string, received undefined" }],
    },
  ],
});

export const LoginFailedSchema = ErrorBodySchema.meta({
  examples: [
    {
      error: "invalid_credentials",
      message:
        "Email atau kata sandi salah, akun tidak aktif, atau akun dikunci sementara karena terlalu banyak percobaan. Coba lagi nanti atau hubungi admin.",
    },
  ],
});

export const UnauthorizedSchema = ErrorBodySchema.meta({
  examples: [{ error: "unauthorized", message: "Silakan masuk terlebih dahulu: sesi tidak ada, salah, atau sudah berakhir." }],
});

export const ForbiddenSchema = ErrorBodySchema.meta({
  examples: [
    { error: "forbidden", message: "Peran Anda tidak diizinkan melakukan ini." },
    { error: "csrf", message: "Permintaan ini perlu token CSRF sesi Anda di header x-csrf-token. Muat ulang halaman lalu coba lagi." },
  ],
});

/** How a staff route is called: the bearer token, or the browser's session cookie (with x-csrf-token on writes). */
export const STAFF_SECURITY: { [scheme: string]: string[] }[] = [{ staffToken: [] }, { staffCookie: [] }];
