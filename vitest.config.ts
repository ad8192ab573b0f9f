import { defineConfig } from "vitest/config";

/*
 * The suite runs on embedded PGlite always, and a second time on a real PostgreSQL when
 * TEST_DATABASE_URL points at a server where the role may CREATE DATABASE (CI does this).
 */
const postgresUrl = process.env.TEST_DATABASE_URL;

const shared = {
  include: ["tests/**/*.test.ts"],
  globalSetup: ["tests/support/global-setup.ts"],
  setupFiles: ["tests/support/provided-context.ts"],
  testTimeout: 60_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  test: {
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    projects: [
      {
        test: {
          ...shared,
          name: "pglite",
          env: { TEST_DB_KIND: "pglite" },
          // Restarts a PostgreSQL server under traffic: there is no server on PGlite.
          exclude: ["tests/faults/postgres-restart.test.ts"],
        },
      },
      ...(postgresUrl
        ? [
            {
              test: {
                ...shared,
                name: "postgres",
                env: { TEST_DB_KIND: "postgres" },
                // Checks of the source itself (types, locales) and the triage, a pure function,
                // say nothing new on a second database.
                exclude: ["tests/quality/**", "tests/triage/**"],
              },
            },
          ]
        : []),
    ],
  },
});
