import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const CONSOLE_DIR = join(REPO_ROOT, "console");
export const CONSOLE_DIST = join(CONSOLE_DIR, "dist");
/** Written last by a build: the fingerprint of the sources the bundle was made from. */
const STAMP_FILE = ".source-hash";

/** What the bundle is made of; a change to any of these makes the next start rebuild it. */
function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(path);
    }
  };
  for (const dir of ["src", "public"]) if (existsSync(join(CONSOLE_DIR, dir))) walk(join(CONSOLE_DIR, dir));
  files.push(join(CONSOLE_DIR, "index.html"), join(CONSOLE_DIR, "vite.config.ts"));
  for (const lng of readdirSync(join(REPO_ROOT, "locales"))) {
    for (const file of readdirSync(join(REPO_ROOT, "locales", lng))) {
      if (/^(console.*|triage|stats)\.json$/.test(file)) files.push(join(REPO_ROOT, "locales", lng, file));
    }
  }
  // The API's schemas the console reads types from change nothing in the bundle, so they are not listed.
  return files.sort();
}

export function sourceFingerprint(): string {
  const hash = createHash("sha256");
  for (const file of sourceFiles()) {
    hash.update(relative(REPO_ROOT, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

function builtFrom(): string | undefined {
  const stamp = join(CONSOLE_DIST, STAMP_FILE);
  return existsSync(stamp) ? readFileSync(stamp, "utf8") : undefined;
}

/**
 * Builds the console when its sources changed since the last build, so `npm start` is all a
 * newcomer runs and a restart after no change costs nothing. The bundle is written beside the old
 * one and swapped in whole, so a server reading `dist/` never sees half a build.
 */
export async function ensureConsoleBuilt(log: (line: string) => void = () => undefined): Promise<"current" | "built"> {
  // Read once: every source file is hashed, and a start should pay for that only once.
  const fingerprint = sourceFingerprint();
  if (builtFrom() === fingerprint) return "current";
  const started = Date.now();
  // vite is loaded only when a build is needed: a current console costs the server nothing.
  const { build } = await import("vite");
  const staging = `${CONSOLE_DIST}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  await build({
    configFile: join(CONSOLE_DIR, "vite.config.ts"),
    build: { outDir: staging, emptyOutDir: true },
    logLevel: "error",
  });
  writeFileSync(join(staging, STAMP_FILE), fingerprint);
  const retired = `${CONSOLE_DIST}.old-${process.pid}`;
  if (existsSync(CONSOLE_DIST)) renameSync(CONSOLE_DIST, retired);
  try {
    renameSync(staging, CONSOLE_DIST);
  } catch (error) {
    // Another process (a second test project) finished the same build first: theirs is as good.
    if (!existsSync(CONSOLE_DIST)) throw error;
    rmSync(staging, { recursive: true, force: true });
  }
  rmSync(retired, { recursive: true, force: true });
  log(`console built in ${Date.now() - started} ms`);
  return "built";
}
