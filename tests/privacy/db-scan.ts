import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { PG_BOSS_SCHEMA } from "../../api/jobs/jobs.ts";
import { foundIn } from "./people.ts";

/*
 * Every text, varchar and jsonb (and text array) column of every table, ours and pg-boss's, read
 * whole: what retention promises to remove must be in none of them, whichever table a future
 * change adds. The columns come from information_schema, not from the drizzle schema, so a table
 * or column the code forgot is scanned too.
 */

export interface ColumnValue {
  /** schema.table.column */
  column: string;
  value: string;
}

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  // postgres.js answers with the rows, PGlite with { rows }.
  const result = (await db.execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

/** Every non-null value of every textual column of the app's and pg-boss's tables, as text. */
export async function textualValues(db: Db): Promise<ColumnValue[]> {
  const columns = await rows<{ table_schema: string; table_name: string; column_name: string }>(
    db,
    sql`select c.table_schema, c.table_name, c.column_name
        from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema in ('public', ${PG_BOSS_SCHEMA}) and t.table_type = 'BASE TABLE'
          and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb') or c.udt_name in ('_text', '_varchar'))
        order by 1, 2, 3`,
  );
  const values: ColumnValue[] = [];
  for (const { table_schema, table_name, column_name } of columns) {
    const found = await rows<{ v: string }>(
      db,
      sql`select ${sql.identifier(column_name)}::text as v from ${sql.identifier(table_schema)}.${sql.identifier(table_name)} where ${sql.identifier(column_name)} is not null`,
    );
    for (const { v } of found) values.push({ column: `${table_schema}.${table_name}.${column_name}`, value: v });
  }
  return values;
}

/** Where each needle was found: "schema.table.column: needle". Empty when none was. */
export function whereFound(values: readonly ColumnValue[], needles: readonly string[]): string[] {
  const hits = new Set<string>();
  for (const { column, value } of values) for (const needle of foundIn(value, needles)) hits.add(`${column}: ${needle}`);
  return [...hits].sort();
}

/** The columns scanned, to show the scan saw the tables that matter. */
export function columnsOf(values: readonly ColumnValue[]): Set<string> {
  return new Set(values.map((v) => v.column));
}
