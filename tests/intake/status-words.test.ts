import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { App } from "../../api/app.ts";
import type { TicketStatus } from "../../db/schema/enums.ts";
import { agencies, ticketEvents, tickets, units } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { createStaff, loginAs, type CreatedStaff } from "../support/staff.ts";
import { buildTestApp } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";
import { ChatDriver } from "./support.ts";

/*
 * /status as the reporter sees it, through the real intake: every ticket status in words a child
 * understands, and nothing the staff side knows (names, notes, agencies, why a ticket was closed).
 */

const PEKSOS_NAME = "Sari Wulandari";
const NOTE = "Catatan internal: ayah tiri diduga pelaku, jangan hubungi ibu dulu.";
const CLOSE_REASON = "duplikat dari laporan lain";
const AGENCY_NAME = "UPTD PPA Kota Metro (DP3AP2KB)";

let database: TestDatabase;
let app: App;
let peksos: CreatedStaff;
let peksosToken: string;
let chats = 0;
const newChat = () => new ChatDriver(app, `81${++chats}${Date.now() % 100000}`);

beforeAll(async () => {
  database = await createTestDatabase();
  await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
  app = await buildTestApp(database);
  const [unit] = await database.db.select({ id: units.id }).from(units);
  peksos = await createStaff(database, { role: "peksos", unitId: unit!.id, name: PEKSOS_NAME });
  peksosToken = await loginAs(app, peksos.email, peksos.password);
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});

/** A whole report through the intake; returns the ticket code. */
async function report(chat: ChatDriver, role = "anak_diri"): Promise<string> {
  await chat.text("halo");
  await chat.press(role);
  await chat.press("tidak");
  await chat.press("diejek");
  await chat.text("kakak kelas mengejek aku tiap istirahat");
  await chat.press("sudah");
  await chat.text("kelas 5 SD Negeri 2 Metro Barat");
  await chat.press("masih_terjadi");
  await chat.press("anonim");
  const done = await chat.press("kirim");
  if (!done.ticketCode) throw new Error("the report made no ticket");
  return done.ticketCode;
}

/** The ticket as staff would have left it: assigned to a named peksos, with an internal note. */
async function setStatus(code: string, status: TicketStatus) {
  const [ticket] = await database.db
    .update(tickets)
    .set({ status, assigneeId: peksos.id, ...(status === "ditutup" && { closeReason: CLOSE_REASON }) })
    .where(eq(tickets.code, code))
    .returning({ id: tickets.id });
  await database.db.insert(ticketEvents).values({
    ticketId: ticket!.id,
    type: "note",
    actorKind: "staff",
    actorStaffId: peksos.id,
    data: { text: NOTE },
  });
  return ticket!.id;
}

async function statusText(chat: ChatDriver): Promise<string> {
  const response = await chat.text("/status");
  expect(response.replies).toHaveLength(1);
  return response.replies[0]!.text;
}

function expectNothingFromStaff(text: string) {
  for (const secret of [PEKSOS_NAME, "Sari", NOTE, "ayah tiri", CLOSE_REASON, "duplikat", AGENCY_NAME, "DP3AP2KB"]) {
    expect(text).not.toContain(secret);
  }
}

describe(`/status words on ${testDbKind}`, () => {
  const CHILD_WORDS: [TicketStatus, string[]][] = [
    ["baru", ["sudah masuk dan menunggu dibaca petugas."]],
    ["diterima", ["sudah dibaca petugas."]],
    ["ditangani", ["petugas sedang membantu."]],
    ["dirujuk", ["sudah diteruskan ke layanan yang tepat untuk membantu.", "\nArtinya: ada layanan lain yang ikut membantumu"]],
    ["selesai", ["sudah selesai ditangani. Terima kasih sudah melapor.", "\nKalau masih ada yang mengganggumu", "ketik /lapor"]],
    ["ditutup", ["sudah ditutup. Terima kasih sudah melapor.", "\nKalau masih ada yang mengganggumu", "ketik: darurat"]],
  ];

  test("a child reads every status in plain words, and nothing of the staff side", async () => {
    const chat = newChat();
    const code = await report(chat);
    for (const [status, words] of CHILD_WORDS) {
      if (status !== "baru") await setStatus(code, status);
      const text = await statusText(chat);
      expect(text.startsWith(`Laporan ${code}: `), status).toBe(true);
      for (const word of words) expect(text, status).toContain(word);
      expect(text).not.toContain("Bapak/Ibu");
      expectNothingFromStaff(text);
    }
  });

  test("the explaining line is only there for dirujuk, selesai and ditutup", async () => {
    const chat = newChat();
    const code = await report(chat);
    for (const status of ["baru", "diterima", "ditangani"] as const) {
      await setStatus(code, status);
      expect((await statusText(chat)).split("\n")).toHaveLength(1);
    }
  });

  test("an adult gets the explaining line in Bapak/Ibu words", async () => {
    const chat = newChat();
    const code = await report(chat, "orang_tua");
    await setStatus(code, "dirujuk");
    const referred = await statusText(chat);
    expect(referred).toContain("sudah diteruskan ke layanan yang tepat untuk membantu.");
    expect(referred).toContain("Artinya: layanan lain yang sesuai ikut menangani laporan ini");
    expect(referred).not.toContain("membantumu");
    await setStatus(code, "ditutup");
    const closed = await statusText(chat);
    expect(closed).toContain("Bapak/Ibu dapat melapor lagi");
    expectNothingFromStaff(closed);
  });

  test("a referral made through the API shows as passed on, without the agency or the peksos", async () => {
    const chat = newChat();
    const code = await report(chat);
    const ticketId = await setStatus(code, "ditangani");
    const [agency] = await database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.name, AGENCY_NAME));
    const referred = await app.inject({
      method: "POST",
      url: `/v1/tickets/${ticketId}/referrals`,
      headers: { authorization: `Bearer ${peksosToken}` },
      payload: { agencyId: agency!.id, note: NOTE, dueAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(referred.statusCode).toBe(201);
    const text = await statusText(chat);
    expect(text).toContain("sudah diteruskan ke layanan yang tepat untuk membantu.");
    expectNothingFromStaff(text);
  });

  test("another chat with the code and PIN reads the same words; English after /bahasa", async () => {
    const chat = newChat();
    const code = await report(chat);
    const pin = /PIN: (\d{4})/.exec(chat.texts[0] ?? "")?.[1];
    await setStatus(code, "dirujuk");
    const other = newChat();
    const seen = (await other.text(`/status ${code} ${pin}`)).replies[0]?.text ?? "";
    expect(seen).toContain("sudah diteruskan ke layanan yang tepat untuk membantu.");
    expect(seen).toContain("Artinya:");

    await chat.text("/bahasa");
    await chat.press("en");
    const english = await statusText(chat);
    expect(english).toBe(
      `Report ${code}: passed on to the right service to help.\nThis means another service is helping you too, and the Dinas Sosial worker is still with you.`,
    );
  });
});
