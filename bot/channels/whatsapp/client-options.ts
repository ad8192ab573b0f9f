import { join } from "node:path";
import wwebjs, { type Client, type ClientOptions } from "whatsapp-web.js";

/*
 * The whatsapp-web.js client as the hotline runs it: Debian's Chromium, headless, its session in
 * DATA_DIR/whatsapp/auth so the phone is linked once, nothing written to the working directory.
 */

export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";

/** Chromium's flags. The sandbox cannot run as root (containers); this machine's network refuses Google's hosts, so no background calls to them. */
export function chromiumArgs(runningAsRoot: boolean): string[] {
  return [
    ...(runningAsRoot ? ["--no-sandbox", "--disable-setuid-sandbox"] : []),
    // /dev/shm is 64 MB in most containers; Chromium's pages crash when it fills.
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ];
}

export function clientOptions(dataDir: string, chromiumPath: string, runningAsRoot = process.getuid?.() === 0): ClientOptions {
  return {
    authStrategy: new wwebjs.LocalAuth({ dataPath: join(dataDir, "auth") }),
    // The WhatsApp Web build it loaded last, kept beside the session rather than in ./.wwebjs_cache.
    webVersionCache: { type: "local", path: join(dataDir, "web-cache") },
    puppeteer: { executablePath: chromiumPath, headless: true, args: chromiumArgs(runningAsRoot) },
  };
}

export function createDefaultClient(dataDir: string, chromiumPath: string): Client {
  return new wwebjs.Client(clientOptions(dataDir, chromiumPath));
}
