import { verify } from "@node-rs/argon2";
import { eq } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Database } from "../../db/client.ts";
import { staff } from "../../db/schema/index.ts";
import type { ErrorBody } from "../plugins/error-handler.ts";
import { currentStaff, requireStaff } from "./require-staff.ts";
import {
  LoginBodySchema,
  LoginFailedSchema,
  LoginResponseSchema,
  StaffSchema,
  UnauthorizedSchema,
  ValidationErrorSchema,
} from "./schemas.ts";
import { createStaffSession, type StaffPrincipal } from "./sessions.ts";

/**
 * Verified against when the email matches no account, so an unknown email costs the same argon2
 * work as a wrong password and response times do not reveal which addresses have accounts. It
 * hashes random bytes nobody kept, and has hashPassword's parameters (m=19456, t=2, p=1): keep
 * them in step if those change (tests/api/auth.test.ts checks).
 */
export const DUMMY_PASSWORD_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$tWbcMHkIP5KEFHtY41PhUw$zLLonc60MaxM8U1OJDbvbMyBS8Z22bQnNSg+0EXdOBw";

function staffObject(row: StaffPrincipal) {
  return { id: row.id, name: row.name, email: row.email, role: row.role, unitId: row.unitId };
}

export const authRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  app.post(
    "/v1/auth/login",
    {
      schema: {
        summary: "Sign a staff member in with email and password",
        description:
          "Returns a bearer token valid for 12 hours. An unknown email, a deactivated account and a wrong password get the same 401.",
        tags: ["auth"],
        body: LoginBodySchema,
        response: { 200: LoginResponseSchema, 400: ValidationErrorSchema, 401: LoginFailedSchema },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const [row] = await database.db
        .select({
          id: staff.id,
          unitId: staff.unitId,
          role: staff.role,
          name: staff.name,
          email: staff.email,
          passwordHash: staff.passwordHash,
          active: staff.active,
        })
        .from(staff)
        .where(eq(staff.email, email))
        .limit(1);
      // Always verify, even for an unknown or inactive account: see DUMMY_PASSWORD_HASH.
      const passwordMatches = await verify(row?.passwordHash ?? DUMMY_PASSWORD_HASH, password);
      if (!row || !row.active || !passwordMatches) {
        request.log.info({ staffId: row?.id ?? null }, "staff sign-in refused");
        return reply
          .status(401)
          .send({ error: "invalid_credentials", message: request.t("errors.login_failed") } satisfies ErrorBody);
      }
      const session = await createStaffSession(database.db, row.id, new Date());
      request.log.info({ staffId: row.id }, "staff signed in");
      return { token: session.token, expiresAt: session.expiresAt.toISOString(), staff: staffObject(row) };
    },
  );

  app.get(
    "/v1/auth/me",
    {
      onRequest: requireStaff(database),
      schema: {
        summary: "The signed-in staff member",
        tags: ["auth"],
        security: [{ staffToken: [] }],
        response: { 200: StaffSchema, 401: UnauthorizedSchema },
      },
    },
    async (request) => staffObject(currentStaff(request)),
  );
};
