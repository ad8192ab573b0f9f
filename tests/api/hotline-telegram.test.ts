import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { startHotline, type Hotline } from "../../api/hotline.ts";
import { createLogger } from "../../api/logging.ts";
import { databaseUrl } from "../support/postgres-url.ts";
import { startTelegramEmulator, type TelegramEmulator } from "../support/telegram-emulator.ts";
import { testConfig } from "../support/test-config.ts";
import { createPostgresDatabase, dropPostgresDatabase, testDbKind } from "../support/test-db.ts";

/*
 * `npm start` with TELEGRAM_BOT_TOKEN as one process: the API, the job queue and the bot wired
 * together. A reporter talks to the bot, and a reminder decided by the conversation's timer
 * travels outbox → pg-boss → the adapter's claim → the reporter's chat.
 */

let emulator: TelegramEmulator;
let hotline: Hotline;
let dataDir: string;
let postgresName: string | undefined;
const printed: string[] = [];

beforeAll(async () => {
  emulator = await startTelegramEmulator();
  dataDir = mkdtempSync(join(tmpdir(), "lapor-aman-hotline-tg-"));
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    PORT: "0",
    ADMIN_PASSWORD: "hotline-telegram-test",
    TELEGRAM_BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: emulator.apiRoot,
  };
  if (testDbKind === "postgres") {
    postgresName = await createPostgresDatabase({ empty: true });
    env.DATABASE_URL = databaseUrl(inject("postgresServerUrl"), postgresName);
  }
  hotline = await startHotline(testConfig(env), { print: (line) => printed.push(line), logger: createLogger("silent") });
});

afterAll(async () => {
  await hotline?.stop();
  await emulator?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  if (postgresName) await dropPostgresDatabase(postgresName);
});

test("the bot answers in the same process, and a reminder reaches the chat through the outbox", async () => {
  expect(printed.join("\n")).toContain("Bot Telegram berjalan.");
  const user = emulator.user();
  await user.sendText("/start");
  const [welcome, role] = await user.nextMessages(2);
  expect(welcome?.text).toContain("Lapor Aman");
  expect(role?.buttons.flat().map((b) => b.label)).toContain("Saya orang tua/wali");

  await user.press({ label: "Saya orang tua/wali" });
  const [danger] = await user.nextMessages(1);
  expect(danger?.text).toContain("bahaya sekarang");

  const stepped = await hotline.intake.runTimers(new Date(Date.now() + 31 * 60_000));
  expect(stepped).toBe(1);
  const [reminder] = await user.nextMessages(1, 20_000);
  expect(reminder?.text).toContain("belum selesai");
  expect(reminder?.text).toContain("bahaya sekarang");
  expect(reminder?.buttons.flat().map((b) => b.label)).toEqual(["Ya, bahaya sekarang", "Tidak", "Tidak tahu"]);
  // The reminder's buttons answer the question, like the ones shown before.
  await user.press({ label: "Tidak" });
  const [what] = await user.nextMessages(1);
  expect(what?.text).toContain("Apa yang dialami anak tersebut");
});
