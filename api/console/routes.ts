import type { FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { ConsoleAsset, ConsoleAssets } from "./assets.ts";

/** Paths the API owns: never answered with the console's page, so a typo in an API call stays a JSON 404. */
const API_PATH = /^\/(v1|docs|health)(\/|$)/;

/**
 * The console's own policy: scripts and styles only from this origin (no inline script at all),
 * images also as data:/blob: (QR codes, evidence previews). No upgrade-insecure-requests: a unit
 * may run the console over plain http on its office network, where an upgrade would break it.
 */
const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

function send(request: FastifyRequest, reply: FastifyReply, file: ConsoleAsset, cacheControl: string) {
  reply.header("content-type", file.contentType).header("cache-control", cacheControl).header("etag", file.etag).header("vary", "accept-encoding");
  if (request.headers["if-none-match"] === file.etag) return reply.status(304).send();
  const accepted = String(request.headers["accept-encoding"] ?? "");
  if (file.br && /\bbr\b/.test(accepted)) return reply.header("content-encoding", "br").send(file.br);
  if (file.gzip && /\bgzip\b/.test(accepted)) return reply.header("content-encoding", "gzip").send(file.gzip);
  return reply.send(file.body);
}

/**
 * Serves the built console (console/dist) at `/`. Hashed files under /assets are cached for a
 * year; the page itself is revalidated on every load so a new release reaches phones at once.
 * Every other browser path (/tickets/<id> from an alert, /roster…) gets the page, whose router
 * shows the right screen. Hidden from the API document: these are files, not API routes.
 */
export const consoleRoutes = fp<{ assets: ConsoleAssets }>(
  async (app, { assets }) => {
    app.get("/*", { schema: { hide: true } }, async (request, reply) => {
      const path = request.url.split("?")[0] ?? "/";
      const file = assets.files.get(path);
      if (file) {
        // Hashed bundles never change; the service worker must be re-checked on each load to update at all.
        const cache = path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : path === "/sw.js" ? "no-cache" : "public, max-age=3600";
        return send(request, reply, file, cache);
      }
      const wantsPage = String(request.headers.accept ?? "").includes("text/html");
      if (!wantsPage || API_PATH.test(path)) {
        return reply.callNotFound();
      }
      reply.header("content-security-policy", CONSOLE_CSP).header("x-frame-options", "DENY");
      return send(request, reply, assets.index, "no-cache");
    });
  },
  { name: "console", dependencies: ["security"] },
);
