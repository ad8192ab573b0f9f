import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { CATEGORIES, PRIORITIES, TICKET_STATUSES, type TicketStatus } from "../../../db/schema/enums.ts";
import { currentStaff, requireStaff, type StaffRole } from "../../auth/require-staff.ts";
import { UnauthorizedSchema, ValidationErrorSchema, STAFF_SECURITY } from "../../auth/schemas.ts";
import { readTicketDetail } from "../../tickets/detail.ts";
import { acknowledgeTicket, assignTicket, changeTicketStatus } from "../../tickets/lifecycle.ts";
import { linkTickets, unlinkTicket } from "../../tickets/links.ts";
import { formatLocalTime, unitTimeZone } from "../../tickets/local-time.ts";
import { addNote } from "../../tickets/notes.ts";
import { decodeCursor, listQueue, parseListFilter, queueItems } from "../../tickets/queue.ts";
import { replyToReporter } from "../../tickets/reporter-messages.ts";
import {
  AcknowledgeConflictSchema,
  AssignBodySchema,
  AssignConflictSchema,
  LinkBodySchema,
  LinkConflictSchema,
  LinkGroupSchema,
  MessageBodySchema,
  MessageConflictSchema,
  MessageQueuedSchema,
  NoteBodySchema,
  StatusBodySchema,
  StatusConflictSchema,
  TicketDetailSchema,
  TicketForbiddenSchema,
  TicketIdParamsSchema,
  TicketNotFoundSchema,
  TicketQueueQuerySchema,
  TicketQueueSchema,
  TicketSummarySchema,
  TimelineEventSchema,
} from "../../tickets/ticket-schemas.ts";
import { OPEN_STATUSES } from "../../tickets/transitions.ts";
import { failureSender, sendInvalid } from "../errors.ts";
import type { RouteDeps } from "../route-deps.ts";

/** Admins run accounts and may look (contacts masked); only those who work on cases change them. */
const READERS: readonly StaffRole[] = ["peksos", "supervisor", "admin"];
const CASE_WORKERS: readonly StaffRole[] = ["peksos", "supervisor"];

const TAGS = ["tickets"];

/** The services' failures that are plain error bodies, and what the caller gets for each. */
const FAILURES = {
  ticket_not_found: { status: 404, messageKey: "errors.ticket_not_found" },
  not_your_ticket: { status: 403, messageKey: "tickets:errors.not_your_ticket" },
  already_assigned: { status: 409, messageKey: "tickets:errors.already_assigned" },
  already_linked: { status: 409, messageKey: "tickets:errors.already_linked" },
  not_linked: { status: 409, messageKey: "tickets:errors.not_linked" },
  no_consent: { status: 409, messageKey: "tickets:errors.no_consent" },
  no_channel: { status: 409, messageKey: "tickets:errors.no_channel" },
  closed: { status: 409, messageKey: "tickets:errors.closed" },
} as const;

const sendFailure = failureSender(FAILURES);

/** Write routes answer every status these can send, besides their own. */
const WRITE_ERRORS = { 400: ValidationErrorSchema, 401: UnauthorizedSchema, 403: TicketForbiddenSchema, 404: TicketNotFoundSchema };

/** The queue, a ticket's detail, and the peksos's work on it: acknowledge, assign, status, notes, links, replies. */
export const ticketRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { database, clock, outbox }) => {
  const db = database.db;
  const readers = requireStaff(database, READERS, { clock });
  const caseWorkers = requireStaff(database, CASE_WORKERS, { clock });

  /** The ticket as the queue shows it, after a change. */
  async function summary(ticketId: string) {
    const [item] = await queueItems(db, [ticketId], clock());
    if (!item) throw new Error("ticket vanished after its change");
    return item;
  }

  app.get(
    "/v1/tickets",
    {
      onRequest: readers,
      schema: {
        summary: "The queue: the caller's unit's tickets, most urgent first",
        description:
          "Open tickets by default, darurat first, then by acknowledge-by time. Filters combine; pages follow `nextCursor`. List items carry no reporter contact details.",
        tags: TAGS,
        security: STAFF_SECURITY,
        querystring: TicketQueueQuerySchema,
        response: { 200: TicketQueueSchema, 400: ValidationErrorSchema, 401: UnauthorizedSchema, 403: TicketForbiddenSchema },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const principal = currentStaff(request);
      const statuses = parseListFilter(query.status, TICKET_STATUSES);
      if (!statuses) return sendInvalid(request, reply, "querystring", ["status"], "tickets:errors.filter_status");
      const priorities = parseListFilter(query.priority, PRIORITIES);
      if (!priorities) return sendInvalid(request, reply, "querystring", ["priority"], "tickets:errors.filter_priority");
      const categories = parseListFilter(query.category, CATEGORIES);
      if (!categories) return sendInvalid(request, reply, "querystring", ["category"], "tickets:errors.filter_category");
      const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      if (query.cursor !== undefined && !cursor) return sendInvalid(request, reply, "querystring", ["cursor"], "tickets:errors.filter_cursor");
      const since = query.since === undefined ? undefined : new Date(query.since);
      const until = query.until === undefined ? undefined : new Date(query.until);
      // An empty or reversed period is a mistake (swapped dates), not a period without tickets.
      if (since && until && since >= until) return sendInvalid(request, reply, "querystring", ["until"], "errors.period_invalid");
      const assignee = query.assignee;
      return listQueue(
        db,
        {
          unitId: principal.unitId,
          statuses: statuses.length > 0 ? statuses : OPEN_STATUSES,
          priorities,
          categories,
          assigneeId: assignee === "me" ? principal.id : assignee === "none" ? null : assignee,
          school: query.school,
          code: query.code,
          since,
          until,
          limit: query.limit,
          cursor,
        },
        clock(),
      );
    },
  );

  app.get(
    "/v1/tickets/:id",
    {
      onRequest: readers,
      schema: {
        summary: "A ticket with its conversation, evidence, timeline, linked reports and referrals",
        description:
          "Every read is audited, and appears on the timeline as `viewed` at most once per person per ten minutes. The reporter's address, name and phone are shown only to the assignee and supervisors; for everyone else they are null, and taken out of the conversation and notes.",
        tags: TAGS,
        security: STAFF_SECURITY,
        params: TicketIdParamsSchema,
        response: {
          200: TicketDetailSchema,
          400: ValidationErrorSchema,
          401: UnauthorizedSchema,
          403: TicketForbiddenSchema,
          404: TicketNotFoundSchema,
        },
      },
    },
    async (request, reply) => {
      const principal = currentStaff(request);
      const detail = await readTicketDetail(db, principal, request.params.id, clock());
      if (!detail) return sendFailure(request, reply, "ticket_not_found");
      request.log.info({ ticketId: detail.id, staffId: principal.id, masked: detail.reporter.masked }, "ticket viewed");
      return detail;
    },
  );

  app.post(
    "/v1/tickets/:id/acknowledge",
    {
      onRequest: caseWorkers,
      schema: {
        summary: "Terima: take the ticket and stop the escalation clock",
        description:
          "Moves baru to diterima and, when nobody has the ticket yet, assigns it to the caller. A second acknowledgement changes nothing and answers 409 with who was first and when.",
        tags: TAGS,
        security: STAFF_SECURITY,
        params: TicketIdParamsSchema,
        response: { 200: TicketSummarySchema, ...WRITE_ERRORS, 409: AcknowledgeConflictSchema },
      },
    },
    async (request, reply) => {
      const principal = currentStaff(request);
      const outcome = await acknowledgeTicket(db, {
        unitId: principal.unitId,
        staffId: principal.id,
        ticketId: request.params.id,
        now: clock(),
        via: "api",
      });
      if (outcome.ok) {
        request.log.info({ ticketId: outcome.ticket.id, staffId: principal.id }, "ticket acknowledged");
        return summary(outcome.ticket.id);
      }
      if (outcome.error === "ticket_not_found") return sendFailure(request, reply, outcome.error);
      const at = formatLocalTime(outcome.acknowledgedAt, await unitTimeZone(db, principal.unitId), request.locale);
      const message =
        outcome.byName === null
          ? request.t("tickets:errors.already_acknowledged_unknown", { at })
          : request.t("tickets:errors.already_acknowledged", { name: outcome.byName, at });
      return reply.status(409).send({
        error: outcome.error,
        message,
        acknowledgedAt: outcome.acknowledgedAt.toISOString(),
        acknowledgedBy: outcome.byName === null ? null : { name: outcome.byName },
      });
    },
  );

  app.post(
    "/v1/tickets/:id/assign",
    {
      onRequest: caseWorkers,
      schema: {
        summary: "Give the ticket to a peksos or supervisor of the unit, or take it",
        description:
          "A peksos may take a ticket nobody has, or hand on their own; a supervisor may move any ticket. Recorded as an `assigned` event with who had it before.",
        tags: TAGS,
        security: STAFF_SECURITY,
        params: TicketIdParamsSchema,
        body: AssignBodySchema,
        response: { 200: TicketSummarySchema, ...WRITE_ERRORS, 409: AssignConflictSchema },
      },
    },
    async (request, reply) => {
      const principal = currentStaff(request);
      const outcome = await assignTicket(db, { actor: principal, ticketId: request.params.id, assigneeId: request.body.staffId, now: clock() });
      if (!outcome.ok) {
        if (outcome.error === "invalid_assignee") {
          return sendInvalid(request, reply, "body", ["staffId"], "tickets:errors.invalid_assignee");
        }
        return sendFailure(request, reply, outcome.error);
      }
      request.log.info({ ticketId: request.params.id, staffId: principal.id, from: outcome.from, to: outcome.to }, "ticket assigned");
      return summary(request.params.id);
    },
  );

  app.post(
    "/v1/tickets/:id/status",
    {
      onRequest: caseWorkers,
      schema: {
        summary: "Move the ticket along: ditangani, dirujuk, selesai, or close it (ditutup)",
        description:
          "Allowed: diterima→ditangani, ditangani→dirujuk, dirujuk→ditangani (the agency declined), ditangani/dirujuk→selesai, and any open status→ditutup with a reason. A baru ticket must be acknowledged first. selesai and ditutup are final, except that a supervisor may reopen to ditangani with a reason. A refused change answers 409 with the allowed next statuses.",
        tags: TAGS,
        security: STAFF_SECURITY,
        params: TicketIdParamsSchema,
        body: StatusBodySchema,
        response: { 200: TicketSummarySchema, ...WRITE_ERRORS, 409: StatusConflictSchema },
      },
    },
    async (request, reply) => {
      const principal = currentStaff(request);
      const outcome = await changeTicketStatus(db, {
        actor: principal,
        ticketId: request.params.id,
        status: request.body.status,
        reason: request.body.reason,
        now: clock(),
      });
      if (outcome.ok) {
        request.log.info({ ticketId: request.params.id, staffId: principal.id, from: outcome.from, to: outcome.to }, "ticket status changed");
        return summary(request.params.id);
      }
      switch (outcome.error) {
        case "ticket_not_found":
          return sendFailure(request, reply, outcome.error);
        case "reason_required":
          return sendInvalid(request, reply, "body", ["reason"], "tickets:errors.reason_required");
        case "acknowledge_first":
          return reply.status(409).send({ error: outcome.error, message: request.t("tickets:errors.acknowledge_first"), allowed: outcome.allowed });
        case "invalid_transition":
          return reply.status(409).send({
            error: outcome.error,
            message: transitionMessage(request, outcome.from, request.body.status, outcome.allowed),
            allowed: outcome.allowed,
          });
      }
    },
  );

  app.post(
    "/v1/tickets/:id/notes",
    {
      onRequest: caseWorkers,
      schema: {
        summary: "Add an internal note to the timeline",
        description: "For colleagues and the supervisor; never sent to the reporter.",
        tags: TAGS,
        security: STAFF_SECURITY,
        params: TicketIdParamsSchema,
        body: NoteBodySchema,
        response: { 201: TimelineEventSchema, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const principal = currentStaff(request);
      const outcome = await addNote(db, { author: principal, ticketId: request.params.id, text: request.body.text, now: clock() });
      if (!outcome.ok) return sendFailure(request, reply, outcome.error);
      request.log.info({ ticketId: request.params.id, staffId: principal.id, eventId: outcome.event.id }, "ticket note added");
      return reply.status(201).send(outcome.event);
    },
  );

  app.post(
    "/v1/tickets/:id/links",
    {
      onRequest: caseWorkers,
      schema: {
        summary: "Mark another report as the same incident",
        description:
          "Both tickets, and every ticket already linked to either, end up with one incident id; each gets a `linked` event. The other ticket must be of the same unit.",
        tags: TAGS,
        security: STAFF_SECURITY,
        params: TicketIdParamsSchema,
        body: LinkBodySchema,
        response: { 200: LinkGroupSchema, ...WRITE_ERRORS, 409: LinkConflictSchema },
      },
    },
    async (request, reply) => {
      const principal = currentStaff(request);
      const outcome = await linkTickets(db, { actor: principal, ticketId: request.params.id, otherId: request.body.ticketId, now: clock() });
      if (!outcome.ok) {
        if (outcome.error === "link_self") return sendInvalid(request, reply, "body", ["ticketId"], "tickets:errors.link_self");
        return sendFailure(request, reply, outcome.error);
      }
      request.log.info({ ticketId: request.params.id, staffId: principal.id, incidentId: outcome.group.incidentId }, "tickets linked");
      return outcome.group;
    },
  );

  app.delete(
    "/v1/tickets/:id/links",
    {
      onRequest: caseWorkers,
      schema: {
        summary: "Take the ticket out of its incident",
        description: "A group left with a single ticket is dissolved too. Each ticket that leaves gets a `linked` event with `removed: true`.",
        tags: TAGS,
        security: STAFF_SECURITY,
        params: TicketIdParamsSchema,
        response: { 200: LinkGroupSchema, ...WRITE_ERRORS, 409: LinkConflictSchema },
      },
    },
    async (request, reply) => {
      const principal = currentStaff(request);
      const outcome = await unlinkTicket(db, { actor: principal, ticketId: request.params.id, now: clock() });
      if (!outcome.ok) return sendFailure(request, reply, outcome.error);
      request.log.info({ ticketId: request.params.id, staffId: principal.id }, "ticket unlinked");
      return outcome.group;
    },
  );

  app.post(
    "/v1/tickets/:id/messages",
    {
      onRequest: caseWorkers,
      schema: {
        summary: "Answer the reporter in their chat",
        description:
          "Queued for the reporter's channel (delivered with retries; results appear on the timeline as `delivery` events) and kept in the transcript. Sent exactly as written: no name or signature is added. Refused with 409 when the reporter did not agree to be contacted (`no_consent`), when there is no chat to answer (`no_channel`: a walk-in report, or contact details purged) and when the ticket is finished (`closed`).",
        tags: TAGS,
        security: STAFF_SECURITY,
        params: TicketIdParamsSchema,
        body: MessageBodySchema,
        response: { 202: MessageQueuedSchema, ...WRITE_ERRORS, 409: MessageConflictSchema },
      },
    },
    async (request, reply) => {
      const principal = currentStaff(request);
      const outcome = await replyToReporter(db, { actor: principal, ticketId: request.params.id, text: request.body.text, now: clock() });
      if (!outcome.ok) return sendFailure(request, reply, outcome.error);
      // After the commit: on PGlite the dispatch's own queries would wait for the transaction.
      await outbox?.dispatch([outcome.outboundId]);
      request.log.info({ ticketId: request.params.id, staffId: principal.id, outboundId: outcome.outboundId }, "reply to reporter queued");
      return reply.status(202).send({ outboundId: outcome.outboundId, status: "pending" as const });
    },
  );
};

function transitionMessage(request: FastifyRequest, from: TicketStatus, to: TicketStatus, allowed: readonly TicketStatus[]): string {
  if (allowed.length === 0) return request.t("tickets:errors.invalid_transition_final", { from, to });
  return request.t("tickets:errors.invalid_transition", { from, to, allowed: allowed.join(", ") });
}
