import { z } from "zod";
import { STAFF_ROLES } from "../../db/schema/enums.ts";
import { AUDIT_ENTITY_TYPES } from "./audit.ts";

/* Query and answer of GET /v1/audit (api/routes/v1/audit.ts). The examples are made up. */

const AUDIT_PAGE_DEFAULT = 50;
const AUDIT_PAGE_MAX = 200;

export const AuditQuerySchema = z.object({
  unitId: z.uuid().optional().meta({ description: "Only this unit's lines; all units when left out." }),
  since: z.iso.datetime({ offset: true }).optional().meta({ description: "Lines written at or after this instant." }),
  until: z.iso.datetime({ offset: true }).optional().meta({ description: "Lines written before this instant." }),
  action: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: "Exactly this action, e.g. `ticket.viewed`, `retention.purged`, `export.csv`." }),
  entityType: z.enum(AUDIT_ENTITY_TYPES).optional(),
  entityId: z.string().trim().min(1).max(200).optional().meta({ description: "With entityType: one ticket's, staff member's … lines." }),
  actorStaffId: z.uuid().optional().meta({ description: "What one staff member did and read." }),
  cursor: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: "The previous page's `nextCursor`, to read on; keep the other filters the same." }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(AUDIT_PAGE_MAX)
    .default(AUDIT_PAGE_DEFAULT)
    .meta({ description: `Lines per page, 1 to ${AUDIT_PAGE_MAX}; ${AUDIT_PAGE_DEFAULT} when left out.` }),
});

const AuditRowSchema = z.object({
  id: z.uuid(),
  at: z.iso.datetime({ offset: true }),
  unit: z.object({ id: z.uuid(), name: z.string() }).nullable().meta({ description: "Null for deployment-wide lines." }),
  actor: z
    .object({ id: z.uuid(), name: z.string(), role: z.enum(STAFF_ROLES) })
    .nullable()
    .meta({ description: "Null when the system acted (retention, escalation)." }),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).meta({ description: "Ids, field names and statuses; never a reporter's words or contact details." }),
});

export const AuditPageSchema = z
  .object({
    items: z.array(AuditRowSchema).meta({ description: "Newest first." }),
    nextCursor: z.string().nullable().meta({ description: "Null on the last page." }),
  })
  .meta({
    examples: [
      {
        items: [
          {
            id: "3d5e7f90-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
            at: "2025-07-14T02:20:11.402Z",
            unit: { id: "0b7d9f3a-1c2e-4a5b-8d6f-7e8a9b0c1d2e", name: "Dinas Sosial Kota Metro" },
            actor: { id: "6f1c2a9e-3b4d-4f6a-9c1e-2d3b4a5c6d7e", name: "Sari Wulandari", role: "peksos" },
            action: "ticket.viewed",
            entityType: "ticket",
            entityId: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
            data: {},
          },
          {
            id: "4e6f8a01-2b3c-4d4e-9f0a-1b2c3d4e5f60",
            at: "2025-07-14T19:17:03.118Z",
            unit: { id: "0b7d9f3a-1c2e-4a5b-8d6f-7e8a9b0c1d2e", name: "Dinas Sosial Kota Metro" },
            actor: null,
            action: "retention.purged",
            entityType: "ticket",
            entityId: "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b",
            data: { fields: ["reporterName", "reporterPhone", "pinHash"], retentionDays: 365 },
          },
        ],
        nextCursor: "WyIyMDI1LTA3LTE0VDE5OjE3OjAzLjExODAwMFoiLCI0ZTZmOGEwMS0yYjNjLTRkNGUtOWYwYS0xYjJjM2Q0ZTVmNjAiXQ",
      },
    ],
  });
