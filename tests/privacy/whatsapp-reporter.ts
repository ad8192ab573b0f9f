import type { Message } from "whatsapp-web.js";
import type { IntakeResponse } from "../../api/intake/schemas.ts";
import { renderReplies } from "../../bot/channels/whatsapp/render.ts";
import { externalIdOf, type Phone, type SwitchableClient } from "../channels/whatsapp/harness.ts";
import type { Reporter } from "./people.ts";

/*
 * A parent's whole report on WhatsApp, through the real adapter: answers picked by the words of
 * the numbered list, the story and the child typed, a photo with a caption, a name and number at
 * the contact step, the summary confirmed and /status checked with the code and PIN. Each message
 * waits for the API's answer and for every part of it to reach the phone.
 */

export interface WhatsAppReport {
  code: string;
  pin: string;
  /** The messages the parent sent; their own ids (not the serialized ones) are what logs may name. */
  messages: Message[];
}

/** Whatever the parent sends: a text or a photo. */
type Send = (phone: Phone) => Message;

export async function reportOnWhatsApp(api: SwitchableClient, phone: Phone, reporter: Reporter, hint: string): Promise<WhatsAppReport> {
  const messages: Message[] = [];
  let last: IntakeResponse | undefined;

  async function say(send: Send): Promise<IntakeResponse> {
    const before = phone.received().length;
    const message = send(phone);
    messages.push(message);
    const externalId = externalIdOf(message);
    await api.waitFor(() => api.responses.has(externalId), "the API's answer", 30_000);
    const response = api.responses.get(externalId)!;
    await phone.waitForTexts(before + renderReplies(response.replies, hint).parts.length, 30_000);
    last = response;
    return response;
  }
  /** Types the label of the offered choice whose id ends with `:<value>`, as a reader of the list would. */
  const choose = (value: string) => {
    const choice = last?.replies.flatMap((r) => r.choices.flat()).find((c) => c.id.endsWith(`:${value}`));
    if (!choice) throw new Error(`no choice ${value} offered: ${JSON.stringify(last?.replies.map((r) => r.text))}`);
    return say((p) => p.send(choice.label));
  };
  const text = (words: string) => say((p) => p.send(words));

  await text("halo");
  await choose("orang_tua");
  await choose("ya");
  await choose("dipukul");
  await text(reporter.story);
  const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`foto ${reporter.words[0]}`), Buffer.from([0xff, 0xd9])]);
  await say((p) => p.sendMedia({ type: "image", mimetype: "image/jpeg", bytes: photo, caption: reporter.caption }));
  await choose("sudah");
  await text(reporter.child);
  await choose("masih_terjadi");
  await choose("nama");
  await text(`${reporter.contactName} ${reporter.phoneTyped}`);
  const confirmed = await choose("kirim");
  const code = confirmed.ticketCode;
  const pin = /PIN: (\d{4})/.exec(confirmed.replies.map((r) => r.text).join("\n"))?.[1];
  if (!code || pin === undefined) throw new Error("no code and PIN in the confirmation");
  const status = await text(`/status ${code} ${pin}`);
  if (!status.replies.some((r) => r.text.startsWith(`Laporan ${code}`))) throw new Error("no status answer");
  return { code, pin, messages };
}
