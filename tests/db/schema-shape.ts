import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import { is, sql } from "drizzle-orm";
import { PgTable as PgTableClass } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.ts";
import * as schema from "../../db/schema/index.ts";

/** Tables, columns and constraints as a database reports them, in a driver-independent shape. */
export interface SchemaShape {
  columns: string[];
  constraints: string[];
  indexes: string[];
}

export async function readSchemaShape(db: Db): Promise<SchemaShape> {
  const rows = async <T>(query: ReturnType<typeof sql>) => {
    const result = (await db.execute(query)) as unknown as { rows?: T[] } | T[];
    return Array.isArray(result) ? result : (result.rows ?? []);
  };
  const columns = await rows<{ c: string }>(sql`
    select table_name || '.' || column_name || ' ' ||
           case when data_type = 'USER-DEFINED' then udt_name else data_type end ||
           case when is_nullable = 'NO' then ' not null' else '' end as c
    from information_schema.columns where table_schema = 'public'`);
  // contype 'n' (named NOT NULL constraints) exists only from PostgreSQL 18, i.e. in PGlite.
  const constraints = await rows<{ c: string }>(sql`
    select conrelid::regclass::text || ' ' || contype::text || ' ' || conname::text as c
    from pg_constraint
    where connamespace = 'public'::regnamespace and contype in ('p', 'u', 'f', 'c')`);
  const indexes = await rows<{ c: string }>(sql`
    select tablename || ' ' || indexname as c from pg_indexes where schemaname = 'public'`);
  return {
    columns: columns.map((r) => r.c).sort(),
    constraints: constraints.map((r) => r.c).sort(),
    indexes: indexes.map((r) => r.c).sort(),
  };
}

/** The same shape, derived from the drizzle schema the code is written against. */
export function expectedSchemaShape(): SchemaShape {
  const shape: SchemaShape = { columns: [], constraints: [], indexes: [] };
  const tables = Object.values(schema as Record<string, unknown>).filter((value): value is PgTable =>
    is(value, PgTableClass),
  );
  for (const table of tables) {
    const config = getTableConfig(table);
    const t = config.name;
    shape.constraints.push(`${t} p ${t}_pkey`);
    shape.indexes.push(`${t} ${t}_pkey`);
    for (const column of config.columns) {
      shape.columns.push(`${t}.${column.name} ${column.getSQLType()}${column.notNull ? " not null" : ""}`);
      if (column.isUnique) {
        const name = column.uniqueName ?? `${t}_${column.name}_unique`;
        shape.constraints.push(`${t} u ${name}`);
        shape.indexes.push(`${t} ${name}`);
      }
    }
    for (const unique of config.uniqueConstraints) {
      const name = unique.getName();
      shape.constraints.push(`${t} u ${name}`);
      shape.indexes.push(`${t} ${name}`);
    }
    for (const fk of config.foreignKeys) shape.constraints.push(`${t} f ${fk.getName()}`);
    for (const check of config.checks) shape.constraints.push(`${t} c ${check.name}`);
    for (const index of config.indexes) shape.indexes.push(`${t} ${index.config.name}`);
  }
  return { columns: shape.columns.sort(), constraints: shape.constraints.sort(), indexes: shape.indexes.sort() };
}
