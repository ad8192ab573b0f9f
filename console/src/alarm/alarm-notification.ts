import { navigate } from "../lib/router.ts";

/*
 * The browser notification for a darurat report. Its text names the ticket's code only: a
 * notification shows on a locked phone's screen and in the system's history, where a report's
 * words or a child's name must never appear.
 */

export type NotificationState = NotificationPermission | "unsupported";

export function notificationState(): NotificationState {
  return typeof Notification === "undefined" ? "unsupported" : Notification.permission;
}

/** Only ever from a button the person pressed: asking on page load is blocked or annoys. */
export async function askNotificationPermission(): Promise<NotificationState> {
  if (typeof Notification === "undefined") return "unsupported";
  return Notification.requestPermission();
}

export function notifyDarurat(ticket: { id: string; code: string }, title: string, body: string): void {
  if (notificationState() !== "granted") return;
  const options = { body, tag: `darurat-${ticket.id}`, requireInteraction: true, data: { url: `/tickets/${ticket.id}` } };
  try {
    const notification = new Notification(title, options);
    notification.addEventListener("click", () => {
      window.focus();
      navigate(`/tickets/${ticket.id}`);
      notification.close();
    });
  } catch {
    // Android Chrome allows notifications only through a service worker (public/sw.js), which opens the ticket on a tap.
    void navigator.serviceWorker?.ready.then((registration) => registration.showNotification(title, options)).catch(() => undefined);
  }
}

/** Registered once at start: without it, a phone's browser shows no notification at all. */
export function registerNotificationWorker(): void {
  if ("serviceWorker" in navigator) void navigator.serviceWorker.register("/sw.js").catch(() => undefined);
}
