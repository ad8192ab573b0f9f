import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { currentStaff, requireStaff } from "../../auth/require-staff.ts";
import { ForbiddenSchema, UnauthorizedSchema, ValidationErrorSchema, STAFF_SECURITY } from "../../auth/schemas.ts";
import { nextRosterChange, onCallAt, rosterGaps, supervisorsOf, type OnCallStaff, type RosterGap } from "../../oncall/roster.ts";
import {
  OnCallNowSchema,
  PeriodQuerySchema,
  RosterGapsSchema,
  ShiftBodySchema,
  ShiftConflictSchema,
  ShiftListSchema,
  ShiftNotFoundSchema,
  ShiftParamsSchema,
  ShiftPatchSchema,
  ShiftSchema,
} from "../../oncall/schemas.ts";
import { createShift, deleteShift, listShifts, updateShift, type Shift, type ShiftFailure } from "../../oncall/shifts.ts";
import type { ErrorBody } from "../../plugins/error-handler.ts";
import { sendInvalid } from "../errors.ts";
import type { RouteDeps } from "../route-deps.ts";

const DAY_MS = 24 * 60 * 60_000;
const DEFAULT_PERIOD_MS = 7 * DAY_MS;
const MAX_PERIOD_MS = 31 * DAY_MS;
const ROSTER_EDITORS = ["supervisor", "admin"] as const;

function shiftBody(shift: Shift) {
  return { ...shift, startsAt: shift.startsAt.toISOString(), endsAt: shift.endsAt.toISOString() };
}

function sendShiftFailure(request: FastifyRequest, reply: FastifyReply, failure: ShiftFailure) {
  switch (failure.error) {
    case "period_invalid":
      return sendInvalid(request, reply, "body", ["endsAt"], "oncall:errors.period_invalid");
    case "shift_too_long":
      return sendInvalid(request, reply, "body", ["endsAt"], "oncall:errors.shift_too_long");
    case "shift_not_found":
    case "staff_not_found":
      return reply.status(404).send({ error: failure.error, message: request.t(`oncall:errors.${failure.error}`) } satisfies ErrorBody);
    case "staff_not_eligible":
      return reply.status(409).send({ error: failure.error, message: request.t("oncall:errors.staff_not_eligible") } satisfies ErrorBody);
    case "overlap": {
      const { conflict } = failure;
      const message = request.t("oncall:errors.overlap", { tier: request.t(`oncall:tier.${conflict.tier}`), name: conflict.staffName });
      return reply.status(409).send({ error: "overlap", message, conflict: shiftBody(conflict) });
    }
  }
}

/** A query's period, defaulted and bounded; otherwise the message key of what is wrong with it. */
function period(query: { from?: string | undefined; to?: string | undefined }, now: Date): { from: Date; to: Date } | { error: string } {
  const from = query.from === undefined ? now : new Date(query.from);
  const to = query.to === undefined ? new Date(from.getTime() + DEFAULT_PERIOD_MS) : new Date(query.to);
  if (to <= from) return { error: "oncall:errors.period_invalid" };
  if (to.getTime() - from.getTime() > MAX_PERIOD_MS) return { error: "oncall:errors.range_too_long" };
  return { from, to };
}

function onCallPerson(person: OnCallStaff | null) {
  if (!person) return null;
  return { staffId: person.staffId, name: person.name, alertChannel: person.alertChannel, until: person.until.toISOString() };
}

function gapBody(gap: RosterGap) {
  return { ...gap, from: gap.from.toISOString(), to: gap.to.toISOString() };
}

/** The on-call roster (shifts) and who is on call: what alerts and escalations are routed by. */
export const oncallRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { database, clock }) => {
  const { db } = database;
  // Sessions expire by the same clock the handlers use, so a test's fixed "now" signs in and stays in.
  const anyStaff = requireStaff(database, undefined, { clock });
  const rosterEditors = requireStaff(database, ROSTER_EDITORS, { clock });

  app.get(
    "/v1/shifts",
    {
      onRequest: anyStaff,
      schema: {
        summary: "The roster: shifts in a period",
        description:
          "Shifts of the caller's unit that overlap [from, to), earliest first. Defaults to the next 7 days; at most 31. Any staff member may read it: a peksos needs to know when they are on call.",
        tags: ["oncall"],
        security: STAFF_SECURITY,
        querystring: PeriodQuerySchema,
        response: { 200: ShiftListSchema, 400: ValidationErrorSchema, 401: UnauthorizedSchema },
      },
    },
    async (request, reply) => {
      const range = period(request.query, clock());
      if ("error" in range) return sendInvalid(request, reply, "querystring", ["to"], range.error);
      const found = await listShifts(db, currentStaff(request).unitId, range.from, range.to);
      return { from: range.from.toISOString(), to: range.to.toISOString(), shifts: found.map(shiftBody) };
    },
  );

  app.post(
    "/v1/shifts",
    {
      onRequest: rosterEditors,
      schema: {
        summary: "Add a shift to the roster",
        description:
          "For an active peksos or supervisor of the caller's unit, at most 7 days long. A unit has at most one primary and one backup at any instant, and nobody holds two shifts at once: a clash answers 409 `overlap` with the shift in the way. Audited.",
        tags: ["oncall"],
        security: STAFF_SECURITY,
        body: ShiftBodySchema,
        response: {
          201: ShiftSchema,
          400: ValidationErrorSchema,
          401: UnauthorizedSchema,
          403: ForbiddenSchema,
          404: ShiftNotFoundSchema,
          409: ShiftConflictSchema,
        },
      },
    },
    async (request, reply) => {
      const principal = currentStaff(request);
      const { staffId, tier, startsAt, endsAt } = request.body;
      const outcome = await createShift(
        db,
        { unitId: principal.unitId, actorStaffId: principal.id, now: clock() },
        { staffId, tier, startsAt: new Date(startsAt), endsAt: new Date(endsAt) },
      );
      if (!outcome.ok) return sendShiftFailure(request, reply, outcome);
      request.log.info({ shiftId: outcome.shift.id, staffId: principal.id }, "shift created");
      return reply.status(201).send(shiftBody(outcome.shift));
    },
  );

  app.patch(
    "/v1/shifts/:id",
    {
      onRequest: rosterEditors,
      schema: {
        summary: "Change a shift: who, which tier, or when",
        description: "The changed shift is checked like a new one (eligibility, length, overlap). Another unit's shift is 404. Audited with before and after.",
        tags: ["oncall"],
        security: STAFF_SECURITY,
        params: ShiftParamsSchema,
        body: ShiftPatchSchema,
        response: {
          200: ShiftSchema,
          400: ValidationErrorSchema,
          401: UnauthorizedSchema,
          403: ForbiddenSchema,
          404: ShiftNotFoundSchema,
          409: ShiftConflictSchema,
        },
      },
    },
    async (request, reply) => {
      const { staffId, tier, startsAt, endsAt } = request.body;
      if (staffId === undefined && tier === undefined && startsAt === undefined && endsAt === undefined) {
        return sendInvalid(request, reply, "body", ["staffId", "tier", "startsAt", "endsAt"], "oncall:errors.change_required");
      }
      const principal = currentStaff(request);
      const outcome = await updateShift(db, { unitId: principal.unitId, actorStaffId: principal.id, now: clock() }, request.params.id, {
        ...(staffId !== undefined && { staffId }),
        ...(tier !== undefined && { tier }),
        ...(startsAt !== undefined && { startsAt: new Date(startsAt) }),
        ...(endsAt !== undefined && { endsAt: new Date(endsAt) }),
      });
      if (!outcome.ok) return sendShiftFailure(request, reply, outcome);
      request.log.info({ shiftId: outcome.shift.id, staffId: principal.id }, "shift updated");
      return shiftBody(outcome.shift);
    },
  );

  app.delete(
    "/v1/shifts/:id",
    {
      onRequest: rosterEditors,
      schema: {
        summary: "Remove a shift",
        description: "Another unit's shift is 404. Removing the current primary's shift opens a gap at once (see GET /v1/oncall/now). Audited.",
        tags: ["oncall"],
        security: STAFF_SECURITY,
        params: ShiftParamsSchema,
        response: {
          204: z.undefined().meta({ description: "Removed; no body." }),
          400: ValidationErrorSchema,
          401: UnauthorizedSchema,
          403: ForbiddenSchema,
          404: ShiftNotFoundSchema,
        },
      },
    },
    async (request, reply) => {
      const principal = currentStaff(request);
      const outcome = await deleteShift(db, { unitId: principal.unitId, actorStaffId: principal.id, now: clock() }, request.params.id);
      if (!outcome.ok) return sendShiftFailure(request, reply, outcome);
      request.log.info({ shiftId: request.params.id, staffId: principal.id }, "shift deleted");
      return reply.status(204).send();
    },
  );

  app.get(
    "/v1/oncall/now",
    {
      onRequest: anyStaff,
      schema: {
        summary: "Who is on call now",
        description:
          "The primary and backup on call in the caller's unit, its supervisors, whether there is a gap (no primary: urgent tickets go to the supervisors), and when the roster next changes. Each person's `alertChannel` says where alerts reach them (null: nowhere). Shifts of deactivated staff do not count.",
        tags: ["oncall"],
        security: STAFF_SECURITY,
        response: { 200: OnCallNowSchema, 401: UnauthorizedSchema },
      },
    },
    async (request) => {
      const { unitId } = currentStaff(request);
      const now = clock();
      const primary = await onCallAt(db, unitId, "primary", now);
      const backup = await onCallAt(db, unitId, "backup", now);
      const supervisors = await supervisorsOf(db, unitId);
      const nextChange = await nextRosterChange(db, unitId, now);
      return {
        at: now.toISOString(),
        primary: onCallPerson(primary),
        backup: onCallPerson(backup),
        supervisors: supervisors.map((s) => ({ staffId: s.staffId, name: s.name, alertChannel: s.alertChannel })),
        gap: primary === null,
        nextChange: nextChange?.toISOString() ?? null,
      };
    },
  );

  app.get(
    "/v1/oncall/gaps",
    {
      onRequest: rosterEditors,
      schema: {
        summary: "Holes in the roster to fill",
        description:
          "In [from, to) (default the next 7 days, at most 31): the periods with no primary on call, and the periods whose primary has linked no chat (Telegram or WhatsApp), so alerts could not reach them.",
        tags: ["oncall"],
        security: STAFF_SECURITY,
        querystring: PeriodQuerySchema,
        response: { 200: RosterGapsSchema, 400: ValidationErrorSchema, 401: UnauthorizedSchema, 403: ForbiddenSchema },
      },
    },
    async (request, reply) => {
      const range = period(request.query, clock());
      if ("error" in range) return sendInvalid(request, reply, "querystring", ["to"], range.error);
      const gaps = await rosterGaps(db, currentStaff(request).unitId, range.from, range.to);
      return { from: range.from.toISOString(), to: range.to.toISOString(), gaps: gaps.map(gapBody) };
    },
  );
};
