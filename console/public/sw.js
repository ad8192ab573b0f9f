/*
 * The console's service worker, for one job: Android Chrome shows a web page's notifications only
 * through a service worker (`new Notification()` throws there), and the darurat alarm must reach
 * a peksos's phone. It caches nothing and stores nothing: no report data is kept on the device.
 * Plain JavaScript in public/ because it is served as it is, at /sw.js, outside the bundle.
 */
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

/** A tap on the notification opens that ticket in the console's window, or a new one. */
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || "/tickets";
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (open) {
        await open.focus();
        if ("navigate" in open) await open.navigate(url);
        return;
      }
      await self.clients.openWindow(url);
    })(),
  );
});
