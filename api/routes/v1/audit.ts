import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { decodeCursor, listAudit } from "../../audit/audit-query.ts";
import { AuditPageSchema, AuditQuerySchema } from "../../audit/audit-schemas.ts";
import { requireStaff } from "../../auth/require-staff.ts";
import { ForbiddenSchema, STAFF_SECURITY, UnauthorizedSchema, ValidationErrorSchema } from "../../auth/schemas.ts";
import type { RouteDeps } from "../route-deps.ts";
import { sendInvalid } from "../errors.ts";

/** The audit trail for admins: who read or changed what, in every unit. */
export const auditRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { database, clock }) => {
  app.get(
    "/v1/audit",
    {
      onRequest: requireStaff(database, ["admin"], { clock }),
      schema: {
        summary: "Who read or changed what",
        description:
          "Audit lines of every unit (or one, with `unitId`), newest first, in pages of `limit` lines: follow `nextCursor` until it is null. A line without an actor was written by the system (retention, escalation). Admins only.",
        tags: ["audit"],
        security: STAFF_SECURITY,
        querystring: AuditQuerySchema,
        response: { 200: AuditPageSchema, 400: ValidationErrorSchema, 401: UnauthorizedSchema, 403: ForbiddenSchema },
      },
    },
    async (request, reply) => {
      const { cursor, limit, since, until, ...filter } = request.query;
      const sinceAt = since === undefined ? undefined : new Date(since);
      const untilAt = until === undefined ? undefined : new Date(until);
      if (sinceAt && untilAt && sinceAt >= untilAt) {
        return sendInvalid(request, reply, "querystring", ["until"], "stats:errors.period_reversed");
      }
      const after = cursor === undefined ? null : decodeCursor(cursor);
      if (cursor !== undefined && after === null) {
        return sendInvalid(request, reply, "querystring", ["cursor"], "stats:errors.cursor_invalid");
      }
      return listAudit(database.db, { ...filter, since: sinceAt, until: untilAt }, { limit, after });
    },
  );
};
