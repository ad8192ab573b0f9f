import type { Db } from "../../db/client.ts";

/** A drizzle transaction of the project's Db; on PGlite, never touch the outer `db` while one is open. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
