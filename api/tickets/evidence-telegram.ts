import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";

/*
 * Files Telegram keeps for the bot (a reporter's photo), fetched when a peksos opens them: the Bot
 * API's getFile gives a path valid for an hour, and <apiRoot>/file/bot<token>/<path> the bytes.
 * The Bot API gives bots files of up to 20 MB. Nothing here logs or returns the token or the path:
 * a failure is a fixed word, so even an exception's text (which may quote the URL) never leaves.
 */

/** The Bot API's limit for files a bot downloads (https://core.telegram.org/bots/api#getfile). */
export const TELEGRAM_MAX_FILE_BYTES = 20 * 1024 * 1024;

const DEFAULT_API_ROOT = "https://api.telegram.org";
/** Long enough for a slow mobile link to Telegram, short enough that a hung Bot API frees the request. */
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Why a file cannot be had: `too_large` over the Bot API's limit, `gone` when Telegram no longer
 * has it (or never gave this bot that id), `unreachable` when the Bot API did not answer usably.
 */
export type TelegramFileFailure = "too_large" | "gone" | "unreachable";

export interface TelegramFile {
  /** The bytes as they arrive; fails (and the answer is cut) past the limit or when Telegram stalls. */
  stream: Readable;
  /** From the download's content-length, when Telegram sent one. */
  size: number | undefined;
  /** The file's extension from Telegram's path (photos have no type of their own), lower case. */
  extension: string | undefined;
}

/** `detail`: which step failed, a fixed word for the log. */
export type TelegramFileRefusal = { ok: false; error: TelegramFileFailure; detail: string };
export type TelegramFileOutcome = { ok: true; file: TelegramFile } | TelegramFileRefusal;

export interface TelegramFiles {
  /** `knownSize`: the size the message said, to refuse an oversized file without asking. */
  open(fileId: string, knownSize: number | undefined): Promise<TelegramFileOutcome>;
}

export interface TelegramFilesOptions {
  token: string;
  /** A self-hosted Bot API server or a stand-in; api.telegram.org when absent. */
  apiRoot?: string | undefined;
  /** For the answer of each call and for each pause in the download; 10 s by default. */
  timeoutMs?: number;
  /** At most this many bytes; the Bot API's 20 MB by default. */
  maxBytes?: number;
}

/**
 * Telegram's file paths look like `photos/file_12.jpg`; anything else (a `..` segment, or the
 * absolute local path a Bot API server in --local mode gives) is not fetched.
 */
const FILE_PATH = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/;

interface GetFileAnswer {
  ok?: unknown;
  error_code?: unknown;
  description?: unknown;
  result?: { file_path?: unknown; file_size?: unknown };
}

export function createTelegramFiles(options: TelegramFilesOptions): TelegramFiles {
  const apiRoot = (options.apiRoot ?? DEFAULT_API_ROOT).replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? TELEGRAM_MAX_FILE_BYTES;
  const fail = (error: TelegramFileFailure, detail: string): TelegramFileRefusal => ({ ok: false, error, detail });

  async function open(fileId: string, knownSize: number | undefined): Promise<TelegramFileOutcome> {
    if (knownSize !== undefined && knownSize > maxBytes) return fail("too_large", "message_size");
    const controller = new AbortController();
    const deadline = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const located = await locate(fileId, controller.signal);
      if (!located.ok) return located;
      const response = await fetch(`${apiRoot}/file/bot${options.token}/${located.path}`, { signal: controller.signal });
      if (response.status === 404) return discard(response, fail("gone", "download_404"));
      if (!response.ok || response.body === null) return discard(response, fail("unreachable", `download_${response.status}`));
      const length = Number(response.headers.get("content-length") ?? Number.NaN);
      const size = Number.isSafeInteger(length) && length >= 0 ? length : undefined;
      if (size !== undefined && size > maxBytes) return discard(response, fail("too_large", "download_size"));
      clearTimeout(deadline);
      const source = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
      return { ok: true, file: { stream: guarded(source, controller, timeoutMs, maxBytes), size, extension: extensionOf(located.path) } };
    } catch {
      // A timeout, a refused connection, a malformed answer: the exception itself is never passed on.
      return fail("unreachable", controller.signal.aborted ? "timeout" : "network");
    } finally {
      clearTimeout(deadline);
    }
  }

  async function locate(fileId: string, signal: AbortSignal): Promise<{ ok: true; path: string } | TelegramFileRefusal> {
    const response = await fetch(`${apiRoot}/bot${options.token}/getFile`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ file_id: fileId }),
      signal,
    });
    const answer = (await response.json().catch(() => ({}))) as GetFileAnswer;
    if (answer.ok !== true) {
      const description = typeof answer.description === "string" ? answer.description : "";
      // "Bad Request: file is too big"; other 400s: an unknown, foreign or expired file id.
      if (answer.error_code === 400 && /too big/i.test(description)) return fail("too_large", "get_file_too_big");
      if (answer.error_code === 400) return fail("gone", "get_file_400");
      // 401/404: the token is wrong; 429 and 5xx: Telegram is busy. Either way not the file's fault.
      return fail("unreachable", `get_file_${response.status}`);
    }
    const size = answer.result?.file_size;
    if (typeof size === "number" && size > maxBytes) return fail("too_large", "get_file_size");
    const path = answer.result?.file_path;
    // Telegram leaves the path out when the file can no longer be downloaded.
    if (typeof path !== "string") return fail("gone", "no_file_path");
    if (!FILE_PATH.test(path)) return fail("unreachable", "unusable_file_path");
    return { ok: true, path };
  }

  return { open };
}

/** A failed download's body is dropped, so its connection is freed. */
async function discard(response: Response, outcome: TelegramFileRefusal): Promise<TelegramFileRefusal> {
  await response.body?.cancel().catch(() => undefined);
  return outcome;
}

/** Telegram's path ends in the file's real extension (`.jpg` for photos, `.oga` for voice notes). */
function extensionOf(path: string): string | undefined {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(path);
  return match?.[1]?.toLowerCase();
}

/** The error a cut download ends with, whatever the network said; the log shows its type and code only. */
export class TelegramDownloadError extends Error {
  readonly code: string;
  constructor(readonly reason: "too_large" | "stalled" | "interrupted") {
    super(`telegram file download ${reason}`);
    this.name = "TelegramDownloadError";
    this.code = `telegram_download_${reason}`;
  }
}

/**
 * The download as it arrives, cut when it passes the limit (a server that lied about the size) or
 * stays silent for `timeoutMs`. Closing it (the browser went away) closes the download too.
 */
function guarded(source: Readable, controller: AbortController, timeoutMs: number, maxBytes: number): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    let received = 0;
    let stalled = false;
    let idle = setTimeout(stall, timeoutMs);
    function stall() {
      stalled = true;
      controller.abort();
    }
    try {
      for await (const chunk of source) {
        const bytes = chunk as Buffer;
        received += bytes.length;
        if (received > maxBytes) throw new TelegramDownloadError("too_large");
        clearTimeout(idle);
        idle = setTimeout(stall, timeoutMs);
        yield bytes;
      }
    } catch (error) {
      if (error instanceof TelegramDownloadError) throw error;
      throw new TelegramDownloadError(stalled ? "stalled" : "interrupted");
    } finally {
      clearTimeout(idle);
      source.destroy();
    }
  }
  const stream = Readable.from(chunks(), { objectMode: false });
  // Destroyed before anyone read from it (the caller gave up): the download must go too.
  stream.once("close", () => source.destroy());
  return stream;
}
