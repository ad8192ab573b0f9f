import { randomBytes } from "node:crypto";
import type { IntakeResponse } from "../../api/intake/schemas.ts";
import type { HotlineClient } from "../../bot/client.ts";

/*
 * A WhatsApp chat talking to the API as the WhatsApp adapter does (intake messages, photos handed
 * over first and referred to as `media:<id>`), without the adapter in between: the masking tests
 * need the API's answers and a photo sent at exactly the contact step.
 */
export class WhatsAppChat {
  last: IntakeResponse | undefined;
  private count = 0;

  constructor(
    private readonly client: HotlineClient,
    readonly address: string,
  ) {}

  private async send(content: Parameters<HotlineClient["sendInbound"]>[0]["content"]): Promise<IntakeResponse> {
    this.count += 1;
    const externalId = `wa:false_${this.address}_${randomBytes(8).toString("hex").toUpperCase()}`;
    this.last = await this.client.sendInbound({ channel: "whatsapp", externalId, address: this.address, sentAt: new Date().toISOString(), content });
    return this.last;
  }

  text(text: string): Promise<IntakeResponse> {
    return this.send({ type: "text", text });
  }

  /** Presses the offered choice whose id ends with `:<value>`. */
  press(value: string): Promise<IntakeResponse> {
    const choice = this.last?.replies.flatMap((r) => r.choices.flat()).find((c) => c.id.endsWith(`:${value}`));
    if (!choice) throw new Error(`no choice "${value}" in the last replies`);
    return this.send({ type: "choice", choiceId: choice.id });
  }

  /** A photo: its bytes stored through the API, then the message that refers to them. */
  async photo(bytes: Buffer, caption: string): Promise<IntakeResponse> {
    const stored = await this.client.uploadMedia("whatsapp", { mimeType: "image/jpeg", data: bytes.toString("base64") });
    return this.send({ type: "media", kind: "photo", fileId: stored.fileId, mimeType: "image/jpeg", fileSize: stored.fileSize, caption });
  }

  get texts(): string {
    return this.last?.replies.map((r) => r.text).join("\n") ?? "";
  }
}
