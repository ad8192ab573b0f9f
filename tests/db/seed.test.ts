import { verify } from "@node-rs/argon2";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedIfEmpty } from "../../db/seed.ts";
import { agencies, staff, units } from "../../db/schema/index.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

describe(`seeding an empty database on ${testDbKind}`, () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database.destroy());

  it("creates the Metro unit, its example agencies and the first admin with the given password", async () => {
    const result = await seedIfEmpty(database.db, { adminEmail: "kabid@dinsos.example", adminPassword: "sandi-rahasia-panjang" });
    expect(result).toEqual({
      seeded: true,
      unitName: "Dinas Sosial Kota Metro",
      adminEmail: "kabid@dinsos.example",
      generatedPassword: undefined,
    });

    const [unit, ...otherUnits] = await database.db.select().from(units);
    expect(otherUnits).toEqual([]);
    expect(unit).toMatchObject({ name: "Dinas Sosial Kota Metro", code: "MTR", timezone: "Asia/Jakarta" });
    expect(unit?.slaMinutes).toEqual({ darurat: 5, tinggi: 60, sedang: 1440, rendah: 4320 });

    const directory = await database.db.select().from(agencies);
    expect(directory.map((a) => a.type).sort()).toEqual(
      ["polisi_ppa", "puskesmas", "sapa129", "sekolah_tppk", "sentra_kemensos", "uptd_ppa"].sort(),
    );
    expect(directory.every((a) => a.isExample && a.active && a.unitId === unit?.id)).toBe(true);
    expect(directory.find((a) => a.type === "sapa129")?.whatsapp).toBe("08111129129");

    const [admin] = await database.db.select().from(staff);
    expect(admin).toMatchObject({ email: "kabid@dinsos.example", role: "admin", unitId: unit?.id, active: true });
    expect(admin?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verify(admin!.passwordHash, "sandi-rahasia-panjang")).toBe(true);
    expect(await verify(admin!.passwordHash, "tebakan-yang-salah")).toBe(false);
  });

  it("generates a strong password, returned once, when none is configured", async () => {
    const result = await seedIfEmpty(database.db, { adminEmail: "admin@lapor-aman.local", adminPassword: undefined });
    expect(result.seeded).toBe(true);
    const password = result.seeded ? result.generatedPassword : undefined;
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const [admin] = await database.db.select().from(staff);
    expect(await verify(admin!.passwordHash, password!)).toBe(true);

    const other = await seedIfEmpty(database.db, { adminEmail: "admin@lapor-aman.local", adminPassword: undefined });
    expect(other).toEqual({ seeded: false });
  });

  it("does nothing on a database that already has a unit, even when two starts race", async () => {
    const input = { adminEmail: "admin@lapor-aman.local", adminPassword: "sandi-rahasia-panjang" };
    const results = await Promise.all([seedIfEmpty(database.db, input), seedIfEmpty(database.db, input)]);
    expect(results.filter((r) => r.seeded)).toHaveLength(1);
    expect(await seedIfEmpty(database.db, input)).toEqual({ seeded: false });
    expect(await database.db.select().from(units)).toHaveLength(1);
    expect(await database.db.select().from(staff)).toHaveLength(1);
    expect(await database.db.select().from(agencies)).toHaveLength(6);
  });
});
