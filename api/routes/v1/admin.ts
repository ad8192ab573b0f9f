import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  IdParamsSchema,
  PasswordResetSchema,
  StaffAccountSchema,
  StaffConflictSchema,
  StaffCreateBodySchema,
  StaffCreatedSchema,
  StaffForbiddenSchema,
  StaffListQuerySchema,
  StaffListSchema,
  StaffNotFoundSchema,
  StaffPatchBodySchema,
  UnitConflictSchema,
  UnitCreateBodySchema,
  UnitListSchema,
  UnitNotFoundSchema,
  UnitPatchBodySchema,
  UnitSchema,
} from "../../admin/schemas.ts";
import { createStaffAccount, listStaff, resetStaffPassword, updateStaffAccount } from "../../admin/staff-accounts.ts";
import { definedKeys } from "../../admin/defined-keys.ts";
import { createUnit, listUnits, updateUnit } from "../../admin/units.ts";
import { currentStaff, requireStaff } from "../../auth/require-staff.ts";
import { ForbiddenSchema, UnauthorizedSchema, ValidationErrorSchema, STAFF_SECURITY } from "../../auth/schemas.ts";
import { failureSender, sendInvalid } from "../errors.ts";
import type { RouteDeps } from "../route-deps.ts";

/** The services' failures and what the caller gets for each. */
const FAILURES = {
  unit_not_found: { status: 404, messageKey: "admin:errors.unit_not_found" },
  staff_not_found: { status: 404, messageKey: "admin:errors.staff_not_found" },
  role_not_allowed: { status: 403, messageKey: "admin:errors.role_not_allowed" },
  unit_code_taken: { status: 409, messageKey: "admin:errors.unit_code_taken" },
  email_taken: { status: 409, messageKey: "admin:errors.email_taken" },
  own_account: { status: 409, messageKey: "admin:errors.own_account" },
} as const;

const sendFailure = failureSender(FAILURES);

const UNIT_FIELDS = Object.keys(UnitPatchBodySchema.shape);
const STAFF_FIELDS = Object.keys(StaffPatchBodySchema.shape);

/** Administration: units (admins) and staff accounts (admins everywhere, supervisors for their unit's peksos). */
export const adminRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { database, clock }) => {
  const db = database.db;
  const adminOnly = requireStaff(database, ["admin"], { clock });
  const managers = requireStaff(database, ["admin", "supervisor"], { clock });
  const anyStaff = requireStaff(database, undefined, { clock });

  app.get(
    "/v1/units",
    {
      onRequest: adminOnly,
      schema: {
        summary: "Every unit of the deployment",
        description: "Admins only. Ordered by name.",
        tags: ["admin"],
        security: STAFF_SECURITY,
        response: { 200: UnitListSchema, 401: UnauthorizedSchema, 403: ForbiddenSchema },
      },
    },
    async () => ({ items: await listUnits(db) }),
  );

  app.post(
    "/v1/units",
    {
      onRequest: adminOnly,
      schema: {
        summary: "Add a unit (a Dinas Sosial office)",
        description:
          "Admins only. The three-letter code starts the unit's ticket codes and cannot change later; 409 when another unit has it. " +
          "Fields left out get the defaults: DESIGN.md's SLA targets, 365 days of retention, no hotline numbers.",
        tags: ["admin"],
        security: STAFF_SECURITY,
        body: UnitCreateBodySchema,
        response: { 201: UnitSchema, 400: ValidationErrorSchema, 401: UnauthorizedSchema, 403: ForbiddenSchema, 409: UnitConflictSchema },
      },
    },
    async (request, reply) => {
      const actor = currentStaff(request);
      const outcome = await createUnit(db, { body: request.body, actorStaffId: actor.id, now: clock() });
      if (!outcome.ok) return sendFailure(request, reply, outcome.error);
      request.log.info({ unitId: outcome.unit.id, staffId: actor.id }, "unit created");
      return reply.status(201).send(outcome.unit);
    },
  );

  app.patch(
    "/v1/units/:id",
    {
      onRequest: adminOnly,
      schema: {
        summary: "Change a unit's settings",
        description:
          "Admins only: the SLA targets and the retention period are the deployment's policy under UU PDP, so supervisors ask an admin. " +
          "Give only the fields to change; the code cannot change.",
        tags: ["admin"],
        security: STAFF_SECURITY,
        params: IdParamsSchema,
        body: UnitPatchBodySchema,
        response: { 200: UnitSchema, 400: ValidationErrorSchema, 401: UnauthorizedSchema, 403: ForbiddenSchema, 404: UnitNotFoundSchema },
      },
    },
    async (request, reply) => {
      if (definedKeys(request.body).length === 0) return sendInvalid(request, reply, "body", UNIT_FIELDS, "admin:errors.change_required");
      const actor = currentStaff(request);
      const outcome = await updateUnit(db, { unitId: request.params.id, changes: request.body, actorStaffId: actor.id, now: clock() });
      if (!outcome.ok) return sendFailure(request, reply, outcome.error);
      request.log.info({ unitId: outcome.unit.id, staffId: actor.id }, "unit updated");
      return outcome.unit;
    },
  );

  app.get(
    "/v1/staff",
    {
      onRequest: anyStaff,
      schema: {
        summary: "A unit's staff",
        description:
          "Admins: any unit (`unitId`, default their own), whole accounts. Supervisors: their unit, whole accounts, inactive ones included. " +
          "Peksos: their unit's active staff, id, name and role only (to hand a case over). Another unit answers 404.",
        tags: ["admin"],
        security: STAFF_SECURITY,
        querystring: StaffListQuerySchema,
        response: { 200: StaffListSchema, 400: ValidationErrorSchema, 401: UnauthorizedSchema, 404: UnitNotFoundSchema },
      },
    },
    async (request, reply) => {
      const outcome = await listStaff(db, { actor: currentStaff(request), unitId: request.query.unitId });
      if (!outcome.ok) return sendFailure(request, reply, outcome.error);
      return { items: outcome.items };
    },
  );

  app.post(
    "/v1/staff",
    {
      onRequest: managers,
      schema: {
        summary: "Add a staff account",
        description:
          "Admins: any unit, any role. Supervisors: their own unit, peksos only. Without `password`, a one-time password is generated and returned " +
          "this once: hand it over and have the person change it. 409 when the email has an account.",
        tags: ["admin"],
        security: STAFF_SECURITY,
        body: StaffCreateBodySchema,
        response: {
          201: StaffCreatedSchema,
          400: ValidationErrorSchema,
          401: UnauthorizedSchema,
          403: StaffForbiddenSchema,
          404: UnitNotFoundSchema,
          409: StaffConflictSchema,
        },
      },
    },
    async (request, reply) => {
      const actor = currentStaff(request);
      const outcome = await createStaffAccount(db, { actor, body: request.body, now: clock() });
      if (!outcome.ok) return sendFailure(request, reply, outcome.error);
      request.log.info({ staffId: outcome.staff.id, by: actor.id, role: outcome.staff.role }, "staff account created");
      return reply.status(201).send({
        staff: outcome.staff,
        ...(outcome.oneTimePassword !== undefined && { oneTimePassword: outcome.oneTimePassword }),
      });
    },
  );

  app.patch(
    "/v1/staff/:id",
    {
      onRequest: managers,
      schema: {
        summary: "Change a staff account: name, role, phone, active",
        description:
          "Admins: any account. Supervisors: their own unit's peksos, without changing roles. Deactivating ends the person's sessions at once " +
          "and unlinks their Telegram. Nobody can deactivate or demote themselves (409).",
        tags: ["admin"],
        security: STAFF_SECURITY,
        params: IdParamsSchema,
        body: StaffPatchBodySchema,
        response: {
          200: StaffAccountSchema,
          400: ValidationErrorSchema,
          401: UnauthorizedSchema,
          403: StaffForbiddenSchema,
          404: StaffNotFoundSchema,
          409: StaffConflictSchema,
        },
      },
    },
    async (request, reply) => {
      if (definedKeys(request.body).length === 0) return sendInvalid(request, reply, "body", STAFF_FIELDS, "admin:errors.change_required");
      const actor = currentStaff(request);
      const outcome = await updateStaffAccount(db, { actor, staffId: request.params.id, changes: request.body, now: clock() });
      if (!outcome.ok) return sendFailure(request, reply, outcome.error);
      request.log.info({ staffId: outcome.staff.id, by: actor.id, sessionsEnded: outcome.sessionsEnded }, "staff account updated");
      return outcome.staff;
    },
  );

  app.post(
    "/v1/staff/:id/reset-password",
    {
      onRequest: managers,
      schema: {
        summary: "Give a staff account a new one-time password",
        description:
          "Admins: any account. Supervisors: their own unit's peksos. Lifts a lockout and ends every session of the account. " +
          "Not for one's own account (409): use POST /v1/auth/password.",
        tags: ["admin"],
        security: STAFF_SECURITY,
        params: IdParamsSchema,
        response: {
          200: PasswordResetSchema,
          400: ValidationErrorSchema,
          401: UnauthorizedSchema,
          403: StaffForbiddenSchema,
          404: StaffNotFoundSchema,
          409: StaffConflictSchema,
        },
      },
    },
    async (request, reply) => {
      const actor = currentStaff(request);
      const outcome = await resetStaffPassword(db, { actor, staffId: request.params.id, now: clock() });
      if (!outcome.ok) return sendFailure(request, reply, outcome.error);
      request.log.info({ staffId: request.params.id, by: actor.id, sessionsEnded: outcome.sessionsEnded }, "staff password reset");
      return { oneTimePassword: outcome.oneTimePassword };
    },
  );
};
