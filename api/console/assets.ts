import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { CONSOLE_DIST } from "./build.ts";

export interface ConsoleAsset {
  body: Buffer;
  /** Present when compressing saved bytes; phones on a weak signal get the smallest. */
  br?: Buffer;
  gzip?: Buffer;
  contentType: string;
  etag: string;
}

export interface ConsoleAssets {
  /** By URL path, e.g. "/assets/index-C7MynsQx.js". */
  files: Map<string, ConsoleAsset>;
  index: ConsoleAsset;
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".json": "application/json; charset=utf-8",
};

function asset(path: string): ConsoleAsset {
  const body = readFileSync(path);
  const contentType = CONTENT_TYPES[extname(path)] ?? "application/octet-stream";
  const result: ConsoleAsset = { body, contentType, etag: `"${createHash("sha1").update(body).digest("base64url")}"` };
  if (/^(text|image\/svg|application\/json)/.test(contentType) && body.length > 512) {
    const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    const gzip = gzipSync(body, { level: 9 });
    if (br.length < body.length) result.br = br;
    if (gzip.length < body.length) result.gzip = gzip;
  }
  return result;
}

/**
 * The built console, read and compressed once at start: it is about 100 KB, and serving it from
 * memory keeps the first load on a phone to one round trip per file with no disk reads.
 * Undefined when there is no build (an API-only test app).
 */
export function loadConsoleAssets(dist: string = CONSOLE_DIST): ConsoleAssets | undefined {
  if (!existsSync(join(dist, "index.html"))) return undefined;
  const files = new Map<string, ConsoleAsset>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.startsWith(".")) files.set(`/${relative(dist, path).split(sep).join("/")}`, asset(path));
    }
  };
  walk(dist);
  const index = files.get("/index.html");
  if (!index) return undefined;
  files.delete("/index.html");
  return { files, index };
}
