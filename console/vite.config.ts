import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const consoleRoot = fileURLToPath(new URL(".", import.meta.url));

/*
 * The console is a static bundle the API serves at `/` (api/console/). No dev server in
 * production: `npm start` builds it when its sources changed (console/build.ts).
 */
export default defineConfig({
  root: consoleRoot,
  base: "/",
  // Locale files live at the repository root, next to the API's, so one check keeps both complete.
  server: { fs: { allow: [fileURLToPath(new URL("..", import.meta.url))] } },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Phones in the field run recent Android Chrome; no legacy polyfills keeps the first load small.
    target: "es2022",
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
  },
  logLevel: "warn",
});
