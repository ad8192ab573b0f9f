import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api } from "../lib/api.ts";
import type { ChannelList } from "../lib/api-types.ts";
import { useT } from "../lib/i18n.ts";
import { useResource } from "../lib/use-resource.ts";
import { ErrorBlock, LoadingBlock } from "../shell/status-blocks.tsx";
import { LinkState } from "./reports/link-state.tsx";
import { useInterval } from "./reports/use-interval.ts";
import { WhatsAppQr } from "./reports/whatsapp-qr.tsx";
import "./reports.css";

/** The adapter reports every 30 s and on every change; asking every 5 s shows a change within seconds. */
const POLL_MS = 5_000;

/** Whether the hotline's WhatsApp is linked, and the QR to link it again while it needs one. */
export function WhatsAppPage(): JSX.Element {
  const t = useT("console-reports");
  const channels = useResource((signal) => api.get<ChannelList>("/v1/channels", { signal }), []);
  useInterval(channels.reload, POLL_MS);
  // Kept across the next polls until one succeeds: the alert is announced once, not every 5 s.
  const [unreachable, setUnreachable] = useState<unknown>(null);
  useEffect(() => {
    if (channels.state === "failed") setUnreachable(channels.error);
    if (channels.state === "ready") setUnreachable(null);
  }, [channels.state]);
  const data = channels.data;
  const link = data?.channels.find((channel) => channel.channel === "whatsapp");
  return (
    <div class="whatsapp-page">
      <h1>{t("whatsapp.title")}</h1>
      <p class="page-intro">{t("whatsapp.intro")}</p>
      {unreachable !== null && <ErrorBlock error={unreachable} onRetry={channels.reload} />}
      {!data && channels.state === "loading" && <LoadingBlock />}
      {data && (
        <div class="whatsapp-grid">
          <LinkState link={link} now={new Date()} />
          {link?.state === "qr_needed" && <WhatsAppQr available={link.qrAvailable} />}
        </div>
      )}
    </div>
  );
}
