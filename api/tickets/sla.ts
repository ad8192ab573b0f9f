import type { Priority } from "../../db/schema/enums.ts";
import type { SlaMinutes } from "../../db/schema/units.ts";

/** When a ticket of this priority must be acknowledged, counted from when its report arrived. */
export function slaDueAt(slaMinutes: SlaMinutes, priority: Priority, since: Date): Date {
  return new Date(since.getTime() + slaMinutes[priority] * 60_000);
}
