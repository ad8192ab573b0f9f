/**
 * whatsapp-web.js depends on puppeteer, whose install step downloads its own Chromium: that
 * fails on machines without internet (and wastes 150 MB where it works). Lapor Aman drives
 * Debian's `chromium` package instead (`apt-get install chromium`).
 * @type {import("puppeteer").Configuration}
 */
module.exports = {
  skipDownload: true,
  executablePath: "/usr/bin/chromium",
};
