import { z } from "zod";
import { ErrorBodySchema } from "../auth/schemas.ts";
import {
  ACTOR_KINDS,
  AGENCY_TYPES,
  CHANNELS,
  LANGUAGES,
  MESSAGE_DIRECTIONS,
  MESSAGE_KINDS,
  REFERRAL_STATUSES,
  REPORTER_ROLES,
  TICKET_EVENT_TYPES,
  TICKET_STATUSES,
  VICTIM_RELATIONS,
} from "../../db/schema/index.ts";
import { CategorySchema, PrioritySchema, TriageSignalSchema } from "./triage-schemas.ts";

/*
 * Request and response bodies of the ticket routes (api/routes/v1/tickets.ts). The examples are
 * made up; they show what the peksos console gets.
 */

const EXAMPLE_ID = "3d6f0a52-8c1b-4e7a-9f2d-5b8c7a6e4d31";
const EXAMPLE_OTHER_ID = "9a2b4c6d-1e3f-4a5b-8c7d-0e1f2a3b4c5d";
const EXAMPLE_INCIDENT_ID = "c4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70";
const EXAMPLE_STAFF = { id: "6f1c2a9e-3b4d-4f6a-9c1e-2d3b4a5c6d7e", name: "Sari Wulandari" };
const EXAMPLE_CURSOR = "eyJwIjoic2VkYW5nIiwicyI6IjIwMjUtMDctMTVUMDI6MDA6MDAuMDAwMDAwWiIsImkiOiIzZDZmMGE1MiJ9";

const Timestamp = z.iso.datetime({ offset: true });
export const TicketStatusSchema = z.enum(TICKET_STATUSES);
const StaffRefSchema = z.object({ id: z.uuid(), name: z.string() });

// ---------------------------------------------------------------------------------------------
// The queue

/** A filter given as `a,b` or repeated (`?status=a&status=b`); checked against its values in the route, which names the field. */
const ListFilter = (description: string) =>
  z.union([z.string().max(500), z.array(z.string().max(100)).max(20)]).optional().meta({ description });

export const TicketQueueQuerySchema = z.object({
  status: ListFilter(
    `Statuses, comma-separated or repeated: ${TICKET_STATUSES.join(", ")}. Default: the open ones (baru, diterima, ditangani, dirujuk).`,
  ),
  priority: ListFilter("Priorities, comma-separated or repeated: darurat, tinggi, sedang, rendah."),
  category: ListFilter("Categories, comma-separated or repeated (see the category list of the triage)."),
  assignee: z
    .union([z.enum(["me", "none"]), z.uuid()])
    .optional()
    .meta({ description: "A staff id, `me` (the caller) or `none` (nobody has it yet)." }),
  school: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: "The school code from a leaflet's link (exact), or part of the school's name (any case)." }),
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}-[A-Z0-9]{5}$/, { message: "A ticket code such as MTR-7K3QX" })
    .optional()
    .meta({ description: "One ticket by its public code (any case), as staff know it from an alert or the reporter's chat. Combine with `status` to search closed ones too." }),
  since: Timestamp.optional().meta({ description: "Tickets created at or after this instant." }),
  until: Timestamp.optional().meta({ description: "Tickets created before this instant." }),
  limit: z.coerce.number().int().min(1).max(100).default(50).meta({ description: "Tickets per page, 1 to 100." }),
  cursor: z
    .string()
    .max(500)
    .optional()
    .meta({ description: "The `nextCursor` of the previous page, unchanged; the other filters must stay the same." }),
});
export type TicketQueueQuery = z.infer<typeof TicketQueueQuerySchema>;

export const QueueItemSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  status: TicketStatusSchema,
  priority: PrioritySchema,
  category: CategorySchema,
  reporterRole: z.enum(REPORTER_ROLES).nullable(),
  victimAge: z.number().int().nullable(),
  schoolName: z.string().nullable(),
  schoolCode: z.string().nullable(),
  createdAt: Timestamp,
  slaDueAt: Timestamp.meta({ description: "When the ticket must be acknowledged by." }),
  overdue: z.boolean().meta({ description: "Open, not acknowledged, and past its acknowledge-by time." }),
  acknowledgedAt: Timestamp.nullable(),
  assignee: StaffRefSchema.nullable(),
  incidentId: z.uuid().nullable().meta({ description: "Tickets about the same incident share it." }),
  incomplete: z.boolean().meta({ description: "Submitted by the system from an abandoned conversation." }),
  inDanger: z.boolean().meta({ description: "The reporter said the child is in danger right now." }),
});
export type QueueItem = z.infer<typeof QueueItemSchema>;

const EXAMPLE_ITEM: QueueItem = {
  id: EXAMPLE_ID,
  code: "MTR-7K3QX",
  status: "diterima",
  priority: "tinggi",
  category: "perundungan_fisik",
  reporterRole: "anak",
  victimAge: 11,
  schoolName: "SD Negeri 2 Metro Barat",
  schoolCode: "sdn2mb",
  createdAt: "2025-07-14T02:00:00.000Z",
  slaDueAt: "2025-07-14T03:00:00.000Z",
  overdue: false,
  acknowledgedAt: "2025-07-14T02:04:00.000Z",
  assignee: EXAMPLE_STAFF,
  incidentId: null,
  incomplete: false,
  inDanger: false,
};

export const TicketQueueSchema = z
  .object({
    items: z.array(QueueItemSchema).meta({ description: "Most urgent first: darurat before tinggi, then the earliest acknowledge-by time." }),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
  })
  .meta({ examples: [{ items: [EXAMPLE_ITEM], nextCursor: EXAMPLE_CURSOR }] });

/** The answer of acknowledge, assign and status changes: the ticket as the queue shows it now. */
export const TicketSummarySchema = QueueItemSchema.meta({ examples: [EXAMPLE_ITEM] });

// ---------------------------------------------------------------------------------------------
// The detail

export const ReporterSchema = z
  .object({
    channel: z.enum(CHANNELS).nullable().meta({ description: "Null for a report taken by phone or in person." }),
    address: z.string().nullable().meta({ description: "The chat id or phone number; null when masked or unknown." }),
    name: z.string().nullable(),
    phone: z.string().nullable(),
    consentToContact: z.boolean(),
    anonymous: z.boolean(),
    masked: z
      .boolean()
      .meta({ description: "True when the caller may not see the address and contact details (not the assignee or a supervisor)." }),
  })
  .meta({ description: "Who reported. Address, name and phone are shown only to the ticket's assignee and to supervisors." });

const MediaSchema = z.object({
  kind: z.string(),
  fileId: z.string().optional(),
  fileUniqueId: z.string().optional(),
  mimeType: z.string().optional(),
  fileSize: z.number().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  caption: z.string().optional(),
});

export const TranscriptItemSchema = z.object({
  id: z.uuid(),
  direction: z.enum(MESSAGE_DIRECTIONS),
  kind: z.enum(MESSAGE_KINDS),
  step: z.string().nullable().meta({ description: "The conversation step it answered or asked; `staff_reply` for a peksos's answer." }),
  text: z.string().nullable(),
  media: MediaSchema.nullable(),
  /** Contact details taken out for a caller who may not see them. */
  redacted: z.boolean().meta({ description: "True when contact details were taken out of this message for the caller." }),
  createdAt: Timestamp,
});

export const EvidenceSchema = z.object({
  id: z.uuid(),
  kind: z.string().meta({ description: "photo, video, voice, document…" }),
  fileId: z.string().nullable().meta({ description: "The channel's file id: `media:<uuid>` for a file stored by the API (WhatsApp), else Telegram's own." }),
  url: z
    .string()
    .nullable()
    .meta({
      description:
        "Where the console opens the file (same origin, for `<img src>` or a download link): GET /v1/tickets/{id}/evidence/{evidenceId}/file, for every channel. Null when there is no file to open (a shared location or contact, a file too big for the adapter to hand over).",
    }),
  mimeType: z.string().nullable(),
  caption: z.string().nullable(),
  createdAt: Timestamp,
});

export const TimelineEventSchema = z
  .object({
    id: z.uuid(),
    type: z.enum(TICKET_EVENT_TYPES),
    actor: z.object({ kind: z.enum(ACTOR_KINDS), staff: StaffRefSchema.nullable() }),
    data: z.record(z.string(), z.unknown()),
    createdAt: Timestamp,
  })
  .meta({
    examples: [
      {
        id: "0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b",
        type: "note",
        actor: { kind: "staff", staff: EXAMPLE_STAFF },
        data: { text: "Sudah menelepon wali kelas; besok kunjungan ke sekolah." },
        createdAt: "2025-07-14T05:30:00.000Z",
      },
    ],
  });
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

export const LinkedTicketSchema = z.object({ id: z.uuid(), code: z.string(), status: TicketStatusSchema, priority: PrioritySchema });

export const ReferralSummarySchema = z.object({
  id: z.uuid(),
  agency: z.object({ id: z.uuid(), name: z.string(), type: z.enum(AGENCY_TYPES) }),
  status: z.enum(REFERRAL_STATUSES),
  dueAt: Timestamp.nullable(),
  createdAt: Timestamp,
});

export const TicketDetailSchema = z
  .object({
    id: z.uuid(),
    unitId: z.uuid(),
    code: z.string(),
    status: TicketStatusSchema,
    allowedStatuses: z.array(TicketStatusSchema).meta({ description: "The statuses the caller may move the ticket to now." }),
    priority: PrioritySchema,
    category: CategorySchema,
    triageSignals: z.array(TriageSignalSchema),
    channel: z.enum(CHANNELS).nullable(),
    language: z.enum(LANGUAGES),
    reporterRole: z.enum(REPORTER_ROLES).nullable(),
    victimRelation: z.enum(VICTIM_RELATIONS).nullable(),
    victimAge: z.number().int().nullable(),
    victimGrade: z.string().nullable(),
    schoolName: z.string().nullable(),
    schoolCode: z.string().nullable(),
    kecamatan: z.string().nullable(),
    location: z.string().nullable(),
    incidentWhen: z.string().nullable(),
    frequency: z.string().nullable(),
    description: z.string().nullable(),
    inDanger: z.boolean(),
    anonymous: z.boolean(),
    consentToContact: z.boolean(),
    incomplete: z.boolean(),
    assignee: StaffRefSchema.nullable(),
    slaDueAt: Timestamp,
    overdue: z.boolean(),
    acknowledgedAt: Timestamp.nullable(),
    closedAt: Timestamp.nullable(),
    closeReason: z.string().nullable(),
    incidentId: z.uuid().nullable(),
    escalationLevel: z.number().int(),
    alertedAt: Timestamp.nullable(),
    purgedAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    reporter: ReporterSchema,
    transcript: z.array(TranscriptItemSchema).meta({ description: "Every message of the report, in and out, oldest first." }),
    evidence: z.array(EvidenceSchema).meta({ description: "Photos, voice notes and files the reporter sent." }),
    timeline: z.array(TimelineEventSchema).meta({ description: "Every change, message, view and escalation, oldest first." }),
    linked: z.array(LinkedTicketSchema).meta({ description: "Other reports of the same incident." }),
    referrals: z.array(ReferralSummarySchema),
  })
  .meta({
    examples: [
      {
        id: EXAMPLE_ID,
        unitId: "0b7d9f3a-1c2e-4a5b-8d6f-7e8a9b0c1d2e",
        code: "MTR-7K3QX",
        status: "diterima",
        allowedStatuses: ["ditangani", "ditutup"],
        priority: "tinggi",
        category: "perundungan_fisik",
        triageSignals: [{ rule: "tinggi.physical.injury", phrase: "berdarah", weight: 80 }],
        channel: "telegram",
        language: "id",
        reporterRole: "anak",
        victimRelation: "diri_sendiri",
        victimAge: 11,
        victimGrade: "5",
        schoolName: "SD Negeri 2 Metro Barat",
        schoolCode: "sdn2mb",
        kecamatan: "Metro Barat",
        location: "kantin sekolah",
        incidentWhen: "tadi siang",
        frequency: "masih_terjadi",
        description: "kakak kelas mendorong aku sampai jatuh, lututku berdarah",
        inDanger: false,
        anonymous: true,
        consentToContact: true,
        incomplete: false,
        assignee: EXAMPLE_STAFF,
        slaDueAt: "2025-07-14T03:00:00.000Z",
        overdue: false,
        acknowledgedAt: "2025-07-14T02:04:00.000Z",
        closedAt: null,
        closeReason: null,
        incidentId: EXAMPLE_INCIDENT_ID,
        escalationLevel: 0,
        alertedAt: "2025-07-14T02:00:05.000Z",
        purgedAt: null,
        createdAt: "2025-07-14T02:00:00.000Z",
        updatedAt: "2025-07-14T02:04:00.000Z",
        reporter: { channel: "telegram", address: null, name: null, phone: null, consentToContact: true, anonymous: true, masked: true },
        transcript: [
          {
            id: "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
            direction: "in",
            kind: "text",
            step: "story",
            text: "kakak kelas mendorong aku sampai jatuh, lututku berdarah",
            media: null,
            redacted: false,
            createdAt: "2025-07-14T01:58:00.000Z",
          },
        ],
        evidence: [
          {
            id: "7b6a5f4e-3d2c-4b1a-9f8e-7d6c5b4a3f2e",
            kind: "photo",
            fileId: "AgACAgUAAxkBAAIB",
            url: `/v1/tickets/${EXAMPLE_ID}/evidence/7b6a5f4e-3d2c-4b1a-9f8e-7d6c5b4a3f2e/file`,
            mimeType: null,
            caption: "lututku",
            createdAt: "2025-07-14T01:59:00.000Z",
          },
        ],
        timeline: [
          {
            id: "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b",
            type: "acknowledged",
            actor: { kind: "staff", staff: EXAMPLE_STAFF },
            data: { via: "telegram" },
            createdAt: "2025-07-14T02:04:00.000Z",
          },
        ],
        linked: [{ id: EXAMPLE_OTHER_ID, code: "MTR-Q4R7T", status: "baru", priority: "tinggi" }],
        referrals: [
          {
            id: "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f",
            agency: { id: "8d9e0f1a-2b3c-4d4e-8f6a-7b8c9d0e1f2a", name: "UPTD PPA Kota Metro", type: "uptd_ppa" },
            status: "dikirim",
            dueAt: "2025-07-21T02:00:00.000Z",
            createdAt: "2025-07-14T06:00:00.000Z",
          },
        ],
      },
    ],
  });
export type TicketDetail = z.infer<typeof TicketDetailSchema>;

// ---------------------------------------------------------------------------------------------
// Changes

export const AssignBodySchema = z
  .object({ staffId: z.uuid().meta({ description: "An active peksos or supervisor of the ticket's unit." }) })
  .meta({ examples: [{ staffId: EXAMPLE_STAFF.id }] });

export const StatusBodySchema = z
  .object({
    status: TicketStatusSchema,
    // Trimmed first, so three spaces are not a reason.
    reason: z
      .string()
      .trim()
      .min(3)
      .max(1000)
      .optional()
      .meta({ description: "Required to close as `ditutup` and to reopen; kept on the timeline." }),
  })
  .meta({
    examples: [
      { status: "ditangani" },
      { status: "ditutup", reason: "Laporan ganda dari anak yang sama, lihat MTR-Q4R7T." },
    ],
  });

const TextBody = (description: string) => z.string().trim().min(1).max(4000).meta({ description });

export const NoteBodySchema = z
  .object({ text: TextBody("An internal note for colleagues; never sent to the reporter.") })
  .meta({ examples: [{ text: "Sudah menelepon wali kelas; besok kunjungan ke sekolah." }] });

export const LinkBodySchema = z
  .object({ ticketId: z.uuid().meta({ description: "Another ticket of the same unit about the same incident." }) })
  .meta({ examples: [{ ticketId: EXAMPLE_OTHER_ID }] });

export const LinkGroupSchema = z
  .object({
    incidentId: z.uuid().nullable(),
    linked: z.array(LinkedTicketSchema).meta({ description: "The other tickets of the incident." }),
  })
  .meta({ examples: [{ incidentId: EXAMPLE_INCIDENT_ID, linked: [{ id: EXAMPLE_OTHER_ID, code: "MTR-Q4R7T", status: "baru", priority: "tinggi" }] }] });
export type IncidentGroup = z.infer<typeof LinkGroupSchema>;

export const MessageBodySchema = z
  .object({
    text: TextBody("The answer to the reporter, sent as it is written: no name or signature is added."),
  })
  .meta({ examples: [{ text: "Terima kasih sudah bercerita. Ini bukan salahmu. Besok kami datang ke sekolahmu, ya." }] });

export const MessageQueuedSchema = z
  .object({
    outboundId: z.uuid().meta({ description: "Its delivery shows on the timeline as `delivery` events with this id." }),
    status: z.literal("pending"),
  })
  .meta({ examples: [{ outboundId: "4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b", status: "pending" }] });

export const TicketIdParamsSchema = z.object({ id: z.uuid().meta({ description: "The ticket's id." }) });

// ---------------------------------------------------------------------------------------------
// Errors

export const TicketNotFoundSchema = ErrorBodySchema.meta({
  examples: [{ error: "ticket_not_found", message: "Tiket tidak ditemukan." }],
});

export const TicketForbiddenSchema = ErrorBodySchema.meta({
  examples: [
    { error: "forbidden", message: "Peran Anda tidak diizinkan melakukan ini." },
    {
      error: "not_your_ticket",
      message: "Peksos hanya bisa mengambil tiket yang belum ada petugasnya atau menyerahkan tiketnya sendiri. Minta supervisor memindahkan tiket ini.",
    },
  ],
});

export const AcknowledgeConflictSchema = ErrorBodySchema.extend({
  acknowledgedAt: Timestamp,
  acknowledgedBy: z.object({ name: z.string() }).nullable(),
}).meta({
  examples: [
    {
      error: "already_acknowledged",
      message: "Tiket ini sudah diterima oleh Sari Wulandari pada 14 Jul 2025 09.04.",
      acknowledgedAt: "2025-07-14T02:04:00.000Z",
      acknowledgedBy: { name: "Sari Wulandari" },
    },
  ],
});

export const StatusConflictSchema = ErrorBodySchema.extend({
  allowed: z.array(TicketStatusSchema).meta({ description: "The statuses the caller may move this ticket to." }),
}).meta({
  examples: [
    {
      error: "acknowledge_first",
      message: "Terima tiket ini dulu sebelum mengubah statusnya. Tiket baru hanya bisa langsung ditutup (ditutup) dengan alasan.",
      allowed: ["ditutup"],
    },
    { error: "invalid_transition", message: "Status tidak bisa diubah dari selesai ke dirujuk.", allowed: [] },
  ],
});

export const AssignConflictSchema = ErrorBodySchema.meta({
  examples: [{ error: "already_assigned", message: "Tiket ini sudah dipegang petugas itu." }],
});

export const LinkConflictSchema = ErrorBodySchema.meta({
  examples: [
    { error: "already_linked", message: "Kedua tiket sudah tercatat sebagai satu kejadian." },
    { error: "not_linked", message: "Tiket ini tidak ditautkan dengan tiket lain." },
  ],
});

export const MessageConflictSchema = ErrorBodySchema.meta({
  examples: [
    { error: "no_consent", message: "Pelapor tidak setuju dihubungi, jadi pesan tidak dikirim. Tulis catatan internal bila perlu." },
    { error: "no_channel", message: "Tiket ini tidak punya chat pelapor untuk dibalas." },
    { error: "closed", message: "Tiket sudah selesai atau ditutup. Buka kembali dulu sebelum mengirim pesan." },
  ],
});
