import { api } from "../../lib/api.ts";
import type { Leaflet, SchoolList } from "../../lib/api-types.ts";
import { useResource } from "../../lib/use-resource.ts";

export interface HotlineContacts {
  /** The bot's username, without the @; null while the API does not know it. */
  telegramBot: string | null;
  /** The unit's WhatsApp hotline number as the unit wrote it, and its wa.me link. */
  whatsapp: { number: string; link: string } | null;
}

const NONE: HotlineContacts = { telegramBot: null, whatsapp: null };

/**
 * Where staff send `/hubungkan KODE`: the same bot and number the school leaflets print. The
 * API states them on a leaflet only, so the first school's leaflet is read for them; with no
 * school yet the account page names them in general words.
 */
async function loadContacts(signal: AbortSignal): Promise<HotlineContacts> {
  const { schools } = await api.get<SchoolList>("/v1/schools", { signal });
  const school = schools[0];
  if (!school) return NONE;
  const leaflet = await api.get<Leaflet>(`/v1/schools/${school.id}/leaflet`, { signal });
  const bot = leaflet.telegram ? new URL(leaflet.telegram.link).pathname.replace(/^\//, "") : null;
  return {
    telegramBot: bot || null,
    whatsapp: leaflet.whatsapp ? { number: leaflet.whatsapp.number, link: leaflet.whatsapp.link } : null,
  };
}

export function useHotlineContacts(): HotlineContacts {
  return useResource(loadContacts, []).data ?? NONE;
}
