// Types for what global-setup.ts hands to every test file through `inject`.
declare module "vitest" {
  export interface ProvidedContext {
    /** PGlite project: a file holding a dumped, migrated, empty cluster. */
    pgliteTemplateFile: string;
    /** PostgreSQL project: server URL (any database) and the migrated template database's name. */
    postgresServerUrl: string;
    postgresTemplate: string;
  }
}
export {};
