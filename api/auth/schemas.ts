import { z } from "zod";
import { STAFF_ROLES } from "../../db/schema/enums.ts";
import type { ErrorBody } from "../plugins/error-handler.ts";

const EXAMPLE_STAFF = {
  id: "6f1c2a9e-3b4d-4f6a-9c1e-2d3b4a5c6d7e",
  name: "Sari Wulandari",
  email: "sari.wulandari@dinsos.metro.example",
  role: "peksos",
  unitId: "0b7d9f3a-1c2e-4a5b-8d6f-7e8a9b0c1d2e",
} as const;

export const LoginBodySchema = z
  .object({
    // Emails are stored lower-cased (see db/schema/staff.ts): "Sari@…" from a phone's
    // auto-capitalised keyboard must still match.
    email: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.email().max(254))
      .meta({ description: "The staff member's email; case and surrounding spaces are ignored.", format: "email" }),
    password: z.string().min(1).max(200),
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

export const LoginResponseSchema = z
  .object({
    token: z.string().meta({ description: "Send as `Authorization: Bearer <token>`. Shown only once." }),
    expiresAt: z.iso.datetime({ offset: true }).meta({ description: "When the token stops working (12 hours after sign-in)." }),
    staff: StaffSchema,
  })
  .meta({
    examples: [
      {
        token: "q3Zy8m1T0kQ2vJwX5cR7bN9pL4sA6dF8gH0jK2lM3nO",
        expiresAt: "2025-07-14T13:00:00.000Z",
        staff: EXAMPLE_STAFF,
      },
    ],
  });

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
  examples: [{ error: "invalid_credentials", message: "Email atau kata sandi salah, atau akun tidak aktif." }],
});

export const UnauthorizedSchema = ErrorBodySchema.meta({
  examples: [{ error: "unauthorized", message: "Silakan masuk terlebih dahulu: sesi tidak ada, salah, atau sudah berakhir." }],
});

export const ForbiddenSchema = ErrorBodySchema.meta({
  examples: [{ error: "forbidden", message: "Peran Anda tidak diizinkan melakukan ini." }],
});
