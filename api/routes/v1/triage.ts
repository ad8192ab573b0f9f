import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Database } from "../../../db/client.ts";
import { currentStaff, requireStaff } from "../../auth/require-staff.ts";
import { ForbiddenSchema, UnauthorizedSchema, ValidationErrorSchema, STAFF_SECURITY } from "../../auth/schemas.ts";
import { failureSender, sendInvalid } from "../errors.ts";
import {
  OverrideConflictSchema,
  OverrideStatsQuerySchema,
  OverrideStatsSchema,
  TicketNotFoundSchema,
  TicketParamsSchema,
  TicketTriageSchema,
  TriageOverrideBodySchema,
  TriagePreviewBodySchema,
  TriagePreviewSchema,
} from "../../tickets/triage-schemas.ts";
import { overrideStats, overrideTriage, ticketTriage } from "../../tickets/triage-review.ts";
import { contactMaskFor, maskTriage } from "../../tickets/viewer-mask.ts";
import { triage } from "../../triage/triage.ts";

/** The service's failures and what the caller gets for each. */
const FAILURES = {
  ticket_not_found: { status: 404, messageKey: "errors.ticket_not_found" },
  override_no_change: { status: 409, messageKey: "errors.override_no_change" },
} as const;

const sendFailure = failureSender(FAILURES);


/** Triage for staff: a preview for reports taken by phone, a ticket's triage, overrides and their counts. */
export const triageRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  app.post(
    "/v1/triage",
    {
      onRequest: requireStaff(database),
      schema: {
        summary: "Triage a report without storing it",
        description:
          "For a report taken by phone: the peksos types what the caller says and sees the priority, the category and why. Nothing is stored, and the text never reaches the logs.",
        tags: ["triage"],
        security: STAFF_SECURITY,
        body: TriagePreviewBodySchema,
        response: { 200: TriagePreviewSchema, 400: ValidationErrorSchema, 401: UnauthorizedSchema },
      },
    },
    // The text is the caller's story: it is handed to the pure triage and to no logger.
    async (request) => {
      const { text, reporter, danger } = request.body;
      return triage({ text, reporter, answers: danger === undefined ? undefined : { danger } });
    },
  );

  app.get(
    "/v1/tickets/:id/triage",
    {
      onRequest: requireStaff(database),
      schema: {
        summary: "A ticket's triage, why, and every override of it",
        description:
          "Staff of the ticket's unit only; any other ticket id gets the same 404 as an unknown one. Staff who may not see the reporter's contact (all but the assignee and supervisors) get the phrases and override reasons with it masked, as on the ticket.",
        tags: ["triage"],
        security: STAFF_SECURITY,
        params: TicketParamsSchema,
        response: { 200: TicketTriageSchema, 400: ValidationErrorSchema, 401: UnauthorizedSchema, 404: TicketNotFoundSchema },
      },
    },
    async (request, reply) => {
      const principal = currentStaff(request);
      const result = await ticketTriage(database.db, principal.unitId, request.params.id);
      if (!result) return sendFailure(request, reply, "ticket_not_found");
      // Override reasons may quote the reporter's name or number: masked as on the ticket detail.
      return maskTriage(result, await contactMaskFor(database.db, principal, request.params.id));
    },
  );

  app.post(
    "/v1/tickets/:id/triage/override",
    {
      // Case work: admins read tickets but do not decide them.
      onRequest: requireStaff(database, ["peksos", "supervisor"]),
      schema: {
        summary: "Correct a ticket's priority or category, with a reason",
        description:
          "Recorded as an override event with the reason and the signals the rules saw. A new priority moves the acknowledge-by time to the unit's target for it, counted from when the report arrived. Lowering a priority is allowed: it is explicit and audited.",
        tags: ["triage"],
        security: STAFF_SECURITY,
        params: TicketParamsSchema,
        body: TriageOverrideBodySchema,
        response: {
          200: TicketTriageSchema,
          400: ValidationErrorSchema,
          401: UnauthorizedSchema,
          403: ForbiddenSchema,
          404: TicketNotFoundSchema,
          409: OverrideConflictSchema,
        },
      },
    },
    async (request, reply) => {
      const { priority, category, reason } = request.body;
      if (priority === undefined && category === undefined) {
        return sendInvalid(request, reply, "body", ["priority", "category"], "errors.override_change_required");
      }
      const principal = currentStaff(request);
      const outcome = await overrideTriage(database.db, {
        unitId: principal.unitId,
        staffId: principal.id,
        ticketId: request.params.id,
        priority,
        category,
        reason,
        now: new Date(),
      });
      if (!outcome.ok) return sendFailure(request, reply, outcome.error);
      // Ids and the change only: the reason may quote the child.
      request.log.info(
        { ticketId: request.params.id, staffId: principal.id, from: outcome.from, to: outcome.to },
        "triage overridden",
      );
      return maskTriage(outcome.triage, await contactMaskFor(database.db, principal, request.params.id));
    },
  );

  app.get(
    "/v1/triage/overrides",
    {
      onRequest: requireStaff(database, ["supervisor", "admin"]),
      schema: {
        summary: "How often staff corrected the triage, to improve its rules",
        description:
          "Overrides in the caller's unit made in [since, until), by change and by the rules among the ticket's signals. Either bound may be left out.",
        tags: ["triage"],
        security: STAFF_SECURITY,
        querystring: OverrideStatsQuerySchema,
        response: { 200: OverrideStatsSchema, 400: ValidationErrorSchema, 401: UnauthorizedSchema, 403: ForbiddenSchema },
      },
    },
    async (request, reply) => {
      const since = request.query.since === undefined ? undefined : new Date(request.query.since);
      const until = request.query.until === undefined ? undefined : new Date(request.query.until);
      // An empty or reversed period is a mistake (swapped dates), not a period with no overrides.
      if (since && until && since >= until) return sendInvalid(request, reply, "querystring", ["until"], "errors.period_invalid");
      return overrideStats(database.db, { unitId: currentStaff(request).unitId, since, until });
    },
  );
};
