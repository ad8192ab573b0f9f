import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/server-process.ts";

function typecheck(project: string) {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  return spawnSync(process.execPath, [tsc, "--noEmit", "-p", project], { cwd: REPO_ROOT, encoding: "utf8", timeout: 120_000 });
}

describe("the source", () => {
  it("type-checks under strict TypeScript", () => {
    const result = typecheck(".");
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  // The console and its browser tests have their own projects (DOM types; JSX and bundler resolution
  // for the console), so the first check does not see them.
  it.each(["console", "tests/console"])("%s type-checks under strict TypeScript", (project) => {
    const result = typecheck(project);
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
});
