import { sql } from "drizzle-orm";
import { hashPassword, generatePassword } from "../api/staff/passwords.ts";
import type { Db } from "./client.ts";
import { agencies, schools, staff, units } from "./schema/index.ts";

export interface SeedInput {
  adminEmail: string;
  /** When absent a strong password is generated and returned, to be shown once. */
  adminPassword: string | undefined;
}

export type SeedResult =
  | { seeded: false }
  | { seeded: true; unitName: string; adminEmail: string; generatedPassword: string | undefined };

const EXAMPLE_NOTE =
  "Contoh awal: periksa nama, nomor, dan alamat sebelum dipakai untuk rujukan, lalu ubah atau nonaktifkan.";

/**
 * Starter referral directory. Only national numbers that are published and stable are filled in
 * (SAPA 129); local contacts are left blank on purpose: wrong numbers in a referral are worse than none.
 */
const STARTER_AGENCIES = [
  { name: "UPTD PPA Kota Metro (DP3AP2KB)", type: "uptd_ppa", notes: EXAMPLE_NOTE },
  { name: "Unit PPA Satreskrim Polres Metro", type: "polisi_ppa", notes: `Laporan lewat SPKT. ${EXAMPLE_NOTE}` },
  { name: "Puskesmas terdekat (layanan PKT)", type: "puskesmas", notes: EXAMPLE_NOTE },
  {
    name: "SAPA 129 KemenPPPA",
    type: "sapa129",
    phone: "129",
    whatsapp: "08111129129",
    notes: `Telepon 129 atau 021-129, WhatsApp 08111-129-129. ${EXAMPLE_NOTE}`,
  },
  { name: "Sentra / Balai Anak Kemensos", type: "sentra_kemensos", notes: `Layanan ATENSI. ${EXAMPLE_NOTE}` },
  { name: "TPPK sekolah terkait", type: "sekolah_tppk", notes: `Hubungi lewat kepala sekolah. ${EXAMPLE_NOTE}` },
] as const;

/** The five kecamatan of Kota Metro, so "di Metro Barat" in a report is recognised as a place. */
const METRO_KECAMATAN = ["Metro Pusat", "Metro Utara", "Metro Barat", "Metro Timur", "Metro Selatan"];

/** Placeholders showing how a leaflet's deep link names a school; the unit replaces them with its list. */
const EXAMPLE_SCHOOLS = [
  { code: "sdn-contoh-1", name: "SD Negeri Contoh 1", kecamatan: "Metro Pusat" },
  { code: "smpn-contoh-3", name: "SMP Negeri Contoh 3", kecamatan: "Metro Barat" },
] as const;

/** Fills an empty database with one unit, its starter agencies and the first admin. Idempotent. */
export async function seedIfEmpty(db: Db, input: SeedInput): Promise<SeedResult> {
  // Every start after the first ends here, without paying for a password hash.
  if (await hasUnits(db)) return { seeded: false };
  const generatedPassword = input.adminPassword === undefined ? generatePassword() : undefined;
  const passwordHash = await hashPassword(input.adminPassword ?? generatedPassword ?? "");
  return db.transaction(async (tx) => {
    // Serialises concurrent first starts on PostgreSQL; PGlite runs one transaction at a time anyway.
    await tx.execute(sql`lock table ${units} in exclusive mode`);
    if (await hasUnits(tx)) return { seeded: false };

    const [unit] = await tx
      .insert(units)
      .values({ name: "Dinas Sosial Kota Metro", code: "MTR", timezone: "Asia/Jakarta", kecamatan: METRO_KECAMATAN })
      .returning();
    if (!unit) throw new Error("seed: unit insert returned no row");
    await tx.insert(agencies).values(STARTER_AGENCIES.map((a) => ({ ...a, unitId: unit.id, isExample: true })));
    await tx.insert(schools).values(EXAMPLE_SCHOOLS.map((school) => ({ ...school, unitId: unit.id, isExample: true })));
    await tx.insert(staff).values({
      unitId: unit.id,
      email: input.adminEmail,
      name: "Administrator",
      role: "admin",
      passwordHash,
    });
    return { seeded: true, unitName: unit.name, adminEmail: input.adminEmail, generatedPassword };
  });
}

async function hasUnits(db: Pick<Db, "select">): Promise<boolean> {
  const rows = await db.select({ id: units.id }).from(units).limit(1);
  return rows.length > 0;
}
