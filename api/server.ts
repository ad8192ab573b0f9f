import { bootOrExit, exitWithStartError } from "./boot.ts";
import { startHotline, type Hotline } from "./hotline.ts";

/** A stop that has not finished by then is stuck (a hung socket, a wedged database): exit anyway. */
const STOP_TIMEOUT_SECONDS = 15;

const { config, i18n, t } = await bootOrExit();
const print = (line: string) => process.stdout.write(`${line}\n`);

let hotline: Hotline;
try {
  hotline = await startHotline(config, { print, i18n });
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
  await hotline.stop();
  print(t("stopped"));
  process.exit(0);
};
process.on("SIGINT", (signal) => void stop(signal));
process.on("SIGTERM", (signal) => void stop(signal));
