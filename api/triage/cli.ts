import { createReadStream } from "node:fs";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { z } from "zod";
import { REPORTER_ROLES } from "../../db/schema/enums.ts";
import { triage } from "./triage.ts";

/*
 * npm run --silent triage -- [FILE.jsonl | -]
 *
 * Reads one report a line, {"id","text","reporter"?} (reporter: anak, orang_tua, guru or
 * lainnya), and writes one line {"id","priority","category","signals"} per report to stdout, in
 * input order, as it goes: a file of any size is streamed, never held in memory. Reads stdin when
 * FILE is "-" or absent. Blank lines are skipped. A line that cannot be read (not JSON, no id or
 * text, an unknown reporter) is named on stderr with its line number and skipped; the exit code
 * is then 1, after every other line was triaged. Nothing but the result lines goes to stdout.
 */

const InputLineSchema = z.object({
  id: z.union([z.string().min(1), z.number()]),
  text: z.string(),
  reporter: z.enum(REPORTER_ROLES).optional(),
});

const USAGE = "usage: npm run --silent triage -- [FILE.jsonl | -]   (one {\"id\",\"text\",\"reporter\"?} per line; stdin when FILE is - or absent)";

const args = process.argv.slice(2);
if (args.includes("-h") || args.includes("--help")) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (args.length > 1) fail(`expected at most one FILE, got ${args.length}\n${USAGE}`);
const file = args[0] ?? "-";
const source = file === "-" ? "stdin" : file;

// Piped into `head`: stop quietly when the reader goes away.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

const input = file === "-" ? process.stdin : createReadStream(file, { encoding: "utf8" });
input.on("error", (error: NodeJS.ErrnoException) => fail(`cannot read ${source}: ${error.code ?? error.message}`));

let lineNumber = 0;
let bad = 0;
let done = 0;
for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
  lineNumber++;
  const line = lineNumber === 1 ? raw.replace(/^\uFEFF/, "") : raw;
  if (line.trim() === "") continue;
  const parsed = parseLine(line);
  if ("error" in parsed) {
    bad++;
    const id = parsed.id === undefined ? "" : ` (id ${JSON.stringify(parsed.id)})`;
    process.stderr.write(`${source}:${lineNumber}${id}: ${parsed.error}\n`);
    continue;
  }
  const { id, text, reporter } = parsed.value;
  const result = triage({ text, reporter });
  const out = JSON.stringify({ id, priority: result.priority, category: result.category, signals: result.signals });
  done++;
  // Respect back-pressure so a slow reader does not make the output pile up in memory.
  if (!process.stdout.write(`${out}\n`)) await once(process.stdout, "drain");
}

if (bad > 0) {
  process.stderr.write(`${bad} bad line(s) skipped, ${done} triaged\n`);
  process.exitCode = 1;
}

function parseLine(line: string): { value: z.infer<typeof InputLineSchema> } | { error: string; id?: unknown } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return { error: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const checked = InputLineSchema.safeParse(json);
  if (checked.success) return { value: checked.data };
  if (typeof json !== "object" || json === null || Array.isArray(json)) return { error: "not a JSON object" };
  const object = json as Record<string, unknown>;
  const problems = checked.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? "");
    if (object[field] === undefined || object[field] === null) return `missing ${field}`;
    if (field === "reporter") return `reporter must be one of ${REPORTER_ROLES.join(", ")}, got ${JSON.stringify(object[field])}`;
    if (field === "id") return "id must be a non-empty string or a number";
    return `${field} must be a string`;
  });
  return { error: problems.join("; "), id: object.id };
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}
