import type { Readable } from "node:stream";
import type { Database } from "../../db/client.ts";
import type { MediaMeta } from "../../db/schema/index.ts";
import { contentDisposition, readStoredMedia } from "../channels/media-files.ts";
import { findEvidenceMessage, readableTicketId, recordEvidenceView, type EvidenceReader } from "./evidence-access.ts";
import { evidenceFileSource } from "./evidence-source.ts";
import type { TelegramFiles } from "./evidence-telegram.ts";

/*
 * One piece of a ticket's evidence as a file for the console, whichever channel it came by: a
 * stored file (WhatsApp) from media_files, a Telegram file fetched from the Bot API as it is asked
 * for. Expected failures are values; the route maps them to HTTP answers.
 *
 * The Bot API is called outside any transaction: on PGlite a transaction holds the one connection,
 * and with it every reporter's message, for as long as Telegram takes to answer.
 */

/** Why a file that exists as evidence cannot be given: the console shows a kind "cannot be opened". */
export const FILE_UNAVAILABLE_REASONS = ["no_file", "not_configured", "too_large", "gone"] as const;
export type FileUnavailableReason = (typeof FILE_UNAVAILABLE_REASONS)[number];

export type EvidenceFileFailure =
  | { error: "evidence_not_found" }
  | { error: "file_unavailable"; reason: FileUnavailableReason }
  | { error: "channel_unreachable" };

export interface EvidenceFile {
  mimeType: string;
  contentDisposition: string;
  body: Buffer | Readable;
  /** Known for stored files and when Telegram sent a content-length. */
  size: number | undefined;
  source: "stored" | "telegram";
}

/** `detail`: a fixed word for the log (which Bot API step failed), never shown to the caller. */
export type EvidenceFileOutcome = { ok: true; file: EvidenceFile } | ({ ok: false; detail?: string } & EvidenceFileFailure);

export interface EvidenceFileDeps {
  database: Database;
  /** Absent when this process has no Telegram bot token. */
  telegramFiles: TelegramFiles | undefined;
}

/** A mime type safe to put in a header as it is. */
const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

/** Telegram's path extensions, for files whose message carried no type (photos never do). */
const TYPES_BY_EXTENSION: Readonly<Record<string, string>> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
  mp4: "video/mp4",
  webm: "video/webm",
  oga: "audio/ogg",
  ogg: "audio/ogg",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  pdf: "application/pdf",
};

export async function readEvidenceFile(
  deps: EvidenceFileDeps,
  reader: EvidenceReader,
  ticketId: string,
  evidenceId: string,
  now: Date,
): Promise<EvidenceFileOutcome> {
  const found = await deps.database.db.transaction(async (tx): Promise<EvidenceFileOutcome | { telegram: { fileId: string; media: MediaMeta } }> => {
    const ticket = await readableTicketId(tx, reader, ticketId);
    const message = ticket === null ? null : await findEvidenceMessage(tx, reader, ticket, { messageId: evidenceId });
    if (ticket === null || message === null) return { ok: false, error: "evidence_not_found" };
    const source = evidenceFileSource(message.media, message.channel);
    if (source === null) return { ok: false, error: "file_unavailable", reason: "no_file" };
    if (source.kind === "telegram") return { telegram: { fileId: source.fileId, media: message.media } };
    const stored = await readStoredMedia(tx, source.mediaId);
    // Removed by retention while the message stayed, or never uploaded.
    if (stored === null) return { ok: false, error: "file_unavailable", reason: "gone", detail: "stored_missing" };
    await recordEvidenceView(tx, reader, ticket, { transcriptMessageId: message.id, mediaId: source.mediaId, source: "stored" }, now);
    return {
      ok: true,
      file: {
        mimeType: stored.mimeType,
        contentDisposition: contentDisposition(stored.mimeType, evidenceId),
        body: stored.data,
        size: stored.data.length,
        source: "stored",
      },
    };
  });
  if (!("telegram" in found)) return found;
  return telegramEvidence(deps, reader, ticketId, evidenceId, found.telegram, now);
}

async function telegramEvidence(
  deps: EvidenceFileDeps,
  reader: EvidenceReader,
  ticketId: string,
  evidenceId: string,
  telegram: { fileId: string; media: MediaMeta },
  now: Date,
): Promise<EvidenceFileOutcome> {
  if (!deps.telegramFiles) return { ok: false, error: "file_unavailable", reason: "not_configured" };
  const opened = await deps.telegramFiles.open(telegram.fileId, telegram.media.fileSize);
  if (!opened.ok) {
    return opened.error === "unreachable"
      ? { ok: false, error: "channel_unreachable", detail: opened.detail }
      : { ok: false, error: "file_unavailable", reason: opened.error, detail: opened.detail };
  }
  // Audited once the bytes are at hand; the ticket is checked again, as it may have been purged meanwhile.
  const audited = await deps.database.db
    .transaction(async (tx) => {
      if ((await readableTicketId(tx, reader, ticketId)) === null) return false;
      await recordEvidenceView(tx, reader, ticketId, { transcriptMessageId: evidenceId, source: "telegram" }, now);
      return true;
    })
    .catch((error: unknown) => {
      opened.file.stream.destroy();
      throw error;
    });
  if (!audited) {
    opened.file.stream.destroy();
    return { ok: false, error: "evidence_not_found" };
  }
  const mimeType = telegramMimeType(telegram.media, opened.file.extension);
  return {
    ok: true,
    file: {
      mimeType,
      contentDisposition: contentDisposition(mimeType, evidenceId),
      body: opened.file.stream,
      size: opened.file.size,
      source: "telegram",
    },
  };
}

/** The type the message stated (documents, videos), else the one Telegram's path implies, else bytes. */
export function telegramMimeType(media: Pick<MediaMeta, "kind" | "mimeType">, extension: string | undefined): string {
  const stated = media.mimeType?.toLowerCase();
  if (stated !== undefined && MIME_TYPE.test(stated)) return stated;
  const implied = extension === undefined ? undefined : TYPES_BY_EXTENSION[extension];
  if (implied !== undefined) return implied;
  return media.kind === "photo" ? "image/jpeg" : "application/octet-stream";
}
