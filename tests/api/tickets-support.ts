import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { App } from "../../api/app.ts";
import { createJobs, type Jobs } from "../../api/jobs/jobs.ts";
import { createLogger } from "../../api/logging.ts";
import { createOutbox, type Outbox } from "../../api/outbox/outbox.ts";
import type { Category, Priority, TicketStatus } from "../../db/schema/enums.ts";
import { staff, tickets, units } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { ChatDriver } from "../intake/support.ts";
import { createStaff, loginAs, type CreatedStaff } from "../support/staff.ts";
import { buildTestApp, type LogCapture } from "../support/test-app.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

/*
 * What the ticket route tests share: a database with two units and their staff, signed in, and
 * an app whose clock runs with real time plus an offset the test moves forward. Real time, so
 * that events written by the intake (which stamps the system time) and by the routes (which use
 * the clock) stay in order; an offset, so ten minutes pass without waiting.
 */

export const MINUTE = 60_000;

export interface Member extends CreatedStaff {
  token: string;
}

export interface TicketsWorld {
  database: TestDatabase;
  app: App;
  unit: { id: string; code: string };
  otherUnit: { id: string; code: string };
  peksos: Member;
  colleague: Member;
  supervisor: Member;
  admin: Member;
  otherPeksos: Member;
  /** The app's "now". */
  now(): Date;
  /** Moves the app's clock forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

/**
 * `delivery`: run the real job queue and outbox (as tests/outbox does), retrying after a second
 * instead of minutes, so replies can be claimed and reported like an adapter would.
 */
export async function createTicketsWorld(options: { logs?: LogCapture; delivery?: boolean } = {}): Promise<TicketsWorld> {
  const database = await createTestDatabase();
  let jobs: Jobs | undefined;
  let outbox: Outbox | undefined;
  if (options.delivery) {
    const logger = createLogger("silent");
    jobs = createJobs({ database, logger, delivery: { retryLimit: 1, retryDelaySeconds: 1, retryBackoff: false } });
    outbox = createOutbox({ database, jobs, logger, claimPollMs: 200 });
    await jobs.start();
  }
  await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
  const [unit] = await database.db.select({ id: units.id, code: units.code }).from(units).limit(1);
  const [otherUnit] = await database.db
    .insert(units)
    .values({ name: "Dinas Sosial Kabupaten Lain", code: "LIN" })
    .returning({ id: units.id, code: units.code });
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const app = await buildTestApp(database, {
    clock: now,
    ...(options.logs !== undefined && { logs: options.logs }),
    ...(outbox !== undefined && { outbox }),
  });
  const member = async (role: CreatedStaff["role"], unitId: string, name?: string): Promise<Member> => {
    const created = await createStaff(database, { role, unitId, ...(name !== undefined && { name }) });
    return { ...created, token: await loginAs(app, created.email, created.password) };
  };
  const adminToken = await loginAs(app, "admin@example.org", "a-long-test-password");
  const [adminRow] = await database.db.select().from(staff).where(eq(staff.email, "admin@example.org"));
  return {
    database,
    app,
    unit: unit!,
    otherUnit: otherUnit!,
    peksos: await member("peksos", unit!.id, "Sari Wulandari"),
    colleague: await member("peksos", unit!.id, "Budi Hartono"),
    supervisor: await member("supervisor", unit!.id, "Kabid Rina"),
    admin: { id: adminRow!.id, unitId: adminRow!.unitId, role: "admin", name: adminRow!.name, email: adminRow!.email, password: "a-long-test-password", token: adminToken },
    otherPeksos: await member("peksos", otherUnit!.id, "Peksos Lain"),
    now,
    advance: (ms) => {
      offset += ms;
    },
    close: async () => {
      await app.close();
      await jobs?.stop();
      await database.destroy();
    },
  };
}

export type Method = "GET" | "POST" | "DELETE";

/** One request as the console makes it. */
export async function call(app: App, method: Method, url: string, token?: string, payload?: object, lang?: string) {
  const response = await app.inject({
    method,
    url,
    ...(payload !== undefined && { payload }),
    headers: { ...(token !== undefined && { authorization: `Bearer ${token}` }), ...(lang !== undefined && { "accept-language": lang }) },
  });
  return { status: response.statusCode, body: response.json(), text: response.body };
}

export interface TicketFields {
  unit?: { id: string; code: string };
  priority?: Priority;
  status?: TicketStatus;
  category?: Category;
  createdAt?: Date;
  slaDueAt?: Date;
  acknowledgedAt?: Date | null;
  assigneeId?: string | null;
  schoolName?: string | null;
  schoolCode?: string | null;
  consentToContact?: boolean;
  reporterName?: string | null;
  reporterPhone?: string | null;
  channel?: "telegram" | "whatsapp" | "web" | null;
  incidentId?: string | null;
}

/** A ticket written directly (a walk-in report, or queue data): the routes only need the row. */
export async function insertTicket(database: TestDatabase, defaultUnit: { id: string; code: string }, fields: TicketFields = {}) {
  const unit = fields.unit ?? defaultUnit;
  const createdAt = fields.createdAt ?? new Date(Date.now() - 30 * MINUTE);
  const priority = fields.priority ?? "sedang";
  const [row] = await database.db
    .insert(tickets)
    .values({
      unitId: unit.id,
      code: `${unit.code}-${randomCode()}`,
      status: fields.status ?? "baru",
      priority,
      category: fields.category ?? "perundungan_verbal",
      createdAt,
      updatedAt: createdAt,
      slaDueAt: fields.slaDueAt ?? new Date(createdAt.getTime() + 24 * 60 * MINUTE),
      acknowledgedAt: fields.acknowledgedAt ?? null,
      assigneeId: fields.assigneeId ?? null,
      schoolName: fields.schoolName ?? null,
      schoolCode: fields.schoolCode ?? null,
      consentToContact: fields.consentToContact ?? false,
      reporterName: fields.reporterName ?? null,
      reporterPhone: fields.reporterPhone ?? null,
      channel: fields.channel ?? null,
      incidentId: fields.incidentId ?? null,
    })
    .returning();
  return row!;
}

/** Five characters as ticket codes have them (the table's check allows A–Z and 0–9). */
export function randomCode(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return [...randomBytes(5)].map((byte) => alphabet[byte % alphabet.length]).join("");
}

let chats = 0;

/** A fresh chat with an address no other test uses, long enough to find in a response body. */
export function newChat(app: App): ChatDriver {
  chats += 1;
  return new ChatDriver(app, `88${process.pid}${chats}${randomBytes(3).readUIntBE(0, 3)}`);
}

export const STORY = "kakak kelas mengejek aku tiap istirahat di kantin";

/**
 * A child's anonymous report through the real intake, as tests/intake does it. `contact`
 * "anonim" lets the peksos answer in the chat; "tidak" does not.
 */
export async function childReport(chat: ChatDriver, contact: "anonim" | "tidak" = "anonim"): Promise<string> {
  await chat.text("halo");
  await chat.press("anak_diri");
  await chat.press("tidak");
  await chat.press("diejek");
  await chat.text(STORY);
  await chat.press("sudah");
  await chat.text("kelas 5 SD Negeri 2 Metro Barat");
  await chat.press("masih_terjadi");
  await chat.press(contact);
  const sent = await chat.press("kirim");
  if (!sent.ticketCode) throw new Error("the report made no ticket");
  return sent.ticketCode;
}

/** A parent's report with their name and phone, through the real intake. */
export async function namedParentReport(chat: ChatDriver, name: string, phoneAsTyped: string): Promise<string> {
  await chat.text("halo");
  await chat.press("orang_tua");
  await chat.press("tidak");
  await chat.press("dipukul");
  await chat.text("anak saya dipukul temannya di sekolah sampai memar");
  await chat.press("sudah");
  await chat.text("umur 9 tahun, SD Negeri 2 Metro Barat");
  await chat.press("sekali");
  await chat.press("nama");
  await chat.text(`${name} ${phoneAsTyped}`);
  const sent = await chat.press("kirim");
  if (!sent.ticketCode) throw new Error("the report made no ticket");
  return sent.ticketCode;
}

export async function ticketByCode(database: TestDatabase, code: string) {
  const [row] = await database.db.select().from(tickets).where(eq(tickets.code, code));
  if (!row) throw new Error(`no ticket ${code}`);
  return row;
}
