import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { mediaFiles } from "../../db/schema/index.ts";
import type { Tx } from "../intake/tx.ts";
import { findEvidenceMessage, readableTicketId, recordEvidenceView, type EvidenceReader } from "../tickets/evidence-access.ts";
import { MAX_MEDIA_BYTES, STORED_MEDIA_PREFIX, type LinkedChannel, type MediaUpload, type MediaUploaded } from "./channel-schemas.ts";

/*
 * Files a channel hands over because its network will not keep them (a WhatsApp photo). They are
 * evidence of a child's harm: stored as uploaded, and given out only to staff who may read a ticket
 * whose conversation refers to them. Retention removes them (api/retention/retention.ts).
 *
 * The bytes cross the driver as base64 text, decoded and encoded by the database: PGlite turns a
 * bytea parameter or result into JavaScript byte by byte (a 16 MB video took 8-12 s to store and
 * 3 s to read here, holding its one connection, and with it every reporter's message), where the
 * text takes about a tenth of that. PostgreSQL does not mind either way.
 */

export type StoreOutcome = { ok: true; uploaded: MediaUploaded } | { ok: false; error: "empty" | "too_large" };

export async function storeMedia(db: Db, channel: LinkedChannel, upload: MediaUpload): Promise<StoreOutcome> {
  // A base64 text four characters per three bytes: refused before decoding when it cannot fit.
  if (upload.data.length > Math.ceil(MAX_MEDIA_BYTES / 3) * 4) return { ok: false, error: "too_large" };
  const data = Buffer.from(upload.data, "base64");
  if (data.length === 0) return { ok: false, error: "empty" };
  if (data.length > MAX_MEDIA_BYTES) return { ok: false, error: "too_large" };
  const [row] = await db
    .insert(mediaFiles)
    .values({
      channel,
      mimeType: upload.mimeType.toLowerCase(),
      byteSize: data.length,
      sha256: createHash("sha256").update(data).digest("hex"),
      // Re-encoded from the bytes: the canonical form, whatever padding the adapter sent.
      data: sql`decode(${data.toString("base64")}, 'base64')`,
    })
    .returning({ id: mediaFiles.id });
  if (!row) throw new Error("insert into media_files returned no row");
  return { ok: true, uploaded: { fileId: storedMediaFileId(row.id), fileSize: data.length } };
}

/** What a transcript's media carries as fileId for a stored file. */
export function storedMediaFileId(mediaId: string): string {
  return `${STORED_MEDIA_PREFIX}${mediaId}`;
}

export interface StoredMedia {
  mimeType: string;
  data: Buffer;
}

/**
 * A stored file for a staff member reading a ticket: the ticket must be of their unit and not
 * purged, and its conversation must refer to the file (api/tickets/evidence-access.ts). Null in
 * every other case alike, so a file of another unit's ticket is indistinguishable from one that
 * does not exist. Each read is audited.
 */
export async function readTicketMedia(
  db: Db,
  principal: EvidenceReader,
  ticketId: string,
  mediaId: string,
  now: Date,
): Promise<StoredMedia | null> {
  return db.transaction(async (tx) => {
    const ticket = await readableTicketId(tx, principal, ticketId);
    if (!ticket) return null;
    const reference = await findEvidenceMessage(tx, principal, ticket, { fileId: storedMediaFileId(mediaId) });
    if (!reference) return null;
    const file = await readStoredMedia(tx, mediaId);
    if (!file) return null;
    await recordEvidenceView(tx, principal, ticket, { mediaId, transcriptMessageId: reference.id, source: "stored" }, now);
    return file;
  });
}

/** A stored file's bytes and type; the caller has checked that the reader may have them. */
export async function readStoredMedia(tx: Tx, mediaId: string): Promise<StoredMedia | null> {
  const [file] = await tx
    .select({ mimeType: mediaFiles.mimeType, base64: sql<string>`encode(${mediaFiles.data}, 'base64')` })
    .from(mediaFiles)
    .where(eq(mediaFiles.id, mediaId));
  return file ? { mimeType: file.mimeType, data: Buffer.from(file.base64, "base64") } : null;
}

/** Shown in the browser (photos, screenshots); anything else is downloaded, never rendered as a page. */
const INLINE_TYPES: ReadonlySet<string> = new Set(["image/jpeg", "image/png", "image/webp", "image/gif"]);

/** A file name's extension for a download, so the phone knows which app opens it. */
const EXTENSIONS: Readonly<Record<string, string>> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
  "application/pdf": "pdf",
  "video/mp4": "mp4",
  "audio/ogg": "ogg",
  "audio/mpeg": "mp3",
  "audio/mp4": "m4a",
};

export function contentDisposition(mimeType: string, mediaId: string): string {
  const filename = `bukti-${mediaId.slice(0, 8)}.${EXTENSIONS[mimeType] ?? "bin"}`;
  return `${INLINE_TYPES.has(mimeType) ? "inline" : "attachment"}; filename="${filename}"`;
}
