/**
 * whatsapp-web.js drives WhatsApp Web through puppeteer. Puppeteer's own Chromium download
 * needs the open internet, which servers and CI often lack: use the distribution's browser
 * (Debian: `apt-get install chromium`) instead. PUPPETEER_EXECUTABLE_PATH overrides the path.
 */
module.exports = {
  skipDownload: true,
  executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || "/usr/bin/chromium",
};
