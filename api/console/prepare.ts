import type { Logger } from "pino";
import { loadConsoleAssets, type ConsoleAssets } from "./assets.ts";
import { ensureConsoleBuilt } from "./build.ts";

/**
 * Builds the console if its sources changed, then loads it. A failed build must not keep the
 * hotline down — children's reports and on-call alerts matter more than the web page — so it is
 * logged and the last good build (if any) is served.
 */
export async function prepareConsole(logger: Pick<Logger, "info" | "error">): Promise<ConsoleAssets | undefined> {
  try {
    const outcome = await ensureConsoleBuilt();
    if (outcome === "built") logger.info("web console built");
  } catch (error) {
    logger.error({ err: error }, "web console build failed; serving the previous build if there is one");
  }
  const assets = loadConsoleAssets();
  if (!assets) logger.error("no web console build to serve: run `npm start` again after fixing the build error above");
  return assets;
}
