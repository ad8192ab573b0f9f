import { bootOrExit, exitWithStartError } from "./boot.ts";
import { startChannelProcess } from "./channel-process.ts";
import { startHotline } from "./hotline.ts";
import { parseRole, roleProblems } from "./roles.ts";

/** A stop that has not finished by then is stuck (a hung socket, a wedged database): exit anyway. */
const STOP_TIMEOUT_SECONDS = 15;

const { config, i18n, t } = await bootOrExit();
const print = (line: string) => process.stdout.write(`${line}\n`);

// `npm start -- --role whatsapp`: see api/roles.ts.
const parsed = parseRole(process.argv.slice(2));
const problems = parsed.ok ? roleProblems(parsed.role, config) : [parsed.error];
if (!parsed.ok || problems.length > 0) {
  for (const line of problems) process.stderr.write(`${line}\n`);
  process.exit(1);
}
const role = parsed.role;

let running: { stop(): Promise<void> };
try {
  running =
    role === "telegram" || role === "whatsapp"
      ? await startChannelProcess(config, role, { print, i18n })
      : await startHotline(config, { print, i18n, role });
} catch (error) {
  exitWithStartError(error, t);
}

let stopping = false;
const stop = async (signal: NodeJS.Signals) => {
  // A second Ctrl-C means "now".
  if (stopping) process.exit(1);
  stopping = true;
  print(t("stopping", { signal }));
  setTimeout(() => {
    process.stderr.write(`${t("stop_timeout", { seconds: STOP_TIMEOUT_SECONDS })}\n`);
    process.exit(1);
  }, STOP_TIMEOUT_SECONDS * 1000).unref();
  await running.stop();
  print(t("stopped"));
  process.exit(0);
};
process.on("SIGINT", (signal) => void stop(signal));
process.on("SIGTERM", (signal) => void stop(signal));
