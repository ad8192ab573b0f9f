import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import QRCode from "qrcode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import { runningBotUsername, telegramAdapterFor } from "../../api/channel-adapters.ts";
import { loadConfig } from "../../api/config.ts";
import { createI18n } from "../../api/i18n.ts";
import { createLogger } from "../../api/logging.ts";
import { createHttpClient } from "../../bot/client.ts";
import { schools, tickets, units } from "../../db/schema/index.ts";
import type { HotlineNumber } from "../../db/schema/units.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { ChatDriver } from "../intake/support.ts";
import { createStaff, loginAs } from "../support/staff.ts";
import { startTelegramEmulator } from "../support/telegram-emulator.ts";
import { buildTestApp, TEST_CHANNEL_TOKEN } from "../support/test-app.ts";
import { testConfig } from "../support/test-config.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

/*
 * A school's leaflet as the console prints it: the links, their QR codes (checked against the
 * same qrcode call on the expected link, so the QR can only encode that link), the unit's
 * numbers, the national emergency numbers and the guidance in the caller's language; where the
 * bot's username comes from; and that the printed link really names the school in a report.
 */

interface LeafletBody {
  school: { id: string; code: string; name: string; kecamatan: string | null };
  unit: { name: string; hotlineNumbers: HotlineNumber[] };
  telegram: { link: string; qrSvg: string } | null;
  whatsapp: { link: string; number: string; qrSvg: string } | null;
  emergencyNumbers: { label: string; number: string }[];
  guidance: { title: string; points: string[] };
}

/** The QR the leaflet must carry for a link: the brief's own call, not the module's. */
const expectedQr = (link: string) => QRCode.toString(link, { type: "svg", margin: 1, errorCorrectionLevel: "M" });

const HOTLINE_NUMBERS: HotlineNumber[] = [
  { label: "Kantor Dinas Sosial", number: "(0725) 41234", whatsapp: false },
  { label: "Layanan pengaduan", number: "0812-3456-7890", whatsapp: true },
  { label: "Cadangan", number: "0813-0000-1111", whatsapp: true },
];

describe(`school leaflet on ${testDbKind}`, () => {
  let database: TestDatabase;
  let app: App;
  let unitId: string;
  let schoolId: string;
  let botUsername: string | undefined = "LaporAmanMetroBot";
  const tokens = { admin: "", supervisor: "", peksos: "", otherAdmin: "" };

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
    const [unit] = await database.db.update(units).set({ hotlineNumbers: HOTLINE_NUMBERS }).returning({ id: units.id });
    unitId = unit!.id;
    const [other] = await database.db.insert(units).values({ name: "Dinas Sosial Kabupaten Lain", code: "LIN" }).returning({ id: units.id });
    const [school] = await database.db
      .select({ id: schools.id })
      .from(schools)
      .where(and(eq(schools.unitId, unitId), eq(schools.code, "smpn-contoh-3")));
    schoolId = school!.id;
    // Read on every request, as the hotline's getter is: a bot that starts later shows up then.
    app = await buildTestApp(database, { telegramUsername: () => botUsername });
    const signIn = async (role: "admin" | "supervisor" | "peksos", unit: string) => {
      const member = await createStaff(database, { role, unitId: unit });
      return loginAs(app, member.email, member.password);
    };
    tokens.admin = await signIn("admin", unitId);
    tokens.supervisor = await signIn("supervisor", unitId);
    tokens.peksos = await signIn("peksos", unitId);
    tokens.otherAdmin = await signIn("admin", other!.id);
  });

  afterAll(async () => {
    await app?.close();
    await database?.destroy();
  });

  async function leaflet(id: string, token: string | undefined, lang?: string) {
    const response = await app.inject({
      method: "GET",
      url: `/v1/schools/${id}/leaflet`,
      headers: { ...(token !== undefined && { authorization: `Bearer ${token}` }), ...(lang !== undefined && { "accept-language": lang }) },
    });
    return { status: response.statusCode, body: response.json<LeafletBody>(), text: response.body };
  }

  it("gives admins, supervisors and peksos of the unit the school's leaflet with both links and their QR codes", async () => {
    for (const token of [tokens.admin, tokens.supervisor, tokens.peksos]) {
      const { status, body, text } = await leaflet(schoolId, token);
      expect(status, text).toBe(200);
      expect(body.school).toEqual({ id: schoolId, code: "smpn-contoh-3", name: "SMP Negeri Contoh 3", kecamatan: "Metro Barat" });
      expect(body.unit).toEqual({ name: "Dinas Sosial Kota Metro", hotlineNumbers: HOTLINE_NUMBERS });

      const telegramLink = "https://t.me/LaporAmanMetroBot?start=s_smpn-contoh-3";
      expect(body.telegram?.link).toBe(telegramLink);
      expect(body.telegram?.qrSvg.startsWith("<svg")).toBe(true);
      expect(body.telegram?.qrSvg).toBe(await expectedQr(telegramLink));

      // The first number marked WhatsApp, in international form for wa.me.
      expect(body.whatsapp).toEqual({ link: "https://wa.me/6281234567890", number: "0812-3456-7890", qrSvg: await expectedQr("https://wa.me/6281234567890") });
      expect(body.whatsapp?.qrSvg).not.toBe(body.telegram?.qrSvg);
    }
  });

  it("prints the national emergency numbers and the guidance on bullying in Bahasa Indonesia, and in English when asked", async () => {
    const { body } = await leaflet(schoolId, tokens.peksos);
    expect(body.emergencyNumbers).toEqual([
      { label: "Panggilan darurat (gratis)", number: "112" },
      { label: "Polisi", number: "110" },
      { label: "SAPA 129 (telepon)", number: "129" },
      { label: "SAPA 129 (WhatsApp)", number: "08111-129-129" },
      { label: "TePSA Kementerian Sosial (telepon)", number: "1500-771" },
      { label: "Ambulans dan gawat darurat medis", number: "119" },
    ]);
    expect(body.guidance.title).toBe("Dirundung? Kamu tidak sendirian.");
    const guidance = body.guidance.points.join("\n");
    expect(body.guidance.points).toHaveLength(7);
    for (const phrase of ["berulang kali", "Ini bukan salahmu", "orang dewasa yang kamu percaya", "TPPK", "tanpa menyebut nama", "Dinas Sosial"]) {
      expect(guidance).toContain(phrase);
    }

    const english = await leaflet(schoolId, tokens.peksos, "en");
    expect(english.body.guidance.title).toBe("Being bullied? You are not alone.");
    expect(english.body.guidance.points).toHaveLength(7);
    expect(english.body.guidance.points.join("\n")).toContain("It is not your fault");
    expect(english.body.emergencyNumbers.map((n) => n.number)).toEqual(body.emergencyNumbers.map((n) => n.number));
    expect(english.body.emergencyNumbers[1]).toEqual({ label: "Police", number: "110" });
    // Links, numbers and codes do not depend on the language.
    expect({ ...english.body, emergencyNumbers: [], guidance: null }).toEqual({ ...body, emergencyNumbers: [], guidance: null });
  });

  it("has no Telegram part while the bot's username is unknown, and gets one once it is", async () => {
    botUsername = undefined;
    const before = await leaflet(schoolId, tokens.supervisor);
    expect(before.status).toBe(200);
    expect(before.body.telegram).toBeNull();
    expect(before.body.whatsapp).not.toBeNull();

    botUsername = "HotlineAnakBot";
    const after = await leaflet(schoolId, tokens.supervisor);
    expect(after.body.telegram?.link).toBe("https://t.me/HotlineAnakBot?start=s_smpn-contoh-3");
    expect(after.body.telegram?.qrSvg).toBe(await expectedQr("https://t.me/HotlineAnakBot?start=s_smpn-contoh-3"));
    botUsername = "LaporAmanMetroBot";
  });

  it("has no WhatsApp part without a number marked WhatsApp; +62 numbers keep their country code", async () => {
    await database.db.update(units).set({ hotlineNumbers: [HOTLINE_NUMBERS[0]!] }).where(eq(units.id, unitId));
    expect((await leaflet(schoolId, tokens.peksos)).body.whatsapp).toBeNull();

    await database.db
      .update(units)
      .set({ hotlineNumbers: [{ label: "Layanan pengaduan", number: "+62 811-7200-129", whatsapp: true }] })
      .where(eq(units.id, unitId));
    const { body } = await leaflet(schoolId, tokens.peksos);
    expect(body.whatsapp).toEqual({
      link: "https://wa.me/628117200129",
      number: "+62 811-7200-129",
      qrSvg: await expectedQr("https://wa.me/628117200129"),
    });
    await database.db.update(units).set({ hotlineNumbers: HOTLINE_NUMBERS }).where(eq(units.id, unitId));
  });

  it("answers another unit's school exactly like an unknown one, and refuses a caller without a session", async () => {
    const foreign = await leaflet(schoolId, tokens.otherAdmin);
    const unknown = await leaflet("7d1f2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c", tokens.otherAdmin);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ error: "school_not_found", message: "Sekolah tidak ditemukan." });
    expect(unknown).toEqual(foreign);
    expect((await leaflet(schoolId, undefined)).status).toBe(401);
  });

  it("prints a link that really names the school: the report made through it carries the school", async () => {
    const { body } = await leaflet(schoolId, tokens.peksos);
    const payload = new URL(body.telegram!.link).searchParams.get("start");
    // What Telegram sends the bot when the leaflet's QR is scanned and Start pressed.
    const chat = new ChatDriver(app, "7712300991");
    await chat.text(`/start ${payload}`);
    await chat.press("anak_diri");
    await chat.press("tidak");
    await chat.press("diejek");
    await chat.text("kakak kelas mengejek aku tiap istirahat");
    await chat.press("sudah");
    expect(chat.texts.join("\n")).toContain("(Sekolah: SMP Negeri Contoh 3)");
    await chat.text("kelas 8");
    await chat.press("masih_terjadi");
    await chat.press("anonim");
    const sent = await chat.press("kirim");
    const [ticket] = await database.db.select().from(tickets).where(eq(tickets.code, sent.ticketCode!));
    expect(ticket).toMatchObject({ unitId, schoolCode: "smpn-contoh-3", schoolName: "SMP Negeri Contoh 3" });
  });
});

describe("where the bot's username comes from", () => {
  it("TELEGRAM_BOT_USERNAME: a username without @, or a clear error", () => {
    expect(testConfig({ TELEGRAM_BOT_USERNAME: "LaporAmanMetroBot" }).telegramBotUsername).toBe("LaporAmanMetroBot");
    expect(testConfig({ TELEGRAM_BOT_USERNAME: "" }).telegramBotUsername).toBeUndefined();
    expect(loadConfig({ TELEGRAM_BOT_USERNAME: "@LaporAmanMetroBot" })).toEqual({
      ok: false,
      errors: ['TELEGRAM_BOT_USERNAME must be the bot\'s username without "@" (5-32 letters, digits or _), got "@LaporAmanMetroBot"'],
    });
  });

  it("the in-process bot: known once it has asked Telegram who it is", async () => {
    const emulator = await startTelegramEmulator();
    const dataDir = mkdtempSync(join(tmpdir(), "lapor-aman-leaflet-"));
    try {
      const config = testConfig({ TELEGRAM_BOT_TOKEN: emulator.token, TELEGRAM_API_ROOT: emulator.apiRoot });
      const adapter = telegramAdapterFor(config.telegram!, {
        client: createHttpClient("http://127.0.0.1:9", TEST_CHANNEL_TOKEN),
        logger: createLogger("silent"),
        i18n: await createI18n("id"),
        dataDir,
      });
      expect(runningBotUsername(undefined)).toBeUndefined();
      expect(runningBotUsername(adapter)).toBeUndefined();
      // What adapter.start() does first (getMe).
      await adapter.bot.init();
      expect(runningBotUsername(adapter)).toBe("TestNameBot");
    } finally {
      await emulator.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
