// Run by `npm install` / `npm ci` (package.json "postinstall"); plain Node, no dependencies.
//
// postgres.js 3.4.9 (the latest release) crashes the whole process when PostgreSQL closes a
// connection that has a small write scheduled, as every restart of PostgreSQL does under
// traffic: its `nextWrite` runs from a setImmediate after `closed()` has set the socket to null,
// and the TypeError escapes every try/catch (porsager/postgres#1066, #1154, #1208; the fixes,
// #1168 and #1209, are not released). Its teardown also leaves the cancelled timer set, so a
// connection that closed with a write pending never writes again: a pool that hangs.
//
// This applies the upstream fix to the three builds in node_modules/postgres: a closed connection
// settles its queries with CONNECTION_CLOSED instead of throwing, and teardown resets the write
// buffer. Idempotent; a release that changed the code is left alone, with a warning.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const MARKER = "lapor-aman: postgres#1208";
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "node_modules", "postgres");
const GUARD = `function nextWrite(fn) {
    // ${MARKER}: the connection closed after this write was scheduled.
    if (!socket) {
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return false
    }
    const x = socket.write(chunk, fn)`;

let patched = 0;
for (const build of ["src", "cjs/src", "cf/src"]) {
  const file = join(root, build, "connection.js");
  if (!existsSync(file)) continue;
  const source = readFileSync(file, "utf8");
  if (source.includes(MARKER)) continue;
  const write = "function nextWrite(fn) {\n    const x = socket.write(chunk, fn)";
  // The two teardown lines (terminate, closed), not the one in nextWrite itself.
  const teardown = /\n(\s*)clearImmediate\(nextWriteTimer\)\n/g;
  if (!source.includes(write) || (source.match(teardown) ?? []).length !== 2) {
    console.warn(`scripts/patch-postgres.mjs: ${build}/connection.js is not postgres 3.4.9's; not patched (check whether the release fixed porsager/postgres#1208)`);
    continue;
  }
  const fixed = source.replace(write, GUARD).replace(teardown, "\n$1clearImmediate(nextWriteTimer), nextWriteTimer = chunk = null\n");
  writeFileSync(file, fixed);
  patched += 1;
}
if (patched > 0) console.log(`scripts/patch-postgres.mjs: patched ${patched} build(s) of postgres.js (porsager/postgres#1208)`);
