import { z } from "zod";
import { ErrorBodySchema } from "../auth/schemas.ts";
import { SHIFT_TIERS } from "../../db/schema/enums.ts";
import { AlertChannelSchema } from "./staff-link-schemas.ts";

/*
 * Request and response bodies of the roster and on-call routes (api/routes/v1/oncall.ts).
 * The examples are made up.
 */

const EXAMPLE_SARI = "6f1c2a9e-3b4d-4f6a-9c1e-2d3b4a5c6d7e";
const EXAMPLE_BUDI = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
const EXAMPLE_SHIFT = {
  id: "3c9e1d2f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
  staffId: EXAMPLE_SARI,
  staffName: "Sari Wulandari",
  staffActive: true,
  alertChannel: "whatsapp",
  tier: "primary",
  startsAt: "2025-07-14T00:00:00.000Z",
  endsAt: "2025-07-14T12:00:00.000Z",
} as const;

const Instant = z.iso.datetime({ offset: true });

export const ShiftTierSchema = z
  .enum(SHIFT_TIERS)
  .meta({ description: "primary: alerted first; backup: alerted when the primary has not acknowledged within the SLA." });

export const ShiftSchema = z
  .object({
    id: z.uuid(),
    staffId: z.uuid(),
    staffName: z.string(),
    staffActive: z.boolean().meta({ description: "False for a deactivated account: the shift no longer counts and should be reassigned." }),
    alertChannel: AlertChannelSchema,
    tier: ShiftTierSchema,
    startsAt: Instant,
    endsAt: Instant.meta({ description: "The shift covers [startsAt, endsAt)." }),
  })
  .meta({ examples: [EXAMPLE_SHIFT] });

export const ShiftListSchema = z
  .object({ from: Instant, to: Instant, shifts: z.array(ShiftSchema) })
  .meta({ examples: [{ from: "2025-07-14T00:00:00.000Z", to: "2025-07-21T00:00:00.000Z", shifts: [EXAMPLE_SHIFT] }] });

export const PeriodQuerySchema = z.object({
  from: Instant.optional().meta({ description: "Start of the period; default now." }),
  to: Instant.optional().meta({ description: "End of the period (exclusive); default 7 days after `from`; at most 31 days after it." }),
});

export const ShiftParamsSchema = z.object({ id: z.uuid().meta({ description: "The shift's id." }) });

const shiftFields = {
  staffId: z.uuid().meta({ description: "An active peksos or supervisor of the caller's unit." }),
  tier: ShiftTierSchema,
  startsAt: Instant,
  endsAt: Instant.meta({ description: "After startsAt, at most 7 days later." }),
};

export const ShiftBodySchema = z.object(shiftFields).meta({
  examples: [{ staffId: EXAMPLE_SARI, tier: "primary", startsAt: "2025-07-14T07:00:00+07:00", endsAt: "2025-07-14T19:00:00+07:00" }],
});

export const ShiftPatchSchema = z
  .object({
    staffId: shiftFields.staffId.optional(),
    tier: shiftFields.tier.optional(),
    startsAt: shiftFields.startsAt.optional(),
    endsAt: shiftFields.endsAt.optional(),
  })
  .meta({
    description: "At least one field; the shift is then checked as a whole, like a new one.",
    examples: [{ staffId: EXAMPLE_BUDI }, { endsAt: "2025-07-14T21:00:00+07:00" }],
  });

export const ShiftNotFoundSchema = ErrorBodySchema.meta({
  examples: [
    { error: "shift_not_found", message: "Jadwal piket tidak ditemukan." },
    { error: "staff_not_found", message: "Petugas tidak ditemukan di unit ini." },
  ],
});

export const ShiftConflictSchema = ErrorBodySchema.extend({
  conflict: ShiftSchema.optional().meta({ description: "For `overlap`: the existing shift in the way." }),
}).meta({
  examples: [
    {
      error: "overlap",
      message: "Bentrok dengan piket utama Sari Wulandari pada waktu yang sama.",
      conflict: EXAMPLE_SHIFT,
    },
    { error: "staff_not_eligible", message: "Hanya peksos atau supervisor yang aktif yang bisa dijadwalkan piket." },
  ],
});

const OnCallPersonSchema = z.object({
  staffId: z.uuid(),
  name: z.string(),
  alertChannel: AlertChannelSchema,
  until: Instant.meta({ description: "When their shift ends." }),
});

export const OnCallNowSchema = z
  .object({
    at: Instant,
    primary: OnCallPersonSchema.nullable(),
    backup: OnCallPersonSchema.nullable(),
    supervisors: z
      .array(OnCallPersonSchema.omit({ until: true }))
      .meta({ description: "The unit's active supervisors: alerted when nobody is on call and as the last escalation step." }),
    gap: z.boolean().meta({ description: "True when nobody is primary on call now: new urgent tickets go to the supervisors." }),
    nextChange: Instant.nullable().meta({ description: "When a shift next starts or ends; null when none is planned." }),
  })
  .meta({
    examples: [
      {
        at: "2025-07-14T03:00:00.000Z",
        primary: { staffId: EXAMPLE_SARI, name: "Sari Wulandari", alertChannel: "whatsapp", until: "2025-07-14T12:00:00.000Z" },
        backup: null,
        supervisors: [{ staffId: EXAMPLE_BUDI, name: "Budi Santoso", alertChannel: "telegram" }],
        gap: false,
        nextChange: "2025-07-14T12:00:00.000Z",
      },
    ],
  });

const GapSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("no_primary").meta({ description: "Nobody is primary on call: urgent tickets reach only the supervisors." }),
    from: Instant,
    to: Instant,
  }),
  z.object({
    kind: z
      .literal("primary_unlinked")
      .meta({ description: "The primary has linked no chat (Telegram or WhatsApp): their alerts go to the supervisors instead." }),
    from: Instant,
    to: Instant,
    staffId: z.uuid(),
    name: z.string(),
  }),
]);

export const RosterGapsSchema = z
  .object({ from: Instant, to: Instant, gaps: z.array(GapSchema).meta({ description: "In time order." }) })
  .meta({
    examples: [
      {
        from: "2025-07-14T00:00:00.000Z",
        to: "2025-07-21T00:00:00.000Z",
        gaps: [
          { kind: "primary_unlinked", from: "2025-07-14T00:00:00.000Z", to: "2025-07-14T12:00:00.000Z", staffId: EXAMPLE_SARI, name: "Sari Wulandari" },
          { kind: "no_primary", from: "2025-07-14T12:00:00.000Z", to: "2025-07-21T00:00:00.000Z" },
        ],
      },
    ],
  });
