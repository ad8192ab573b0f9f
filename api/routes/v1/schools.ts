import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { currentStaff, requireStaff } from "../../auth/require-staff.ts";
import { ForbiddenSchema, UnauthorizedSchema, ValidationErrorSchema, STAFF_SECURITY } from "../../auth/schemas.ts";
import { definedKeys } from "../../admin/defined-keys.ts";
import { LeafletSchema } from "../../schools/leaflet-schemas.ts";
import { schoolLeaflet } from "../../schools/leaflet.ts";
import {
  CreateSchoolBodySchema,
  SchoolConflictSchema,
  SchoolListQuerySchema,
  SchoolListSchema,
  SchoolNotFoundSchema,
  SchoolParamsSchema,
  SchoolSchema,
  UpdateSchoolBodySchema,
} from "../../schools/school-schemas.ts";
import { createSchool, listSchools, updateSchool } from "../../schools/schools.ts";
import { failureSender, sendInvalid } from "../errors.ts";
import type { RouteDeps } from "../route-deps.ts";

/** The services' failures and what the caller gets for each. */
const FAILURES = {
  school_not_found: { status: 404, messageKey: "schools:errors.school_not_found" },
  school_code_taken: { status: 409, messageKey: "schools:errors.school_code_taken" },
} as const;

const sendFailure = failureSender(FAILURES);

const MANAGERS = ["admin", "supervisor"] as const;
const LEAFLET_READERS = ["admin", "supervisor", "peksos"] as const;

/** The unit's schools (for queue filters and leaflets) and each school's printable leaflet. */
export const schoolRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { database, clock, telegramUsername }) => {
  const db = database.db;

  app.get(
    "/v1/schools",
    {
      onRequest: requireStaff(database, undefined, { clock }),
      schema: {
        summary: "The unit's schools",
        description:
          "Every school of the caller's unit (admins too: their own unit), by name; `q` keeps those whose name or code contains it, any case. For the queue's school filter and the leaflets.",
        tags: ["schools"],
        security: STAFF_SECURITY,
        querystring: SchoolListQuerySchema,
        response: { 200: SchoolListSchema, 400: ValidationErrorSchema, 401: UnauthorizedSchema },
      },
    },
    async (request) => ({ schools: await listSchools(db, { unitId: currentStaff(request).unitId, q: request.query.q }) }),
  );

  app.post(
    "/v1/schools",
    {
      onRequest: requireStaff(database, MANAGERS, { clock }),
      schema: {
        summary: "Add a school to the unit's list",
        description:
          "Supervisors and admins, in their own unit. The code goes into the leaflet's Telegram link (`/start s_<code>`); 409 when another school of the unit has it. Recorded in the audit trail.",
        tags: ["schools"],
        security: STAFF_SECURITY,
        body: CreateSchoolBodySchema,
        response: {
          201: SchoolSchema,
          400: ValidationErrorSchema,
          401: UnauthorizedSchema,
          403: ForbiddenSchema,
          409: SchoolConflictSchema,
        },
      },
    },
    async (request, reply) => {
      const principal = currentStaff(request);
      const outcome = await createSchool(db, { unitId: principal.unitId, staffId: principal.id, now: clock() }, request.body);
      if (!outcome.ok) return sendFailure(request, reply, outcome.error);
      request.log.info({ schoolId: outcome.school.id, staffId: principal.id }, "school created");
      return reply.status(201).send(outcome.school);
    },
  );

  app.patch(
    "/v1/schools/:id",
    {
      onRequest: requireStaff(database, MANAGERS, { clock }),
      schema: {
        summary: "Edit a school",
        description:
          "Supervisors and admins, in their own unit; another unit's school is a 404 like an unknown one. Any edit of a seeded placeholder clears isExample. " +
          "A new code changes the leaflet's links (409 when another school of the unit has it): print the leaflet again.",
        tags: ["schools"],
        security: STAFF_SECURITY,
        params: SchoolParamsSchema,
        body: UpdateSchoolBodySchema,
        response: {
          200: SchoolSchema,
          400: ValidationErrorSchema,
          401: UnauthorizedSchema,
          403: ForbiddenSchema,
          404: SchoolNotFoundSchema,
          409: SchoolConflictSchema,
        },
      },
    },
    async (request, reply) => {
      const fields = definedKeys(request.body);
      if (fields.length === 0) {
        return sendInvalid(request, reply, "body", Object.keys(UpdateSchoolBodySchema.shape), "schools:errors.change_required");
      }
      const principal = currentStaff(request);
      const outcome = await updateSchool(db, { unitId: principal.unitId, staffId: principal.id, now: clock() }, request.params.id, request.body);
      if (!outcome.ok) return sendFailure(request, reply, outcome.error);
      request.log.info({ schoolId: outcome.school.id, staffId: principal.id, fields }, "school updated");
      return outcome.school;
    },
  );

  app.get(
    "/v1/schools/:id/leaflet",
    {
      onRequest: requireStaff(database, LEAFLET_READERS, { clock }),
      schema: {
        summary: "A school's leaflet, ready to print",
        description:
          "Everything the console prints for one of the unit's schools, in the caller's language (Accept-Language): the unit's hotline numbers, the Telegram deep link and the WhatsApp link with their QR codes as SVG, " +
          "the national emergency numbers and the short guidance on bullying. `telegram` is null while the bot's username is unknown; `whatsapp` is null while none of the unit's numbers is marked WhatsApp. " +
          "Another unit's school is a 404 like an unknown one.",
        tags: ["schools"],
        security: STAFF_SECURITY,
        params: SchoolParamsSchema,
        response: { 200: LeafletSchema, 400: ValidationErrorSchema, 401: UnauthorizedSchema, 403: ForbiddenSchema, 404: SchoolNotFoundSchema },
      },
    },
    async (request, reply) => {
      const leaflet = await schoolLeaflet(db, {
        unitId: currentStaff(request).unitId,
        schoolId: request.params.id,
        t: request.t,
        telegramUsername: telegramUsername(),
      });
      return leaflet ?? sendFailure(request, reply, "school_not_found");
    },
  );
};
