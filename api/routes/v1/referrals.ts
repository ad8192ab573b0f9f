import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { currentStaff, requireStaff, type StaffRole } from "../../auth/require-staff.ts";
import { ForbiddenSchema, UnauthorizedSchema, ValidationErrorSchema, STAFF_SECURITY } from "../../auth/schemas.ts";
import {
  AgencyListQuerySchema,
  AgencyListSchema,
  AgencyNotFoundSchema,
  AgencyParamsSchema,
  AgencySchema,
  CreateAgencyBodySchema,
  UpdateAgencyBodySchema,
} from "../../referrals/agency-schemas.ts";
import { createAgency, listAgencies, updateAgency } from "../../referrals/agencies.ts";
import {
  CreatedReferralSchema,
  CreateReferralBodySchema,
  ReferralListQuerySchema,
  ReferralNotFoundSchema,
  ReferralPageSchema,
  ReferralParamsSchema,
  ReferralSchema,
  ReferralTicketConflictSchema,
  ReferralTicketNotFoundSchema,
  ReferralTransitionConflictSchema,
  TicketReferralListSchema,
  UpdateReferralBodySchema,
} from "../../referrals/referral-schemas.ts";
import { createReferral, decodeCursor, listReferrals, ticketReferrals, updateReferralStatus } from "../../referrals/referrals.ts";
import { createReferralNotice } from "../../referrals/reporter-notice.ts";
import { maskReferralTexts } from "../../referrals/referral-mask.ts";
import { TicketParamsSchema } from "../../tickets/triage-schemas.ts";
import { failureSender, sendInvalid } from "../errors.ts";
import type { RouteDeps } from "../route-deps.ts";

const MANAGERS = ["supervisor", "admin"] as const;
/** Who refers cases and follows them up: the case workers and their supervisors. */
const CASE_WORKERS = ["peksos", "supervisor"] as const;

/** The services' failures and what the caller gets for each. */
const FAILURES = {
  ticket_not_found: { status: 404, messageKey: "referrals:errors.ticket_not_found" },
  agency_not_found: { status: 404, messageKey: "referrals:errors.agency_not_found" },
  referral_not_found: { status: 404, messageKey: "referrals:errors.referral_not_found" },
  ticket_not_acknowledged: { status: 409, messageKey: "referrals:errors.ticket_not_acknowledged" },
  ticket_closed: { status: 409, messageKey: "referrals:errors.ticket_closed" },
} as const;

const sendFailure = failureSender(FAILURES);

/** The agency directory, referring tickets to agencies, and following the referrals up. */
export const referralRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const { database, clock } = deps;
  const db = database.db;
  const notice = createReferralNotice(deps.i18n);
  // Sessions expire by the same clock the changes are stamped with, so tests control both.
  const staffOnly = (roles?: readonly StaffRole[]) => requireStaff(database, roles, { clock });

  app.get(
    "/v1/agencies",
    {
      onRequest: staffOnly(),
      schema: {
        summary: "The unit's agency directory",
        description: "Every agency of the caller's unit, active ones first, then by name; filter by type and by active.",
        tags: ["agencies"],
        security: STAFF_SECURITY,
        querystring: AgencyListQuerySchema,
        response: { 200: AgencyListSchema, 400: ValidationErrorSchema, 401: UnauthorizedSchema },
      },
    },
    async (request) => {
      const { type, active } = request.query;
      return { agencies: await listAgencies(db, { unitId: currentStaff(request).unitId, type, active }) };
    },
  );

  app.post(
    "/v1/agencies",
    {
      onRequest: staffOnly(MANAGERS),
      schema: {
        summary: "Add an agency to the unit's directory",
        description: "Supervisors and admins. Recorded in the audit trail (which fields were filled in, not their values).",
        tags: ["agencies"],
        security: STAFF_SECURITY,
        body: CreateAgencyBodySchema,
        response: { 201: AgencySchema, 400: ValidationErrorSchema, 401: UnauthorizedSchema, 403: ForbiddenSchema },
      },
    },
    async (request, reply) => {
      const principal = currentStaff(request);
      const agency = await createAgency(db, { unitId: principal.unitId, staffId: principal.id, now: clock() }, request.body);
      request.log.info({ agencyId: agency.id, staffId: principal.id }, "agency created");
      return reply.status(201).send(agency);
    },
  );

  app.patch(
    "/v1/agencies/:id",
    {
      onRequest: staffOnly(MANAGERS),
      schema: {
        summary: "Edit or retire an agency",
        description:
          "Supervisors and admins. Any edit of a seeded example entry clears isExample: a person has checked it. There is no delete: `active: false` retires an agency, which keeps its referrals readable and refuses new ones. An agency of another unit is a 404.",
        tags: ["agencies"],
        security: STAFF_SECURITY,
        params: AgencyParamsSchema,
        body: UpdateAgencyBodySchema,
        response: {
          200: AgencySchema,
          400: ValidationErrorSchema,
          401: UnauthorizedSchema,
          403: ForbiddenSchema,
          404: AgencyNotFoundSchema,
        },
      },
    },
    async (request, reply) => {
      const fields = Object.entries(request.body).flatMap(([field, value]) => (value === undefined ? [] : [field]));
      if (fields.length === 0) {
        return sendInvalid(request, reply, "body", Object.keys(UpdateAgencyBodySchema.shape), "referrals:errors.change_required");
      }
      const principal = currentStaff(request);
      const outcome = await updateAgency(db, { unitId: principal.unitId, staffId: principal.id, now: clock() }, request.params.id, request.body);
      if (!outcome.ok) return sendFailure(request, reply, outcome.error);
      request.log.info({ agencyId: request.params.id, staffId: principal.id, fields }, "agency updated");
      return outcome.agency;
    },
  );

  app.post(
    "/v1/tickets/:id/referrals",
    {
      onRequest: staffOnly(CASE_WORKERS),
      schema: {
        summary: "Refer a ticket to an agency",
        description:
          "Peksos and supervisors. The ticket must be acknowledged (diterima or ditangani; a dirujuk ticket may take more referrals) and moves to dirujuk. When the reporter allowed contact and can still be reached, they are told in simple words, in their language, that the report was passed on to the right kind of service: never the agency's name or contacts, a staff name or the note.",
        tags: ["referrals"],
        security: STAFF_SECURITY,
        params: TicketParamsSchema,
        body: CreateReferralBodySchema,
        response: {
          201: CreatedReferralSchema,
          400: ValidationErrorSchema,
          401: UnauthorizedSchema,
          403: ForbiddenSchema,
          404: ReferralTicketNotFoundSchema,
          409: ReferralTicketConflictSchema,
        },
      },
    },
    async (request, reply) => {
      const now = clock();
      const dueAt = new Date(request.body.dueAt);
      if (dueAt <= now) return sendInvalid(request, reply, "body", ["dueAt"], "referrals:errors.due_in_past");
      const principal = currentStaff(request);
      const outcome = await createReferral(
        db,
        {
          unitId: principal.unitId,
          staffId: principal.id,
          ticketId: request.params.id,
          agencyId: request.body.agencyId,
          note: request.body.note,
          dueAt,
          now,
        },
        notice,
      );
      if (!outcome.ok) {
        if (outcome.error === "agency_unusable") {
          return sendInvalid(request, reply, "body", ["agencyId"], "referrals:errors.agency_unusable");
        }
        return sendFailure(request, reply, outcome.error);
      }
      // After the commit: on PGlite a dispatch inside the transaction would wait for itself.
      await deps.outbox?.dispatch(outcome.outboundIds);
      request.log.info(
        { ticketId: request.params.id, referralId: outcome.referral.id, staffId: principal.id, ticketStatus: outcome.ticketStatus },
        "ticket referred",
      );
      const [shown] = await maskReferralTexts(db, principal, [outcome.referral]);
      return reply.status(201).send(shown ?? outcome.referral);
    },
  );

  app.get(
    "/v1/tickets/:id/referrals",
    {
      onRequest: staffOnly(),
      schema: {
        summary: "A ticket's referrals",
        description: "Oldest first, with their notes. The read is audited. A ticket of another unit is a 404.",
        tags: ["referrals"],
        security: STAFF_SECURITY,
        params: TicketParamsSchema,
        response: { 200: TicketReferralListSchema, 400: ValidationErrorSchema, 401: UnauthorizedSchema, 404: ReferralTicketNotFoundSchema },
      },
    },
    async (request, reply) => {
      const principal = currentStaff(request);
      const list = await ticketReferrals(db, { unitId: principal.unitId, staffId: principal.id, ticketId: request.params.id, now: clock() });
      return list === null ? sendFailure(request, reply, "ticket_not_found") : { referrals: await maskReferralTexts(db, principal, list) };
    },
  );

  app.get(
    "/v1/referrals",
    {
      onRequest: staffOnly(),
      schema: {
        summary: "The unit's referrals, to follow them up",
        description:
          "Newest first, a page at a time (pass nextCursor as cursor). Filter by status, agency, and overdue=true for those past their due date and still open. Notes and reasons are left out of this list: read them on the ticket.",
        tags: ["referrals"],
        security: STAFF_SECURITY,
        querystring: ReferralListQuerySchema,
        response: { 200: ReferralPageSchema, 400: ValidationErrorSchema, 401: UnauthorizedSchema },
      },
    },
    async (request, reply) => {
      const { cursor: cursorText, ...filters } = request.query;
      const cursor = cursorText === undefined ? undefined : decodeCursor(cursorText);
      if (cursor === null) return sendInvalid(request, reply, "querystring", ["cursor"], "referrals:errors.cursor_invalid");
      return listReferrals(db, { ...filters, cursor, unitId: currentStaff(request).unitId, now: clock() });
    },
  );

  app.patch(
    "/v1/referrals/:id",
    {
      onRequest: staffOnly(CASE_WORKERS),
      schema: {
        summary: "Record what the agency did with a referral",
        description:
          "Peksos and supervisors. Forward only: dikirim → diterima → ditindaklanjuti → selesai (steps may be skipped), or ditolak from any open status with a reason. A refusal of a dirujuk ticket's last open referral moves the ticket back to ditangani. Anything else is a 409 listing the allowed next statuses.",
        tags: ["referrals"],
        security: STAFF_SECURITY,
        params: ReferralParamsSchema,
        body: UpdateReferralBodySchema,
        response: {
          200: ReferralSchema,
          400: ValidationErrorSchema,
          401: UnauthorizedSchema,
          403: ForbiddenSchema,
          404: ReferralNotFoundSchema,
          409: ReferralTransitionConflictSchema,
        },
      },
    },
    async (request, reply) => {
      const { status, reason, note } = request.body;
      if (status === "ditolak" && reason === undefined) {
        return sendInvalid(request, reply, "body", ["reason"], "referrals:errors.reason_required");
      }
      const principal = currentStaff(request);
      const outcome = await updateReferralStatus(db, {
        unitId: principal.unitId,
        staffId: principal.id,
        referralId: request.params.id,
        status,
        reason,
        note,
        now: clock(),
      });
      if (!outcome.ok) {
        if (outcome.error === "referral_not_found") return sendFailure(request, reply, outcome.error);
        const { from, allowed } = outcome;
        const message =
          allowed.length === 0
            ? request.t("referrals:errors.referral_closed", { from })
            : request.t("referrals:errors.invalid_transition", { from, to: status, allowed: allowed.join(", ") });
        return reply.status(409).send({ error: "invalid_transition", message, allowed });
      }
      request.log.info(
        { referralId: request.params.id, staffId: principal.id, to: status, ticketStatus: outcome.ticketStatus },
        "referral status changed",
      );
      const [shown] = await maskReferralTexts(db, principal, [outcome.referral]);
      return shown ?? outcome.referral;
    },
  );
};
