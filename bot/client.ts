import type { App } from "../api/app.ts";
import {
  IntakeResponseSchema,
  OutboxBatchSchema,
  type IntakeResponse,
  type InboundMessage,
  type OutboxItem,
  type OutboxResult,
} from "../api/intake/schemas.ts";
import {
  StaffActionResponseSchema,
  type StaffActionBody,
  type StaffActionResponse,
  type StaffChannel,
} from "../api/oncall/staff-link-schemas.ts";
import type { Channel } from "../db/schema/enums.ts";
import {
  MediaUploadedSchema,
  type ChannelStateReport,
  type LinkedChannel,
  type MediaUpload,
  type MediaUploaded,
} from "../api/channels/channel-schemas.ts";

/**
 * What a channel adapter may ask of the API. The same calls run over HTTP (split deployment,
 * with the channel token) or over `app.inject` (one process); the API validates both alike.
 */
export interface HotlineClient {
  /** Hands one update to the intake; resolves with the replies to send. Throws HotlineUnavailableError. */
  sendInbound(message: InboundMessage): Promise<IntakeResponse>;
  /** Claims messages waiting for this channel (reminders, staff replies), waiting up to `waitMs` for one. */
  fetchOutbox(channel: Channel, options: { max: number; waitMs: number }): Promise<OutboxItem[]>;
  /** Reports how delivering a claimed message went. */
  reportOutbox(id: string, result: OutboxResult): Promise<void>;
  /**
   * A staff member's command or alert button (/hubungkan KODE, "Terima"); resolves with the text
   * to send back. Throws HotlineUnavailableError: staff actions are not spooled, the person retries.
   */
  staffAction(channel: StaffChannel, message: StaffActionBody): Promise<StaffActionResponse>;
  /** The channel's link (connected, needs a QR, lost); also sent periodically as a heartbeat. */
  reportChannelState(channel: LinkedChannel, report: ChannelStateReport): Promise<void>;
  /** Hands over a file the channel will not keep; the returned fileId goes into the media content. */
  uploadMedia(channel: LinkedChannel, file: MediaUpload): Promise<MediaUploaded>;
}

/** The API did not answer or answered 5xx: the adapter sends its fallback and retries later. */
export class HotlineUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`hotline API unavailable: ${reason}`);
    this.name = "HotlineUnavailableError";
  }
}

/** A 4xx: the message itself was refused; retrying it will not help. */
export class HotlineRejectedError extends Error {
  constructor(readonly statusCode: number) {
    super(`hotline API refused the request with ${statusCode}`);
    this.name = "HotlineRejectedError";
  }
}

interface Transport {
  request(method: "GET" | "POST", path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

export function createInjectClient(app: App, channelToken: string): HotlineClient {
  return createClient({
    async request(method, path, body) {
      const response = await app.inject({
        method,
        url: path,
        headers: { authorization: `Bearer ${channelToken}` },
        ...(body !== undefined && { payload: body as object }),
      });
      return { status: response.statusCode, body: response.body.length > 0 ? response.json() : undefined };
    },
  });
}

export function createHttpClient(baseUrl: string, channelToken: string, options: { timeoutMs?: number } = {}): HotlineClient {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return createClient({
    async request(method, path, body) {
      const response = await fetch(new URL(path, baseUrl), {
        method,
        headers: {
          authorization: `Bearer ${channelToken}`,
          ...(body !== undefined && { "content-type": "application/json" }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      return { status: response.status, body: text.length > 0 ? JSON.parse(text) : undefined };
    },
  });
}

function createClient(transport: Transport): HotlineClient {
  async function call(method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> {
    let response: { status: number; body: unknown };
    try {
      response = await transport.request(method, path, body);
    } catch (error) {
      throw new HotlineUnavailableError(error instanceof Error ? error.name : "network");
    }
    if (response.status >= 500) throw new HotlineUnavailableError(`http_${response.status}`);
    if (response.status >= 400) throw new HotlineRejectedError(response.status);
    return response.body;
  }
  return {
    async sendInbound(message) {
      return IntakeResponseSchema.parse(await call("POST", "/v1/intake/messages", message));
    },
    async fetchOutbox(channel, { max, waitMs }) {
      const body = await call("POST", `/v1/channels/${channel}/outbox/claim`, { max, waitMs });
      return OutboxBatchSchema.parse(body).items;
    },
    async reportOutbox(id, result) {
      await call("POST", `/v1/channels/outbox/${encodeURIComponent(id)}/result`, result);
    },
    async staffAction(channel, message) {
      return StaffActionResponseSchema.parse(await call("POST", `/v1/channels/${channel}/staff-actions`, message));
    },
    async reportChannelState(channel, report) {
      await call("POST", `/v1/channels/${channel}/state`, report);
    },
    async uploadMedia(channel, file) {
      return MediaUploadedSchema.parse(await call("POST", `/v1/channels/${channel}/media`, file));
    },
  };
}
