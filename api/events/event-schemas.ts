import { z } from "zod";
import { ErrorBodySchema } from "../auth/schemas.ts";
import { PrioritySchema } from "../tickets/triage-schemas.ts";
import { TicketStatusSchema } from "../tickets/ticket-schemas.ts";

/*
 * The live update stream of GET /v1/events (api/routes/v1/events.ts), documented: the stream
 * itself is text, one server-sent event after another; these are the shapes of their `data`.
 * Ids, codes, priorities and statuses only: never a reporter's words or name.
 */

const EXAMPLE_VERSION = "2025-07-14T02:15:04.512Z";

export const TicketChangeSchema = z.object({
  id: z.uuid(),
  code: z.string().meta({ description: "The ticket's public code, e.g. MTR-7K3QX." }),
  priority: PrioritySchema,
  status: TicketStatusSchema,
  created: z.boolean().meta({
    description:
      "The ticket arrived since the stream's previous look (a new report). A hint for the sound and the notification; a console that missed events can also compare with the queue it holds.",
  }),
});
export type TicketChange = z.infer<typeof TicketChangeSchema>;

export const ReadyEventSchema = z
  .object({
    version: z.string().meta({ description: "The database time up to which changes are reflected; fetch the queue now, and again on each `tickets`." }),
  })
  .meta({ examples: [{ version: EXAMPLE_VERSION }] });

export const TicketsEventSchema = z
  .object({
    version: z.string(),
    changed: z.array(TicketChangeSchema).meta({ description: "One entry per ticket that changed, with its state now." }),
  })
  .meta({
    examples: [
      {
        version: EXAMPLE_VERSION,
        changed: [
          { id: "3d6f0a52-8c1b-4e7a-9f2d-5b8c7a6e4d31", code: "MTR-7K3QX", priority: "darurat", status: "baru", created: true },
          { id: "9a2b4c6d-1e3f-4a5b-8c7d-0e1f2a3b4c5d", code: "MTR-Q4ZP8", priority: "sedang", status: "ditangani", created: false },
        ],
      },
    ],
  });

const CLOSING_REASONS = ["session_ended", "shutdown", "unavailable"] as const;

export const ClosingEventSchema = z
  .object({
    reason: z.enum(CLOSING_REASONS).meta({
      description: "session_ended: signed out or expired, sign in again (reconnecting would get 401); shutdown: the server is stopping; unavailable: the database did not answer. After the last two EventSource reconnects by itself.",
    }),
  })
  .meta({ examples: [{ reason: "session_ended" }] });
export type ClosingReason = (typeof CLOSING_REASONS)[number];

const EXAMPLE_STREAM = [
  "retry: 3000",
  "",
  "event: ready",
  `data: {"version":"${EXAMPLE_VERSION}"}`,
  "",
  ": ping",
  "",
  "event: tickets",
  `data: {"version":"2025-07-14T02:15:06.530Z","changed":[{"id":"3d6f0a52-8c1b-4e7a-9f2d-5b8c7a6e4d31","code":"MTR-7K3QX","priority":"darurat","status":"baru","created":true}]}`,
  "",
  "",
].join("\n");

export const EventStreamSchema = z.string().meta({
  description:
    "Server-sent events. `ready` once ({version}); `tickets` ({version, changed}) whenever tickets of the caller's unit changed: created, re-triaged, status, assignee, acknowledged, a reporter's message, a note or any other timeline entry; " +
    "`closing` ({reason}) just before the server ends the stream; a `: ping` comment every 25 s.",
  examples: [EXAMPLE_STREAM],
});

export const NotAcceptableSchema = ErrorBodySchema.meta({
  examples: [
    {
      error: "not_acceptable",
      message:
        "Alamat ini adalah aliran pembaruan langsung (server-sent events). Minta dengan header Accept: text/event-stream, seperti EventSource di peramban.",
    },
  ],
});
