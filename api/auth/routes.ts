import { eq } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { units } from "../../db/schema/index.ts";
import type { RouteDeps } from "../routes/route-deps.ts";
import { sendError, sendInvalid } from "../routes/errors.ts";
import { signIn } from "./login.ts";
import { changeOwnPassword } from "./password-change.ts";
import { currentSession, currentStaff, requireStaff } from "./require-staff.ts";
import { ForbiddenSchema,
  LoginBodySchema,
  LoginFailedSchema,
  LoginResponseSchema,
  MeSchema,
  NoContentSchema,
  PasswordChangeBodySchema,
  UnauthorizedSchema,
  ValidationErrorSchema, STAFF_SECURITY } from "./schemas.ts";
import { clearSessionCookie, setSessionCookie } from "./session-cookie.ts";
import { csrfTokenFor, deleteSession, type StaffPrincipal } from "./sessions.ts";

function staffObject(row: StaffPrincipal) {
  return { id: row.id, name: row.name, email: row.email, role: row.role, unitId: row.unitId };
}


/** Signing in and out, who am I, and changing one's own password. */
export const authRoutes: FastifyPluginAsyncZod<Pick<RouteDeps, "database" | "clock">> = async (app, { database, clock }) => {
  const signedIn = requireStaff(database, undefined, { clock });

  app.post(
    "/v1/auth/login",
    {
      schema: {
        summary: "Sign a staff member in with email and password",
        description:
          "Returns a bearer token valid for 12 hours and sets the same token as the httpOnly `lapor_sesi` cookie for the browser console, " +
          "which must then send `csrfToken` as the `x-csrf-token` header on every request other than GET/HEAD/OPTIONS. " +
          "An unknown email, a deactivated account, a wrong password and an account locked for 15 minutes after 5 wrong passwords in a row all get the same 401.",
        tags: ["auth"],
        body: LoginBodySchema,
        response: { 200: LoginResponseSchema, 400: ValidationErrorSchema, 401: LoginFailedSchema },
      },
    },
    async (request, reply) => {
      const outcome = await signIn(database.db, { ...request.body, now: clock() });
      if (!outcome.ok) {
        // The reason goes to the log with the id only; the caller gets one answer for every reason.
        request.log.info({ staffId: outcome.staffId, reason: outcome.reason }, "staff sign-in refused");
        if (outcome.lockedNow) request.log.warn({ staffId: outcome.staffId }, "staff account locked after repeated wrong passwords");
        return sendError(request, reply, 401, "invalid_credentials", "errors.login_failed");
      }
      const { principal, session } = outcome;
      setSessionCookie(request, reply, session.token);
      request.log.info({ staffId: principal.id }, "staff signed in");
      return {
        token: session.token,
        expiresAt: session.expiresAt.toISOString(),
        csrfToken: session.csrfToken,
        staff: staffObject(principal),
      };
    },
  );

  app.get(
    "/v1/auth/me",
    {
      onRequest: signedIn,
      schema: {
        summary: "The signed-in staff member",
        description: "With the session's CSRF token, which the browser console needs again after a page reload.",
        tags: ["auth"],
        security: STAFF_SECURITY,
        response: { 200: MeSchema, 401: UnauthorizedSchema },
      },
    },
    async (request) => {
      const staff = currentStaff(request);
      const [unit] = await database.db
        .select({ id: units.id, name: units.name, code: units.code, timezone: units.timezone })
        .from(units)
        .where(eq(units.id, staff.unitId));
      // A staff row always has its unit (foreign key); the fallback only satisfies the type.
      return { ...staffObject(staff), csrfToken: csrfTokenFor(currentSession(request).tokenHash), unit: unit ?? { id: staff.unitId, name: "", code: "", timezone: "Asia/Jakarta" } };
    },
  );

  app.post(
    "/v1/auth/logout",
    {
      onRequest: signedIn,
      schema: {
        summary: "Sign out: end this session",
        description: "Ends the session the request came with (bearer token or cookie) and clears the cookie. Other sessions of the same person stay.",
        tags: ["auth"],
        security: STAFF_SECURITY,
        response: { 204: NoContentSchema, 401: UnauthorizedSchema, 403: ForbiddenSchema },
      },
    },
    async (request, reply) => {
      await deleteSession(database.db, currentSession(request).id);
      clearSessionCookie(request, reply);
      request.log.info({ staffId: currentStaff(request).id }, "staff signed out");
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/v1/auth/password",
    {
      onRequest: signedIn,
      schema: {
        summary: "Change one's own password",
        description:
          "Needs the current password. The session the change is made from stays signed in; every other session of the same person ends.",
        tags: ["auth"],
        security: STAFF_SECURITY,
        body: PasswordChangeBodySchema,
        response: { 204: NoContentSchema, 400: ValidationErrorSchema, 401: UnauthorizedSchema, 403: ForbiddenSchema },
      },
    },
    async (request, reply) => {
      const principal = currentStaff(request);
      const outcome = await changeOwnPassword(database.db, {
        staffId: principal.id,
        unitId: principal.unitId,
        sessionId: currentSession(request).id,
        currentPassword: request.body.currentPassword,
        newPassword: request.body.newPassword,
        now: clock(),
      });
      if (!outcome.ok) {
        return outcome.error === "wrong_current_password"
          ? sendInvalid(request, reply, "body", ["currentPassword"], "errors.current_password_wrong")
          : sendInvalid(request, reply, "body", ["newPassword"], "errors.password_unchanged");
      }
      request.log.info({ staffId: principal.id, sessionsEnded: outcome.sessionsEnded }, "staff password changed");
      return reply.status(204).send(null);
    },
  );
};
