import { eq } from "drizzle-orm";
import type { TFunction } from "i18next";
import QRCode from "qrcode";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { units } from "../../db/schema/index.ts";
import type { HotlineNumber } from "../../db/schema/units.ts";
import type { Leaflet } from "./leaflet-schemas.ts";
import { findSchool } from "./schools.ts";

/*
 * A school's leaflet, generated: the unit's numbers, QR codes of the Telegram deep link and the
 * WhatsApp link, the national emergency numbers and the short guidance on bullying. The texts and
 * the emergency numbers live in locales/<lng>/leaflet.json, so they are read in the caller's
 * language and changed without touching code.
 */

/** The same encoding for both links: M survives a crease or a smudge on paper; a 1-module margin suits a printed box. */
function qrSvg(link: string): Promise<string> {
  return QRCode.toString(link, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
}

/** The deep link the bot reads as `/start s_<code>`, so the report arrives naming the school. */
function telegramDeepLink(botUsername: string, schoolCode: string): string {
  return `https://t.me/${botUsername}?start=s_${schoolCode}`;
}

/**
 * wa.me wants the number in international form, digits only: 0812-… → 62812…, +62 812-… → 62812….
 * A number without the trunk 0 or the country code is taken as already international.
 */
function whatsappLink(number: string): string {
  const digits = number.replace(/\D/g, "");
  return `https://wa.me/${digits.startsWith("0") ? `62${digits.slice(1)}` : digits}`;
}

const EmergencyNumbersText = z.record(z.string(), z.object({ label: z.string(), number: z.string() }));
const GuidanceText = z.object({ title: z.string(), points: z.record(z.string(), z.string()) });

/** The locale's lists in the file's order; a malformed file is a deployment error, so it throws. */
function leafletTexts(t: TFunction): Pick<Leaflet, "emergencyNumbers" | "guidance"> {
  const emergency = EmergencyNumbersText.parse(t("leaflet:emergency_numbers", { returnObjects: true }));
  const guidance = GuidanceText.parse(t("leaflet:guidance", { returnObjects: true }));
  return {
    emergencyNumbers: Object.values(emergency),
    guidance: { title: guidance.title, points: Object.values(guidance.points) },
  };
}

async function whatsappPart(hotlineNumbers: readonly HotlineNumber[]): Promise<Leaflet["whatsapp"]> {
  const entry = hotlineNumbers.find((n) => n.whatsapp);
  if (!entry) return null;
  const link = whatsappLink(entry.number);
  return { link, number: entry.number, qrSvg: await qrSvg(link) };
}

async function telegramPart(botUsername: string | undefined, schoolCode: string): Promise<Leaflet["telegram"]> {
  if (botUsername === undefined) return null;
  const link = telegramDeepLink(botUsername, schoolCode);
  return { link, qrSvg: await qrSvg(link) };
}

/** The leaflet of one of the unit's schools; undefined for an unknown school and another unit's alike. */
export async function schoolLeaflet(
  db: Db,
  input: { unitId: string; schoolId: string; t: TFunction; telegramUsername: string | undefined },
): Promise<Leaflet | undefined> {
  const school = await findSchool(db, input.unitId, input.schoolId);
  if (!school) return undefined;
  const [unit] = await db
    .select({ name: units.name, hotlineNumbers: units.hotlineNumbers })
    .from(units)
    .where(eq(units.id, input.unitId))
    .limit(1);
  if (!unit) return undefined;
  return {
    school: { id: school.id, code: school.code, name: school.name, kecamatan: school.kecamatan },
    unit: { name: unit.name, hotlineNumbers: unit.hotlineNumbers },
    telegram: await telegramPart(input.telegramUsername, school.code),
    whatsapp: await whatsappPart(unit.hotlineNumbers),
    ...leafletTexts(input.t),
  };
}
