import { z } from "zod";
import { ErrorBodySchema } from "../auth/schemas.ts";
import { CATEGORIES, PRIORITIES, REPORTER_ROLES } from "../../db/schema/enums.ts";

/*
 * Request and response bodies of the triage routes (api/routes/v1/triage.ts). The examples are
 * made up; they show a peksos what the console will get.
 */

const EXAMPLE_SIGNALS = [
  { rule: "darurat.self_harm.wish_to_die", phrase: "capek hidup", weight: 95 },
  { rule: "darurat.self_harm.wish_to_die", phrase: "pengen ilang", weight: 95 },
];

const EXAMPLE_EXPLANATION = {
  id: "Prioritas DARURAT, kategori menyakiti diri / bunuh diri. Alasan: ingin mati atau menghilang, langsung atau tersirat («capek hidup»).",
  en: "Priority EMERGENCY (darurat), category self-harm / suicide. Because: wish to die or disappear, direct or indirect («capek hidup»).",
};

const EXAMPLE_OVERRIDE = {
  at: "2025-07-14T02:15:00.000Z",
  by: { id: "6f1c2a9e-3b4d-4f6a-9c1e-2d3b4a5c6d7e", name: "Sari Wulandari" },
  from: { priority: "darurat", category: "menyakiti_diri" },
  to: { priority: "sedang", category: "perundungan_verbal" },
  reason: "Ditelepon balik: anak aman di rumah, kalimat itu kutipan ejekan temannya.",
} as const;

/** The answer to "is the child in danger right now?", as the conversation stores it. */
export const DANGER_ANSWERS = ["ya", "tidak", "tidak_tahu"] as const;

export const PrioritySchema = z.enum(PRIORITIES);
export const CategorySchema = z.enum(CATEGORIES);

export const TriageSignalSchema = z.object({
  rule: z.string().meta({ description: "The rule that fired; `ignored.*` and `lowered.*` rules did not raise the priority." }),
  phrase: z.string().meta({ description: "The reporter's words the rule matched." }),
  weight: z.number(),
});

export const ExplanationSchema = z
  .object({ id: z.string(), en: z.string() })
  .meta({ description: "Why the ticket got its priority, in Bahasa Indonesia and English." });

const TriageFields = {
  priority: PrioritySchema,
  category: CategorySchema,
  signals: z.array(TriageSignalSchema),
  explanation: ExplanationSchema,
};

export const TriagePreviewBodySchema = z
  .object({
    text: z.string().min(1).max(20_000).meta({ description: "What the caller said, as the peksos typed it. Never stored or logged." }),
    reporter: z.enum(REPORTER_ROLES).optional().meta({ description: "Who is calling: a child, a parent, a teacher, someone else." }),
    danger: z
      .enum(DANGER_ANSWERS)
      .optional()
      .meta({ description: "The caller's answer to \"is the child in danger right now?\"; \"ya\" is darurat whatever the text says." }),
  })
  .meta({ examples: [{ text: "aku capek hidup, pengen ilang aja", reporter: "anak", danger: "tidak_tahu" }] });

export const TriagePreviewSchema = z
  .object(TriageFields)
  .meta({ examples: [{ priority: "darurat", category: "menyakiti_diri", signals: EXAMPLE_SIGNALS, explanation: EXAMPLE_EXPLANATION }] });

const PriorityCategorySchema = z.object({ priority: PrioritySchema, category: CategorySchema });

export const TriageOverrideSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  by: z.object({ id: z.uuid(), name: z.string() }),
  from: PriorityCategorySchema,
  to: PriorityCategorySchema,
  reason: z.string(),
});
export type TriageOverride = z.infer<typeof TriageOverrideSchema>;

export const TicketTriageSchema = z
  .object({
    ...TriageFields,
    overrides: z.array(TriageOverrideSchema).meta({ description: "Every staff override of this ticket's triage, oldest first." }),
  })
  .meta({
    examples: [
      {
        priority: "sedang",
        category: "perundungan_verbal",
        signals: EXAMPLE_SIGNALS,
        explanation: {
          id: "Prioritas sedang, kategori perundungan verbal. Alasan: ingin mati atau menghilang, langsung atau tersirat («capek hidup»).",
          en: "Priority medium (sedang), category verbal bullying. Because: wish to die or disappear, direct or indirect («capek hidup»).",
        },
        overrides: [EXAMPLE_OVERRIDE],
      },
    ],
  });
export type TicketTriage = z.infer<typeof TicketTriageSchema>;

export const TicketParamsSchema = z.object({ id: z.uuid().meta({ description: "The ticket's id." }) });

export const TriageOverrideBodySchema = z
  .object({
    priority: PrioritySchema.optional(),
    category: CategorySchema.optional(),
    // Trimmed first, so three spaces are not a reason.
    reason: z
      .string()
      .trim()
      .min(3)
      .max(1000)
      .meta({ description: "Why the triage was wrong; kept in the ticket's audit trail and shown with the override." }),
  })
  .meta({
    description: "At least one of priority and category.",
    examples: [{ priority: "sedang", category: "perundungan_verbal", reason: EXAMPLE_OVERRIDE.reason }],
  });

export const OverrideStatsQuerySchema = z.object({
  since: z.iso.datetime({ offset: true }).optional().meta({ description: "Overrides made at or after this instant." }),
  until: z.iso.datetime({ offset: true }).optional().meta({ description: "Overrides made before this instant." }),
});

export const OverrideStatsSchema = z
  .object({
    total: z.number().int().meta({ description: "Overrides in the period, in the caller's unit." }),
    byChange: z.array(z.object({ from: PriorityCategorySchema, to: PriorityCategorySchema, count: z.number().int() })),
    byRule: z
      .array(z.object({ rule: z.string(), count: z.number().int() }))
      .meta({ description: "How many overrides had each rule among the ticket's stored signals, most first." }),
  })
  .meta({
    examples: [
      {
        total: 3,
        byChange: [
          { from: EXAMPLE_OVERRIDE.from, to: EXAMPLE_OVERRIDE.to, count: 2 },
          { from: { priority: "sedang", category: "perundungan_fisik" }, to: { priority: "tinggi", category: "kekerasan_fisik" }, count: 1 },
        ],
        byRule: [
          { rule: "darurat.self_harm.wish_to_die", count: 2 },
          { rule: "sedang.physical.hit", count: 1 },
        ],
      },
    ],
  });

export const TicketNotFoundSchema = ErrorBodySchema.meta({
  examples: [{ error: "ticket_not_found", message: "Tiket tidak ditemukan." }],
});

export const OverrideConflictSchema = ErrorBodySchema.meta({
  examples: [{ error: "override_no_change", message: "Prioritas dan kategori itu sudah tercatat di tiket ini; tidak ada yang diubah." }],
});
