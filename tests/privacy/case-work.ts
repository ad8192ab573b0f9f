import type { App } from "../../api/app.ts";
import type { Reporter } from "./people.ts";

/*
 * What staff do with a case, through the API as the console does it, the same whether the API is
 * a server process (fetch) or an app in the test (inject). The notes, reply and referral quote the
 * reporter on purpose: staff do, and none of it may reach a log or outlive the retention period.
 */

export interface ApiAnswer {
  status: number;
  body: unknown;
  text: string;
}

export type CallApi = (method: "GET" | "POST" | "PATCH", url: string, token: string | undefined, payload?: object) => Promise<ApiAnswer>;

/** The API of a server process, over HTTP. */
export function httpApi(baseUrl: string): CallApi {
  return async (method, url, token, payload) => {
    const response = await fetch(`${baseUrl}${url}`, {
      method,
      headers: {
        ...(token !== undefined && { authorization: `Bearer ${token}` }),
        ...(payload !== undefined && { "content-type": "application/json" }),
      },
      ...(payload !== undefined && { body: JSON.stringify(payload) }),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (a file, a CSV): the text is the body.
    }
    return { status: response.status, body, text };
  };
}

/** An app in the test, through inject. */
export function injectApi(app: App): CallApi {
  return async (method, url, token, payload) => {
    const response = await app.inject({
      method,
      url,
      ...(token !== undefined && { headers: { authorization: `Bearer ${token}` } }),
      ...(payload !== undefined && { payload }),
    });
    let body: unknown = response.body;
    try {
      body = response.json();
    } catch {
      // Not JSON (a file, a CSV): the text is the body.
    }
    return { status: response.statusCode, body, text: response.body };
  };
}

export async function expectStatus(answer: Promise<ApiAnswer>, status: number): Promise<ApiAnswer> {
  const done = await answer;
  if (done.status !== status) throw new Error(`expected HTTP ${status}, got ${done.status}: ${done.text}`);
  return done;
}

export async function login(api: CallApi, email: string, password: string): Promise<string> {
  const answer = await expectStatus(api("POST", "/v1/auth/login", undefined, { email, password }), 200);
  return (answer.body as { token: string }).token;
}

/** What the peksos writes: each quotes the reporter, as colleagues do. */
export function staffTexts(reporter: Reporter) {
  const [first] = reporter.contactName.split(" ");
  return {
    note: `Sudah ditelepon ke ${reporter.phoneStored}, Bu/Pak ${reporter.contactName} minta dikunjungi.`,
    reply: `Selamat siang Bapak/Ibu ${first}, kami dari Dinas Sosial. Besok kami datang, bisa dihubungi di ${reporter.phoneStored}?`,
    referral: `Mohon visum. Pelapor ${reporter.contactName}, ${reporter.phoneTyped}.`,
  };
}

/**
 * After the peksos took the case: reads it, notes, answers the reporter, refers it to the unit's
 * first agency and closes it (selesai). `now`: the API's clock, for the referral's due date. Returns the reply's outbox id.
 */
export async function workTheCase(api: CallApi, token: string, ticketId: string, reporter: Reporter, now = new Date()): Promise<{ outboundId: string }> {
  const texts = staffTexts(reporter);
  await expectStatus(api("GET", `/v1/tickets/${ticketId}`, token), 200);
  await expectStatus(api("POST", `/v1/tickets/${ticketId}/notes`, token, { text: texts.note }), 201);
  const sent = await expectStatus(api("POST", `/v1/tickets/${ticketId}/messages`, token, { text: texts.reply }), 202);
  const agencies = await expectStatus(api("GET", "/v1/agencies", token), 200);
  const agency = (agencies.body as { agencies: { id: string; active: boolean }[] }).agencies.find((a) => a.active);
  if (!agency) throw new Error("the unit has no active agency");
  const dueAt = new Date(now.getTime() + 3 * 24 * 3600_000).toISOString();
  await expectStatus(api("POST", `/v1/tickets/${ticketId}/referrals`, token, { agencyId: agency.id, note: texts.referral, dueAt }), 201);
  await expectStatus(api("POST", `/v1/tickets/${ticketId}/status`, token, { status: "selesai" }), 200);
  return { outboundId: (sent.body as { outboundId: string }).outboundId };
}
