import type { App } from "../../api/app.ts";
import type { InboundContent, IntakeResponse } from "../../api/intake/schemas.ts";
import { TEST_CHANNEL_TOKEN } from "../support/test-app.ts";

/** One simulated chat talking to the intake endpoint through app.inject, as an adapter would. */
export class ChatDriver {
  private updateId = 0;
  last: IntakeResponse | undefined;
  constructor(
    private readonly app: App,
    readonly address: string,
    private readonly idPrefix = address,
  ) {}

  async send(content: InboundContent, externalId = `${this.idPrefix}-${++this.updateId}`): Promise<IntakeResponse> {
    const response = await this.app.inject({
      method: "POST",
      url: "/v1/intake/messages",
      headers: { authorization: `Bearer ${TEST_CHANNEL_TOKEN}` },
      payload: { channel: "telegram", externalId, address: this.address, sentAt: new Date().toISOString(), content },
    });
    if (response.statusCode !== 200) throw new Error(`intake answered ${response.statusCode}: ${response.body}`);
    this.last = response.json<IntakeResponse>();
    return this.last;
  }

  text(text: string) {
    return this.send({ type: "text", text });
  }

  /** Presses the button of the last reply whose id ends with `:<value>`. */
  press(value: string) {
    const choice = this.last?.replies.flatMap((r) => r.choices.flat()).find((c) => c.id.endsWith(`:${value}`));
    if (!choice) throw new Error(`no button "${value}" in the last replies`);
    return this.send({ type: "choice", choiceId: choice.id });
  }

  get texts(): string[] {
    return this.last?.replies.map((r) => r.text) ?? [];
  }
}
