import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { recordAudit } from "../../audit/audit.ts";
import { currentStaff, requireStaff } from "../../auth/require-staff.ts";
import { ForbiddenSchema, UnauthorizedSchema, ValidationErrorSchema, STAFF_SECURITY } from "../../auth/schemas.ts";
import { resolvePeriod, type PeriodOutcome } from "../../stats/period.ts";
import { statsCsv } from "../../stats/stats-csv.ts";
import { StatsCsvQuerySchema, StatsCsvSchema, StatsQuerySchema, StatsSchema } from "../../stats/stats-schemas.ts";
import { unitStats } from "../../stats/stats.ts";
import type { RouteDeps } from "../route-deps.ts";
import { sendInvalid } from "../errors.ts";

const ROLES = ["supervisor", "admin"] as const;

/** Both failures are about the end of the period: the swapped or too distant `until`. */
function sendPeriodInvalid(request: FastifyRequest, reply: FastifyReply, outcome: Extract<PeriodOutcome, { ok: false }>) {
  return sendInvalid(request, reply, "querystring", ["until"], `stats:errors.${outcome.error}`);
}

/** The unit's numbers for supervisors and admins, and the monthly report as CSV. */
export const statsRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { database, clock, i18n }) => {
  app.get(
    "/v1/stats",
    {
      onRequest: requireStaff(database, ROLES, { clock }),
      schema: {
        summary: "The unit's numbers for a period",
        description:
          "Reports received in the caller's unit in [since, until), in the unit's time zone: by period, category, priority, school, status and reporter; median minutes to acknowledge and to close; SLA breaches. Tickets triaged `bukan_laporan` are counted only in `totals.notReports`. No bounds: the current month.",
        tags: ["stats"],
        security: STAFF_SECURITY,
        querystring: StatsQuerySchema,
        response: { 200: StatsSchema, 400: ValidationErrorSchema, 401: UnauthorizedSchema, 403: ForbiddenSchema },
      },
    },
    async (request, reply) => {
      const now = clock();
      const resolved = await resolvePeriod(database.db, currentStaff(request).unitId, request.query, now);
      if (!resolved.ok) return sendPeriodInvalid(request, reply, resolved);
      return unitStats(database.db, resolved.unit, resolved.period, now);
    },
  );

  app.get(
    "/v1/stats.csv",
    {
      onRequest: requireStaff(database, ROLES, { clock }),
      schema: {
        summary: "The monthly report as a CSV file",
        description:
          "The same numbers as GET /v1/stats, as a spreadsheet: UTF-8 with a byte order mark, three columns (section, item, count), headers and words in Bahasa Indonesia (`lang=en` for English). Counts only: no reporter data, descriptions or ticket codes. Each download is recorded in the audit trail.",
        tags: ["stats"],
        security: STAFF_SECURITY,
        querystring: StatsCsvQuerySchema,
        produces: ["text/csv"],
        response: {
          200: { description: "The report.", content: { "text/csv": { schema: StatsCsvSchema } } },
          400: ValidationErrorSchema,
          401: UnauthorizedSchema,
          403: ForbiddenSchema,
        },
      },
    },
    async (request, reply) => {
      const now = clock();
      const principal = currentStaff(request);
      const { lang, ...query } = request.query;
      const resolved = await resolvePeriod(database.db, principal.unitId, query, now);
      if (!resolved.ok) return sendPeriodInvalid(request, reply, resolved);
      const stats = await unitStats(database.db, resolved.unit, resolved.period, now);
      const csv = statsCsv(stats, resolved.unit, resolved.period, i18n.getFixedT(lang, "stats"));
      await recordAudit(database.db, {
        unitId: principal.unitId,
        actorStaffId: principal.id,
        action: "export.csv",
        entityType: "export",
        entityId: null,
        data: { report: "stats", since: stats.period.since, until: stats.period.until, granularity: stats.period.granularity, lang },
        at: now,
      });
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${csv.filename}"`)
        .send(csv.body);
    },
  );
};
