import { STORED_MEDIA_PREFIX } from "../channels/channel-schemas.ts";
import type { Channel, MediaMeta } from "../../db/schema/index.ts";

/*
 * Where the bytes of a piece of evidence are: stored by the API (a WhatsApp photo, `media:<uuid>`)
 * or kept by Telegram (its own file id), or nowhere (a shared location, a contact, a file too big
 * for the adapter to hand over). The ticket detail and the file route decide it with the same rule.
 */

export type EvidenceFileSource = { kind: "stored"; mediaId: string } | { kind: "telegram"; fileId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `channel`: the channel of the reporter who sent it; a Telegram file id means nothing elsewhere. */
export function evidenceFileSource(media: MediaMeta, channel: Channel | null): EvidenceFileSource | null {
  const fileId = media.fileId;
  if (fileId === undefined || fileId === "") return null;
  if (fileId.startsWith(STORED_MEDIA_PREFIX)) {
    const mediaId = fileId.slice(STORED_MEDIA_PREFIX.length);
    return UUID.test(mediaId) ? { kind: "stored", mediaId: mediaId.toLowerCase() } : null;
  }
  return channel === "telegram" ? { kind: "telegram", fileId } : null;
}

/** The console's link to the file: same origin, so the session cookie goes with an `<img src>`. */
export function evidenceFileUrl(ticketId: string, evidenceId: string): string {
  return `/v1/tickets/${ticketId}/evidence/${evidenceId}/file`;
}
