import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FastifyBaseLogger } from "fastify";
import type { Message } from "whatsapp-web.js";
import { MAX_MEDIA_BYTES } from "../../../api/channels/channel-schemas.ts";
import type { InboundContent, InboundMessage } from "../../../api/intake/schemas.ts";
import { HotlineRejectedError, type HotlineClient } from "../../client.ts";
import type { UpdateRef } from "../shared/spool.ts";
import { bareMimeType } from "./normalise.ts";

/*
 * Photos, screenshots, voice notes and files a reporter sends. WhatsApp keeps none of them for us:
 * the linked browser can download a file only while it still holds the message, so the bytes are
 * fetched at once and kept on disk (DATA_DIR/whatsapp/spool/media, owner-only) until the API has
 * them. The message then carries a placeholder fileId (`pending:<name>`) that prepare() swaps for
 * the API's `media:<id>` right before each delivery attempt, so an API outage loses no evidence.
 */

type MediaContent = Extract<InboundContent, { type: "media" }>;

export const PENDING_PREFIX = "pending:";
const PENDING_NAME = /^[0-9a-f]{24}$/;

export interface MediaStore {
  /**
   * Downloads the message's file and keeps it; the content comes back with a pending fileId, or
   * as it was (no fileId) when the file is too large or could not be fetched: the peksos still
   * learns that something was sent.
   */
  fetch(message: Message, content: MediaContent, ref: UpdateRef): Promise<MediaContent>;
  /** The delivery's prepare hook: uploads a pending file and puts the API's fileId in its place. */
  prepare(message: InboundMessage, ref: UpdateRef | undefined): Promise<InboundMessage>;
  /** Deletes kept files no spooled message refers to (a crash between download and spool). */
  sweep(referenced: ReadonlySet<string>): Promise<number>;
}

export interface MediaStoreOptions {
  dir: string;
  client: HotlineClient;
  logger: FastifyBaseLogger;
  downloadTimeoutMs: number;
}

export function createMediaStore(options: MediaStoreOptions): MediaStore {
  const { dir, client, logger } = options;
  /** Files the disk would not take: kept here instead, so they are lost only if the process dies too. */
  const inMemory = new Map<string, Buffer>();

  async function download(message: Message, ref: UpdateRef): Promise<{ bytes: Buffer; mimeType: string | undefined } | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), options.downloadTimeoutMs);
    });
    try {
      const media = await Promise.race([message.downloadMedia(), timeout]);
      // undefined: expired on WhatsApp's servers, or the timeout.
      if (media === undefined || media === null || typeof media.data !== "string") {
        logger.warn({ updateId: ref }, "WhatsApp media not downloadable; delivered without its file");
        return undefined;
      }
      return { bytes: Buffer.from(media.data, "base64"), mimeType: bareMimeType(media.mimetype) };
    } catch (error) {
      logger.warn({ updateId: ref, err: error }, "WhatsApp media download failed; delivered without its file");
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  async function discard(name: string): Promise<void> {
    inMemory.delete(name);
    await rm(join(dir, name), { force: true }).catch((error: unknown) => logger.error({ err: error }, "could not delete a kept media file"));
  }

  function withoutFile(message: InboundMessage, content: MediaContent): InboundMessage {
    const { fileId: _fileId, ...rest } = content;
    return { ...message, content: rest };
  }

  return {
    async fetch(message, content, ref) {
      if (content.fileSize !== undefined && content.fileSize > MAX_MEDIA_BYTES) {
        logger.info({ updateId: ref, fileSize: content.fileSize }, "WhatsApp media over the size limit; recorded without its file");
        return content;
      }
      const file = await download(message, ref);
      if (file === undefined || file.bytes.length === 0) return content;
      if (file.bytes.length > MAX_MEDIA_BYTES) {
        logger.info({ updateId: ref, fileSize: file.bytes.length }, "WhatsApp media over the size limit; recorded without its file");
        return { ...content, fileSize: file.bytes.length };
      }
      const name = randomBytes(12).toString("hex");
      try {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        await writeFile(join(dir, name), file.bytes, { mode: 0o600, flag: "wx" });
      } catch (error) {
        logger.error({ updateId: ref, err: error }, "could not keep a WhatsApp media file on disk; kept in memory");
        inMemory.set(name, file.bytes);
      }
      return {
        ...content,
        fileId: `${PENDING_PREFIX}${name}`,
        mimeType: file.mimeType ?? content.mimeType ?? "application/octet-stream",
        fileSize: file.bytes.length,
      };
    },

    async prepare(message, ref) {
      const content = message.content;
      if (content.type !== "media" || !content.fileId?.startsWith(PENDING_PREFIX)) return message;
      const name = content.fileId.slice(PENDING_PREFIX.length);
      if (!PENDING_NAME.test(name)) return withoutFile(message, content);
      let bytes = inMemory.get(name);
      if (bytes === undefined) {
        try {
          bytes = await readFile(join(dir, name));
        } catch (error) {
          logger.error({ updateId: ref, err: error }, "a kept WhatsApp media file is gone; delivered without its file");
          return withoutFile(message, content);
        }
      }
      const mimeType = content.mimeType ?? "application/octet-stream";
      let uploaded;
      try {
        uploaded = await client.uploadMedia("whatsapp", { mimeType, data: bytes.toString("base64") });
      } catch (error) {
        // Unavailable: thrown on, so the message waits with its file. Refused: it would be refused again.
        if (!(error instanceof HotlineRejectedError)) throw error;
        logger.warn({ updateId: ref, statusCode: error.statusCode }, "the API refused a WhatsApp media file; delivered without it");
        await discard(name);
        return withoutFile(message, content);
      }
      await discard(name);
      return { ...message, content: { ...content, fileId: uploaded.fileId, fileSize: uploaded.fileSize } };
    },

    async sweep(referenced) {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        return 0;
      }
      let removed = 0;
      for (const name of names) {
        if (!PENDING_NAME.test(name) || referenced.has(name)) continue;
        await rm(join(dir, name), { force: true }).catch(() => {});
        removed += 1;
      }
      return removed;
    },
  };
}

/** The kept file's name a spooled message refers to, if any. */
export function pendingFileOf(message: InboundMessage): string | undefined {
  const content = message.content;
  if (content.type !== "media" || !content.fileId?.startsWith(PENDING_PREFIX)) return undefined;
  return content.fileId.slice(PENDING_PREFIX.length);
}
