import type { TFunction } from "i18next";
import type { ReplyParam, ReplySpec } from "../../bot/conversation/types.ts";
import type { Priority } from "../../db/schema/enums.ts";
import type { HotlineNumber, SlaMinutes } from "../../db/schema/units.ts";
import type { Reply } from "./schemas.ts";

/** What only the intake knows, available to every reply as {{code}}, {{pin}}, {{emergency}}, {{expect}}. */
export interface RenderContext {
  /** i18next fixed to the reporter's language. */
  t: TFunction;
  code: string | null;
  pin: string | null;
  priority: Priority | null;
  unit: { hotlineNumbers: HotlineNumber[]; slaMinutes: SlaMinutes };
}

export function renderReplies(specs: ReplySpec[], context: RenderContext): Reply[] {
  const { t } = context;
  const unitNumbers = context.unit.hotlineNumbers
    .map((n) => `\n${t(n.whatsapp ? "intake:unit_number_whatsapp" : "intake:unit_number", { label: n.label, number: n.number })}`)
    .join("");
  const shared = {
    code: context.code ?? "",
    pin: context.pin ?? "",
    unitNumbers,
    emergency: t("conversation:emergency", { unitNumbers }),
    expect: expectReply(context),
  };
  return specs.map((spec) => ({
    text: t(`conversation:${spec.key}`, { ...shared, ...translateParams(spec.params, t) }),
    choices: (spec.choices ?? []).map((row) => row.map((choice) => ({ id: choice.id, label: t(`conversation:${choice.key}`) }))),
  }));
}

function translateParams(params: Record<string, ReplyParam> | undefined, t: TFunction): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params ?? {})) {
    out[name] = typeof value === "object" ? t(`conversation:${value.key}`) : value;
  }
  return out;
}

/** "When to expect a reply" from the unit's acknowledge-by target for this priority. */
function expectReply({ t, priority, unit }: RenderContext): string {
  const p = priority ?? "sedang";
  const minutes = unit.slaMinutes[p];
  return t(`conversation:expect.${p}`, { hours: Math.max(1, Math.round(minutes / 60)), days: Math.max(1, Math.round(minutes / 1440)) });
}
