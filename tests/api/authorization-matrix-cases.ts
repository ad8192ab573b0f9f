import type { App } from "../../api/app.ts";
import type { CreatedStaff } from "../support/staff.ts";

/*
 * The authorization matrix as data: one row per staff route (and a few extra rows for rules a
 * route applies to its body), each saying who passes the route's role gate and what an allowed
 * caller gets on their own unit's resource and on another unit's. The test file runs every row
 * for every role in both scopes, and checks the table against the routes the app really has.
 */

/** The four callers of each unit: `assignee` is the peksos the unit's intake ticket is assigned to. */
export const ROLES = ["admin", "supervisor", "assignee", "peksos"] as const;
export type Role = (typeof ROLES)[number];

/** Own unit: the caller belongs to the unit the request names. Other unit: the caller is of the other unit. */
export const SCOPES = ["own unit", "other unit"] as const;
export type Scope = (typeof SCOPES)[number];

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface Member extends CreatedStaff {
  token: string;
}

/** One unit with its staff and one of each resource, made as the console and the hotline make them. */
export interface UnitWorld {
  unit: { id: string; code: string };
  members: Record<Role, Member>;
  /** A peksos without a session: the target of account changes and of assignments to a colleague. */
  spare: CreatedStaff;
  /** Reported through the real intake with a name and a phone, acknowledged by `members.assignee`. */
  ticket: { id: string; code: string };
  /** The reporter's chat address, name and phone (stored and as typed): only the assignee and supervisors may see them. */
  secrets: string[];
  agency: string;
  referral: string;
  shift: string;
}

/** Resources made per cell (direct inserts) for routes that change what they touch. */
export interface Fresh {
  ticket(unit: UnitWorld, fields?: FreshTicketFields): Promise<string>;
  /** Two tickets of one incident; returns the first. */
  linkedTicket(unit: UnitWorld): Promise<string>;
  /** A referral in `dikirim` on a fresh `dirujuk` ticket. */
  referral(unit: UnitWorld): Promise<string>;
  /** A primary shift of the unit's assignee in a slot no other shift uses. */
  shift(unit: UnitWorld): Promise<string>;
  /** An hour that no other shift of the file uses. */
  slot(): { startsAt: string; endsAt: string };
  unitCode(): string;
  email(): string;
}

export interface FreshTicketFields {
  status?: "baru" | "diterima" | "ditangani" | "dirujuk";
  assigneeId?: string | null;
}

export interface CellContext {
  role: Role;
  scope: Scope;
  caller: Member;
  /** The caller's unit. */
  home: UnitWorld;
  /** The unit whose resources the request names: the caller's own, or the other one. */
  subject: UnitWorld;
  /** The unit that is not `subject`, for rows whose body names a resource of another unit. */
  away: UnitWorld;
  fresh: Fresh;
}

export interface CellRequest {
  url: string;
  payload?: object;
}

export interface CellResponse {
  status: number;
  text: string;
  /** The parsed body when it is JSON. */
  json: unknown;
}

/** The status of an allowed role: one for all, or one per allowed role. */
export type Expected = number | Partial<Record<Role, number>>;

export interface MatrixRow {
  method: Method;
  /** As the OpenAPI document writes it: /v1/tickets/{id}. */
  path: string;
  /** Tells apart extra rows of one route. */
  variant?: string;
  /** Who passes the role gate; everyone else gets 403 in both scopes. */
  roles: readonly Role[];
  own: Expected;
  other: Expected;
  /** Sign in anew for the cell: the route ends the session it is called with. */
  freshSession?: boolean;
  /** Admins answer for the whole deployment here: the other unit's records are expected in the answer. */
  deploymentWide?: boolean;
  request(ctx: CellContext): Promise<CellRequest> | CellRequest;
  /** Assertions on a successful answer, beyond the ones every cell gets. */
  check?(ctx: CellContext, response: CellResponse): void;
  /** Bookkeeping after the call (a changed password). */
  after?(ctx: CellContext, response: CellResponse): void;
}

const ALL: readonly Role[] = ROLES;
const CASE_WORKERS: readonly Role[] = ["supervisor", "assignee", "peksos"];
const MANAGERS: readonly Role[] = ["admin", "supervisor"];
const ADMIN: readonly Role[] = ["admin"];

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

/** The fields a peksos sees of a colleague in GET /v1/staff. */
const PEER_FIELDS = ["id", "name", "role"];

function items(response: CellResponse, key: string): Record<string, unknown>[] {
  const body = response.json as Record<string, unknown>;
  const list = body[key];
  if (!Array.isArray(list)) throw new Error(`no ${key} array in ${response.text.slice(0, 200)}`);
  return list as Record<string, unknown>[];
}

function ids(response: CellResponse, key: string): unknown[] {
  return items(response, key).map((item) => item.id);
}

function expectTrue(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/**
 * Schools the POST /v1/schools cells made, by the unit they went to: the school rows after it
 * edit and print them (a caller always adds to their own unit).
 */
const madeSchools = new Map<string, string>();

function madeSchool(unit: UnitWorld): string {
  const id = madeSchools.get(unit.unit.id);
  if (id === undefined) throw new Error(`no school made in ${unit.unit.code}: the POST /v1/schools row runs first`);
  return id;
}

export const MATRIX: readonly MatrixRow[] = [
  // --- Signing in and out, who am I, one's own password -----------------------------------------
  { method: "GET", path: "/v1/auth/me", roles: ALL, own: 200, other: 200, request: () => ({ url: "/v1/auth/me" }) },
  {
    method: "POST",
    path: "/v1/auth/logout",
    roles: ALL,
    own: 204,
    other: 204,
    freshSession: true,
    request: () => ({ url: "/v1/auth/logout" }),
  },
  {
    method: "POST",
    path: "/v1/auth/password",
    roles: ALL,
    own: 204,
    other: 204,
    request: ({ caller }) => ({
      url: "/v1/auth/password",
      payload: { currentPassword: caller.password, newPassword: `${caller.password}-baru` },
    }),
    after: ({ caller }, response) => {
      // The session the change was made from stays: later cells keep using it and sign in with the new password.
      if (response.status === 204) caller.password = `${caller.password}-baru`;
    },
  },

  // --- Triage ---------------------------------------------------------------------------------------
  {
    method: "POST",
    path: "/v1/triage",
    roles: ALL,
    own: 200,
    other: 200,
    request: () => ({ url: "/v1/triage", payload: { text: "aku diejek terus sama kakak kelas", reporter: "anak" } }),
  },
  {
    method: "GET",
    path: "/v1/tickets/{id}/triage",
    roles: ALL,
    own: 200,
    other: 404,
    request: ({ subject }) => ({ url: `/v1/tickets/${subject.ticket.id}/triage` }),
  },
  {
    method: "POST",
    path: "/v1/tickets/{id}/triage/override",
    // The issue: admins read tickets but change nothing. The route admits admins (see the report).
    roles: CASE_WORKERS,
    own: 200,
    other: 404,
    request: async ({ subject, fresh }) => ({
      url: `/v1/tickets/${await fresh.ticket(subject)}/triage/override`,
      payload: { priority: "tinggi", reason: "Ada luka, bukan sekadar ejekan." },
    }),
  },
  {
    method: "GET",
    path: "/v1/triage/overrides",
    roles: MANAGERS,
    own: 200,
    other: 200,
    request: () => ({ url: "/v1/triage/overrides" }),
  },

  // --- Units and staff accounts --------------------------------------------------------------------
  { method: "GET", path: "/v1/units", roles: ADMIN, own: 200, other: 200, request: () => ({ url: "/v1/units" }) },
  {
    method: "POST",
    path: "/v1/units",
    roles: ADMIN,
    own: 201,
    other: 201,
    request: ({ fresh }) => ({
      url: "/v1/units",
      payload: { name: "Dinas Sosial Uji Matriks", code: fresh.unitCode(), timezone: "Asia/Jakarta" },
    }),
  },
  {
    method: "PATCH",
    path: "/v1/units/{id}",
    roles: ADMIN,
    // Admins run every unit's settings.
    own: 200,
    other: 200,
    request: ({ subject }) => ({ url: `/v1/units/${subject.unit.id}`, payload: { retentionDays: 365 } }),
  },
  {
    method: "GET",
    path: "/v1/staff",
    roles: ALL,
    own: 200,
    // Admins see any unit's staff; everyone else's view of another unit is an unknown unit.
    other: { admin: 200, supervisor: 404, assignee: 404, peksos: 404 },
    request: ({ subject }) => ({ url: `/v1/staff?unitId=${subject.unit.id}` }),
    check: ({ role, subject }, response) => {
      const list = items(response, "items");
      expectTrue(
        list.some((item) => item.id === subject.members.assignee.id),
        "the unit's staff list leaves out its peksos",
      );
      if (role === "assignee" || role === "peksos") {
        // The peksos view: colleagues' id, name and role, nothing of their accounts.
        for (const item of list) {
          expectTrue(
            Object.keys(item).every((key) => PEER_FIELDS.includes(key)),
            `a peksos sees more than id, name and role: ${Object.keys(item).join(", ")}`,
          );
        }
      } else {
        expectTrue(list.every((item) => typeof item.email === "string"), "a manager's staff list lacks the accounts");
      }
    },
  },
  {
    method: "POST",
    path: "/v1/staff",
    roles: MANAGERS,
    own: 201,
    other: { admin: 201, supervisor: 404 },
    request: ({ subject, fresh }) => ({
      url: "/v1/staff",
      payload: { unitId: subject.unit.id, email: fresh.email(), name: "Peksos Baru Uji", role: "peksos" },
    }),
  },
  {
    method: "POST",
    path: "/v1/staff",
    variant: "a supervisor account",
    roles: MANAGERS,
    // Supervisors add peksos only.
    own: { admin: 201, supervisor: 403 },
    other: { admin: 201, supervisor: 404 },
    request: ({ subject, fresh }) => ({
      url: "/v1/staff",
      payload: { unitId: subject.unit.id, email: fresh.email(), name: "Kabid Baru Uji", role: "supervisor" },
    }),
  },
  {
    method: "PATCH",
    path: "/v1/staff/{id}",
    roles: MANAGERS,
    own: 200,
    other: { admin: 200, supervisor: 404 },
    request: ({ subject }) => ({ url: `/v1/staff/${subject.spare.id}`, payload: { name: "Peksos Cadangan" } }),
  },
  {
    method: "PATCH",
    path: "/v1/staff/{id}",
    variant: "a supervisor's account",
    roles: MANAGERS,
    // Supervisors manage peksos, not supervisors (their own account included).
    own: { admin: 200, supervisor: 403 },
    other: { admin: 200, supervisor: 404 },
    request: ({ subject }) => ({
      url: `/v1/staff/${subject.members.supervisor.id}`,
      payload: { name: subject.members.supervisor.name },
    }),
  },
  {
    method: "POST",
    path: "/v1/staff/{id}/reset-password",
    roles: MANAGERS,
    own: 200,
    other: { admin: 200, supervisor: 404 },
    request: ({ subject }) => ({ url: `/v1/staff/${subject.spare.id}/reset-password` }),
  },

  // --- Tickets -------------------------------------------------------------------------------------
  {
    method: "GET",
    path: "/v1/tickets",
    roles: ALL,
    own: 200,
    other: 200,
    request: () => ({ url: "/v1/tickets?limit=100" }),
    check: ({ subject }, response) => {
      expectTrue(ids(response, "items").includes(subject.ticket.id), "the queue leaves out the unit's ticket");
    },
  },
  {
    method: "GET",
    path: "/v1/tickets/{id}",
    roles: ALL,
    own: 200,
    other: 404,
    request: ({ subject }) => ({ url: `/v1/tickets/${subject.ticket.id}` }),
    check: ({ role, subject }, response) => {
      const reporter = (response.json as { reporter: Record<string, unknown> }).reporter;
      const [address, name, phone] = subject.secrets;
      if (role === "supervisor" || role === "assignee") {
        expectTrue(
          reporter.address === address && reporter.name === name && reporter.phone === phone && reporter.masked === false,
          `the ${role} does not see the reporter's contact: ${JSON.stringify(reporter)}`,
        );
      } else {
        expectTrue(
          reporter.address === null && reporter.name === null && reporter.phone === null && reporter.masked === true,
          `the ${role} sees the reporter's contact: ${JSON.stringify(reporter)}`,
        );
      }
    },
  },
  {
    method: "POST",
    path: "/v1/tickets/{id}/acknowledge",
    roles: CASE_WORKERS,
    own: 200,
    other: 404,
    request: async ({ subject, fresh }) => ({ url: `/v1/tickets/${await fresh.ticket(subject, { status: "baru" })}/acknowledge` }),
  },
  {
    method: "POST",
    path: "/v1/tickets/{id}/assign",
    variant: "the assignee's ticket to a colleague, or taken by another peksos",
    roles: CASE_WORKERS,
    // A peksos hands on their own ticket; another peksos may not take it; a supervisor moves any.
    own: { supervisor: 200, assignee: 200, peksos: 403 },
    other: 404,
    request: async ({ role, caller, subject, fresh }) => {
      const ticket = await fresh.ticket(subject, { status: "diterima", assigneeId: subject.members.assignee.id });
      const to = role === "peksos" ? caller.id : subject.members.peksos.id;
      return { url: `/v1/tickets/${ticket}/assign`, payload: { staffId: to } };
    },
  },
  {
    method: "POST",
    path: "/v1/tickets/{id}/assign",
    variant: "take a ticket nobody has",
    roles: CASE_WORKERS,
    own: 200,
    other: 404,
    request: async ({ caller, subject, fresh }) => ({
      url: `/v1/tickets/${await fresh.ticket(subject, { status: "diterima", assigneeId: null })}/assign`,
      payload: { staffId: caller.id },
    }),
  },
  {
    method: "POST",
    path: "/v1/tickets/{id}/assign",
    variant: "give a ticket nobody has to a colleague",
    roles: CASE_WORKERS,
    // A peksos may only take a free ticket for themselves.
    own: { supervisor: 200, assignee: 403, peksos: 403 },
    other: 404,
    request: async ({ subject, fresh }) => ({
      url: `/v1/tickets/${await fresh.ticket(subject, { status: "diterima", assigneeId: null })}/assign`,
      payload: { staffId: subject.spare.id },
    }),
  },
  {
    method: "POST",
    path: "/v1/tickets/{id}/assign",
    variant: "to a peksos of the other unit",
    roles: CASE_WORKERS,
    // Another unit's peksos is answered like an unknown one: 400 naming staffId.
    own: 400,
    other: 404,
    request: async ({ subject, away, fresh }) => ({
      url: `/v1/tickets/${await fresh.ticket(subject, { status: "diterima", assigneeId: subject.members.assignee.id })}/assign`,
      payload: { staffId: away.members.peksos.id },
    }),
  },
  {
    method: "POST",
    path: "/v1/tickets/{id}/status",
    roles: CASE_WORKERS,
    own: 200,
    other: 404,
    request: async ({ subject, fresh }) => ({
      url: `/v1/tickets/${await fresh.ticket(subject, { status: "diterima", assigneeId: subject.members.assignee.id })}/status`,
      payload: { status: "ditangani" },
    }),
  },
  {
    method: "POST",
    path: "/v1/tickets/{id}/notes",
    roles: CASE_WORKERS,
    own: 201,
    other: 404,
    request: ({ subject }) => ({ url: `/v1/tickets/${subject.ticket.id}/notes`, payload: { text: "Catatan uji matriks akses." } }),
  },
  {
    method: "POST",
    path: "/v1/tickets/{id}/links",
    roles: CASE_WORKERS,
    own: 200,
    other: 404,
    request: async ({ subject, fresh }) => ({
      url: `/v1/tickets/${await fresh.ticket(subject)}/links`,
      payload: { ticketId: await fresh.ticket(subject) },
    }),
  },
  {
    method: "POST",
    path: "/v1/tickets/{id}/links",
    variant: "with a ticket of the other unit",
    roles: CASE_WORKERS,
    own: 404,
    other: 404,
    request: async ({ subject, away, fresh }) => ({
      url: `/v1/tickets/${await fresh.ticket(subject)}/links`,
      payload: { ticketId: away.ticket.id },
    }),
  },
  {
    method: "DELETE",
    path: "/v1/tickets/{id}/links",
    roles: CASE_WORKERS,
    own: 200,
    other: 404,
    request: async ({ subject, fresh }) => ({ url: `/v1/tickets/${await fresh.linkedTicket(subject)}/links` }),
  },
  {
    method: "POST",
    path: "/v1/tickets/{id}/messages",
    roles: CASE_WORKERS,
    own: 202,
    other: 404,
    request: ({ subject }) => ({
      url: `/v1/tickets/${subject.ticket.id}/messages`,
      payload: { text: "Terima kasih sudah melapor. Kami sedang menanganinya." },
    }),
  },

  // --- On-call roster -------------------------------------------------------------------------------
  {
    method: "GET",
    path: "/v1/shifts",
    roles: ALL,
    own: 200,
    other: 200,
    request: () => ({ url: "/v1/shifts" }),
    check: ({ subject }, response) => {
      expectTrue(ids(response, "shifts").includes(subject.shift), "the roster leaves out the unit's shift");
    },
  },
  {
    method: "POST",
    path: "/v1/shifts",
    roles: MANAGERS,
    own: 201,
    // The staff member named is of another unit: as if unknown.
    other: 404,
    request: ({ subject, fresh }) => ({
      url: "/v1/shifts",
      payload: { staffId: subject.members.assignee.id, tier: "backup", ...fresh.slot() },
    }),
  },
  {
    method: "PATCH",
    path: "/v1/shifts/{id}",
    roles: MANAGERS,
    own: 200,
    other: 404,
    request: async ({ subject, fresh }) => ({ url: `/v1/shifts/${await fresh.shift(subject)}`, payload: { tier: "backup" } }),
  },
  {
    method: "DELETE",
    path: "/v1/shifts/{id}",
    roles: MANAGERS,
    own: 204,
    other: 404,
    request: async ({ subject, fresh }) => ({ url: `/v1/shifts/${await fresh.shift(subject)}` }),
  },
  { method: "GET", path: "/v1/oncall/now", roles: ALL, own: 200, other: 200, request: () => ({ url: "/v1/oncall/now" }) },
  { method: "GET", path: "/v1/oncall/gaps", roles: MANAGERS, own: 200, other: 200, request: () => ({ url: "/v1/oncall/gaps" }) },

  // --- Linking one's own Telegram or WhatsApp chat, and where one's alerts go ----------------------------
  {
    method: "GET",
    path: "/v1/staff/me/chat-link",
    roles: ALL,
    own: 200,
    other: 200,
    request: () => ({ url: "/v1/staff/me/chat-link" }),
  },
  {
    method: "POST",
    path: "/v1/staff/me/chat-link",
    roles: ALL,
    own: 201,
    other: 201,
    request: () => ({ url: "/v1/staff/me/chat-link" }),
  },
  {
    method: "DELETE",
    path: "/v1/staff/me/chat-link",
    roles: ALL,
    own: 200,
    other: 200,
    request: () => ({ url: "/v1/staff/me/chat-link?channel=whatsapp" }),
  },
  {
    // The matrix's staff have no chat linked: every role passes the gate and is told so.
    method: "PUT",
    path: "/v1/staff/me/alert-channel",
    roles: ALL,
    own: 409,
    other: 409,
    request: () => ({ url: "/v1/staff/me/alert-channel", payload: { channel: "whatsapp" } }),
  },

  // --- Agencies and referrals ------------------------------------------------------------------------
  {
    method: "GET",
    path: "/v1/agencies",
    roles: ALL,
    own: 200,
    other: 200,
    request: () => ({ url: "/v1/agencies" }),
    check: ({ subject }, response) => {
      expectTrue(ids(response, "agencies").includes(subject.agency), "the directory leaves out the unit's agency");
    },
  },
  {
    method: "POST",
    path: "/v1/agencies",
    roles: MANAGERS,
    own: 201,
    other: 201,
    request: () => ({ url: "/v1/agencies", payload: { name: "Lembaga Uji Matriks", type: "lainnya" } }),
  },
  {
    method: "PATCH",
    path: "/v1/agencies/{id}",
    roles: MANAGERS,
    own: 200,
    other: 404,
    request: ({ subject }) => ({ url: `/v1/agencies/${subject.agency}`, payload: { phone: "0725-555000" } }),
  },
  {
    method: "POST",
    path: "/v1/tickets/{id}/referrals",
    roles: CASE_WORKERS,
    own: 201,
    other: 404,
    request: async ({ subject, fresh }) => ({
      url: `/v1/tickets/${await fresh.ticket(subject, { status: "diterima", assigneeId: subject.members.assignee.id })}/referrals`,
      payload: { agencyId: subject.agency, note: "Mohon pendampingan.", dueAt: new Date(Date.now() + 3 * DAY).toISOString() },
    }),
  },
  {
    method: "POST",
    path: "/v1/tickets/{id}/referrals",
    variant: "to an agency of the other unit",
    roles: CASE_WORKERS,
    // Another unit's agency is answered like an unknown one: 400 naming agencyId.
    own: 400,
    other: 404,
    request: async ({ subject, away, fresh }) => ({
      url: `/v1/tickets/${await fresh.ticket(subject, { status: "diterima", assigneeId: subject.members.assignee.id })}/referrals`,
      payload: { agencyId: away.agency, note: "Mohon pendampingan.", dueAt: new Date(Date.now() + 3 * DAY).toISOString() },
    }),
  },
  {
    method: "GET",
    path: "/v1/tickets/{id}/referrals",
    roles: ALL,
    own: 200,
    other: 404,
    request: ({ subject }) => ({ url: `/v1/tickets/${subject.ticket.id}/referrals` }),
    check: ({ subject }, response) => {
      expectTrue(ids(response, "referrals").includes(subject.referral), "the ticket's referrals leave out its referral");
    },
  },
  {
    method: "GET",
    path: "/v1/referrals",
    roles: ALL,
    own: 200,
    other: 200,
    request: () => ({ url: "/v1/referrals?limit=100" }),
    check: ({ subject }, response) => {
      expectTrue(ids(response, "referrals").includes(subject.referral), "the unit's referrals leave out its referral");
    },
  },
  {
    method: "PATCH",
    path: "/v1/referrals/{id}",
    roles: CASE_WORKERS,
    own: 200,
    other: 404,
    request: async ({ subject, fresh }) => ({ url: `/v1/referrals/${await fresh.referral(subject)}`, payload: { status: "diterima" } }),
  },

  // --- Audit and statistics --------------------------------------------------------------------------
  {
    method: "GET",
    path: "/v1/audit",
    roles: ADMIN,
    own: 200,
    other: 200,
    // Admins read every unit's audit trail; it must still carry no reporter contact.
    deploymentWide: true,
    request: () => ({ url: "/v1/audit?limit=200" }),
  },
  { method: "GET", path: "/v1/stats", roles: MANAGERS, own: 200, other: 200, request: () => ({ url: "/v1/stats" }) },
  { method: "GET", path: "/v1/stats.csv", roles: MANAGERS, own: 200, other: 200, request: () => ({ url: "/v1/stats.csv" }) },

  // --- Schools, their leaflets, and the console's live updates ---------------------------------------
  {
    method: "GET",
    path: "/v1/schools",
    roles: ALL,
    own: 200,
    other: 200,
    request: () => ({ url: "/v1/schools" }),
    check: (_ctx, response) => {
      expectTrue(
        items(response, "schools").some((school) => school.code === "smpn-contoh-3"),
        "the unit's school list leaves out its seeded school",
      );
    },
  },
  {
    method: "POST",
    path: "/v1/schools",
    roles: MANAGERS,
    // Into the caller's own unit, whichever unit that is.
    own: 201,
    other: 201,
    request: ({ fresh }) => ({ url: "/v1/schools", payload: { code: fresh.email().split("@")[0], name: "SD Negeri Uji Matriks" } }),
    after: ({ home }, response) => {
      if (response.status === 201) madeSchools.set(home.unit.id, (response.json as { id: string }).id);
    },
  },
  {
    method: "PATCH",
    path: "/v1/schools/{id}",
    roles: MANAGERS,
    // Admins too keep to their own unit's schools.
    own: 200,
    other: 404,
    request: ({ subject }) => ({ url: `/v1/schools/${madeSchool(subject)}`, payload: { kecamatan: "Metro Timur" } }),
  },
  {
    method: "GET",
    path: "/v1/schools/{id}/leaflet",
    roles: ALL,
    own: 200,
    other: 404,
    request: ({ subject }) => ({ url: `/v1/schools/${madeSchool(subject)}/leaflet` }),
  },
  {
    method: "GET",
    path: "/v1/events",
    roles: ALL,
    // A stream only for a request that asks for one (tests/api/events.test.ts reads them); inject
    // sends no Accept, so every allowed caller is told to ask: the role gate is what is checked here.
    own: 406,
    other: 406,
    request: () => ({ url: "/v1/events" }),
  },

  // --- Chat channels' links and the files they hand over ------------------------------------------
  // The hotline's WhatsApp is the deployment's, not a unit's: the same answer in both scopes.
  { method: "GET", path: "/v1/channels", roles: MANAGERS, own: 200, other: 200, request: () => ({ url: "/v1/channels" }) },
  {
    method: "GET",
    path: "/v1/channels/{channel}/qr",
    roles: MANAGERS,
    // No adapter waits for a QR here: 404 no_qr (tests/api/channel-links.test.ts serves one).
    own: 404,
    other: 404,
    request: () => ({ url: "/v1/channels/whatsapp/qr" }),
  },
  {
    method: "GET",
    path: "/v1/tickets/{id}/media/{mediaId}",
    roles: ALL,
    // The unit's ticket refers to no stored file here: the role gate and the unit rule only
    // (tests/api/channel-media.test.ts serves files).
    own: 404,
    other: 404,
    request: ({ subject }) => ({ url: `/v1/tickets/${subject.ticket.id}/media/00000000-0000-4000-8000-00000000a1a1` }),
  },
  {
    method: "GET",
    path: "/v1/tickets/{id}/evidence/{evidenceId}/file",
    roles: ALL,
    // The unit's ticket has no evidence here: the role gate and the unit rule only
    // (tests/api/evidence-files.test.ts serves Telegram and WhatsApp files).
    own: 404,
    other: 404,
    request: ({ subject }) => ({ url: `/v1/tickets/${subject.ticket.id}/evidence/00000000-0000-4000-8000-00000000e1e1/file` }),
  },
];

/** Routes that are not staff routes: guarded by the channel token, or public. Each is still checked. */
export interface NotStaffRoute {
  method: Method;
  path: string;
  kind: "channel" | "public";
  url: string;
  payload?: object;
}

export const NOT_STAFF_ROUTES: readonly NotStaffRoute[] = [
  {
    method: "POST",
    path: "/v1/intake/messages",
    kind: "channel",
    url: "/v1/intake/messages",
    payload: {
      channel: "telegram",
      externalId: "matrix-probe-1",
      address: "5550001111",
      sentAt: new Date().toISOString(),
      content: { type: "text", text: "halo" },
    },
  },
  { method: "POST", path: "/v1/channels/{channel}/outbox/claim", kind: "channel", url: "/v1/channels/telegram/outbox/claim", payload: {} },
  {
    method: "POST",
    path: "/v1/channels/outbox/{id}/result",
    kind: "channel",
    url: "/v1/channels/outbox/00000000-0000-4000-8000-000000000000/result",
    payload: { ok: true },
  },
  {
    method: "POST",
    path: "/v1/channels/{channel}/staff-actions",
    kind: "channel",
    url: "/v1/channels/telegram/staff-actions",
    payload: { externalId: "matrix-probe-2", address: "5550002222", action: { type: "link", code: "K7QW3MZP" } },
  },
  { method: "POST", path: "/v1/channels/{channel}/state", kind: "channel", url: "/v1/channels/whatsapp/state", payload: { state: "starting" } },
  {
    method: "POST",
    path: "/v1/channels/{channel}/media",
    kind: "channel",
    url: "/v1/channels/whatsapp/media",
    payload: { mimeType: "image/png", data: "iVBORw0KGgo=" },
  },
  { method: "GET", path: "/health", kind: "public", url: "/health" },
  { method: "POST", path: "/v1/auth/login", kind: "public", url: "/v1/auth/login" },
];

/** Registered but deliberately left out of the OpenAPI document: the docs pages themselves (public). */
export const UNDOCUMENTED_PREFIX = "/docs";

export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}

export function rowName(row: MatrixRow): string {
  return `${routeKey(row.method, row.path)}${row.variant === undefined ? "" : ` (${row.variant})`}`;
}

/** The status an allowed or refused role gets in a scope. */
export function expectedStatus(row: MatrixRow, role: Role, scope: Scope): number {
  if (!row.roles.includes(role)) return 403;
  const expected = scope === "own unit" ? row.own : row.other;
  if (typeof expected === "number") return expected;
  const status = expected[role];
  if (status === undefined) throw new Error(`${rowName(row)}: no ${scope} status for ${role}`);
  return status;
}

interface OpenApiOperation {
  security?: Record<string, unknown>[];
}

/** Every documented operation, as "METHOD /path" with the security schemes it names. */
export function documentedRoutes(app: App): Map<string, string[]> {
  const document = app.swagger() as { paths?: Record<string, Record<string, OpenApiOperation>> };
  const routes = new Map<string, string[]>();
  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations)) {
      routes.set(routeKey(method, path), (operation.security ?? []).flatMap((scheme) => Object.keys(scheme)));
    }
  }
  return routes;
}

/**
 * Every route Fastify has, documented or not, read from its route tree, with :params written as
 * {params}. HEAD routes are the GET routes' automatic twins (same hooks) and are left out.
 */
export function registeredRoutes(app: App): string[] {
  const found: string[] = [];
  const prefixes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split("\n")) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? "").length / 4;
    const path = (depth === 0 ? "" : (prefixes[depth - 1] ?? "")) + (match[2] ?? "");
    prefixes[depth] = path;
    prefixes.length = depth + 1;
    for (const method of (match[3] ?? "").split(",").map((m) => m.trim())) {
      if (method === "" || method === "HEAD") continue;
      found.push(routeKey(method, path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")));
    }
  }
  return found;
}

/** Where a fresh shift slot starts: far enough ahead that the roster's default week never sees it. */
export const FRESH_SLOTS_FROM_MS = 10 * DAY;
export const SLOT_MS = HOUR;
