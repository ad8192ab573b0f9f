import type { ChannelStateReport, MediaUpload } from "../../../api/channels/channel-schemas.ts";
import type { InboundMessage, IntakeResponse, OutboxItem, OutboxResult, Reply } from "../../../api/intake/schemas.ts";
import type { StaffActionBody, StaffActionResponse } from "../../../api/oncall/staff-link-schemas.ts";
import { HotlineRejectedError, HotlineUnavailableError, type HotlineClient } from "../../../bot/client.ts";

/*
 * A HotlineClient that stands in for the API in adapter-level tests, where the API's behaviour is
 * the point (down, refusing, answering "duplicate", slow). The real flow is tested end to end
 * against the real app in end-to-end.test.ts.
 */

export type IntakeMode = "up" | "down" | { rejectWith: number };

export interface HotlineDouble extends HotlineClient {
  /** Every sendInbound call, in the order it was made, also those that failed. */
  received: InboundMessage[];
  mode: IntakeMode;
  /** What the API answers when up; defaults to echoing the message back. */
  answer: (message: InboundMessage) => Reply[] | Promise<Reply[]>;
  /** sendInbound start and end, per externalId: to check ordering. */
  timeline: { externalId: string; event: "start" | "end" }[];
  /** Outbox side. */
  queueOutbox(...items: OutboxItem[]): void;
  outboxDown: boolean;
  claims: number;
  reports: { id: string; result: OutboxResult }[];
  /** Staff side: every staffAction call, also those that failed (mode "down" fails them too). */
  staffActions: StaffActionBody[];
  staffAnswer: (message: StaffActionBody) => StaffActionResponse;
  /** Channel side: every state report and upload, in order. */
  stateReports: ChannelStateReport[];
  uploads: MediaUpload[];
  waitFor(condition: () => boolean, timeoutMs?: number): Promise<void>;
}

export function createHotlineDouble(): HotlineDouble {
  const seen = new Set<string>();
  const outbox: OutboxItem[] = [];
  const double: HotlineDouble = {
    received: [],
    mode: "up",
    answer: (message) => [{ text: `diterima: ${describe(message)}`, choices: [] }],
    timeline: [],
    outboxDown: false,
    claims: 0,
    reports: [],
    staffActions: [],
    stateReports: [],
    uploads: [],
    staffAnswer: (message) => ({ ok: true, outcome: message.action.type === "link" ? "linked" : "acknowledged", reply: `staf: ${message.action.type}` }),

    async sendInbound(message) {
      double.received.push(message);
      double.timeline.push({ externalId: message.externalId, event: "start" });
      try {
        const mode = double.mode;
        if (mode === "down") throw new HotlineUnavailableError("http_503");
        if (typeof mode === "object") throw new HotlineRejectedError(mode.rejectWith);
        const duplicate = seen.has(message.externalId);
        seen.add(message.externalId);
        const replies = await double.answer(message);
        return { replies, ticketCode: null, language: "id", duplicate } satisfies IntakeResponse;
      } finally {
        double.timeline.push({ externalId: message.externalId, event: "end" });
      }
    },

    async fetchOutbox(_channel, { max, waitMs }) {
      double.claims += 1;
      if (double.outboxDown) throw new HotlineUnavailableError("http_503");
      const deadline = Date.now() + waitMs;
      while (outbox.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      return outbox.splice(0, max);
    },

    async reportOutbox(id, result) {
      double.reports.push({ id, result });
    },

    async reportChannelState(_channel, report) {
      double.stateReports.push(report);
      if (double.mode === "down") throw new HotlineUnavailableError("http_503");
    },

    async uploadMedia(_channel, file) {
      double.uploads.push(file);
      if (double.mode === "down") throw new HotlineUnavailableError("http_503");
      return { fileId: `media:upload-${double.uploads.length}`, fileSize: Buffer.from(file.data, "base64").length };
    },

    async staffAction(_channel, message) {
      double.staffActions.push(message);
      const mode = double.mode;
      if (mode === "down") throw new HotlineUnavailableError("http_503");
      if (typeof mode === "object") throw new HotlineRejectedError(mode.rejectWith);
      return double.staffAnswer(message);
    },

    queueOutbox(...items) {
      outbox.push(...items);
    },

    async waitFor(condition, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
  return double;
}

function describe(message: InboundMessage): string {
  const c = message.content;
  return c.type === "text" ? c.text : c.type === "choice" ? `pilihan ${c.choiceId}` : `media ${c.kind}`;
}
