import type { IntakeResponse } from "../../../api/intake/schemas.ts";
import type { HotlineClient } from "../../../bot/client.ts";

/**
 * The real client, watched: a test learns when the API has answered an update and what, so it
 * waits for exactly the bot messages that answer carries instead of guessing with sleeps.
 */
export interface ObservedClient extends HotlineClient {
  /** Every answer per externalId, in order: a redelivered update has two. */
  responses: Map<string, IntakeResponse[]>;
  /** Waits for the `nth` answer (1-based) to this update. */
  responseTo(externalId: string | number, nth?: number, timeoutMs?: number): Promise<IntakeResponse>;
}

export function observeClient(client: HotlineClient): ObservedClient {
  const responses = new Map<string, IntakeResponse[]>();
  return {
    responses,
    async sendInbound(message) {
      const response = await client.sendInbound(message);
      responses.set(message.externalId, [...(responses.get(message.externalId) ?? []), response]);
      return response;
    },
    fetchOutbox: (channel, options) => client.fetchOutbox(channel, options),
    reportOutbox: (id, result) => client.reportOutbox(id, result),
    staffAction: (channel, message) => client.staffAction(channel, message),
    reportChannelState: (channel, report) => client.reportChannelState(channel, report),
    uploadMedia: (channel, file) => client.uploadMedia(channel, file),
    async responseTo(externalId, nth = 1, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const response = responses.get(String(externalId))?.[nth - 1];
        if (response) return response;
        if (Date.now() > deadline) throw new Error(`the API did not answer update ${externalId} (${nth}) within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}
