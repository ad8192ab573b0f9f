import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/server-process.ts";

/* `npm run --silent triage -- FILE.jsonl`, run as a separate process the way the README says. */

const dir = mkdtempSync(join(tmpdir(), "lapor-aman-triage-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the command on a temp file holding `lines`, or with `lines` on stdin and FILE "-". */
function runCli(lines: string[], via: "file" | "stdin" = "file"): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const content = lines.join("\n") + "\n";
  const file = join(dir, `input-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, content);
  return new Promise((resolve, reject) => {
    const args = ["tsx", "api/triage/cli.ts", via === "file" ? file : "-"];
    const child = spawn("npx", args, { cwd: REPO_ROOT, stdio: ["pipe", "pipe", "pipe"] });
    child.stdin.end(via === "stdin" ? content : "");
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const report = (id: string, text: string, reporter?: string) => JSON.stringify({ id, text, ...(reporter && { reporter }) });

describe("the triage command", () => {
  it("prints one JSON line per report in input order, names a bad line on stderr and exits 1", async () => {
    const { code, stdout, stderr } = await runCli([
      report("r-1", "aku dipukulin kakak kelas tiap istirahat", "anak"),
      report("r-2", "halo kak"),
      "",
      "{this is not json",
      report("r-3", "capek hidup, pengen ilang aja", "anak"),
    ]);
    // Nothing but the three result lines on stdout.
    expect(stdout.endsWith("\n"), stdout).toBe(true);
    const out = stdout.slice(0, -1).split("\n");
    expect(out, stdout).toHaveLength(3);
    const parsed = out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.map((p) => p.id)).toEqual(["r-1", "r-2", "r-3"]);
    for (const p of parsed) {
      expect(Object.keys(p).sort()).toEqual(["category", "id", "priority", "signals"]);
      expect(Array.isArray(p.signals)).toBe(true);
    }
    expect(parsed[2]).toMatchObject({ priority: "darurat", category: "menyakiti_diri" });
    // The bad line is line 4 of the file (the blank line 3 counts, and is skipped silently).
    expect(stderr).toMatch(/:4\b.*not JSON/);
    expect(stderr).not.toMatch(/:3\b/);
    expect(code).toBe(1);
  });

  it("exits 0 on a clean file", async () => {
    const { code, stdout } = await runCli([report("a", "aku dikatain gendut sama temen", "anak"), report("b", "tes")]);
    expect(stdout.split("\n").filter((l) => l !== "").map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(["a", "b"]);
    expect(code).toBe(0);
  });

  it("reads stdin when FILE is -", async () => {
    const { code, stdout } = await runCli([report("s-1", "aku ditonjok ayah", "anak"), "", report("s-2", "halo")], "stdin");
    const parsed = stdout.slice(0, -1).split("\n").map((l) => JSON.parse(l) as { id: string; priority: string });
    expect(parsed.map((p) => p.id)).toEqual(["s-1", "s-2"]);
    expect(parsed[0]?.priority).toBe("tinggi");
    expect(code).toBe(0);
  });
});
