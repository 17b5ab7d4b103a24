import {
  type CheckpointRow,
  type ReadModelSql,
  type ReadModelTransaction,
} from './database/read-model-database';
import { type Projection, versionedTable } from './projection';

/** The checkpoint of one version of a projection (each version has its own, ADR 12). */
export async function readCheckpoint(
  sql: ReadModelSql,
  name: string,
  version: number,
): Promise<CheckpointRow | undefined> {
  const rows = await sql.query<CheckpointRow>(
    'SELECT name, position, version FROM checkpoints WHERE name = ? AND version = ?',
    [name, version],
  );
  const row = rows[0];
  return row && { name: row.name, position: Number(row.position), version: Number(row.version) };
}

export async function writeCheckpoint(
  sql: ReadModelSql,
  checkpoint: CheckpointRow,
  at: string,
): Promise<void> {
  await sql.run(
    `INSERT INTO checkpoints (name, position, version, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (name, version) DO UPDATE SET position = excluded.position,
       updated_at = excluded.updated_at`,
    [checkpoint.name, checkpoint.position, checkpoint.version, at],
  );
}

/** The version of a projection that queries read (undefined before any version ran). */
export async function activeVersion(sql: ReadModelSql, name: string): Promise<number | undefined> {
  const [row] = await sql.query<{ version: number }>(
    'SELECT version FROM projection_versions WHERE name = ?',
    [name],
  );
  return row && Number(row.version);
}

/** Creates the tables of the projection's version, when missing. */
export async function createVersionTables(
  tx: ReadModelTransaction,
  projection: Projection,
): Promise<void> {
  for (const table of projection.tables) {
    const physical = versionedTable(table.name, projection.version);
    for (const statement of table.ddl(physical, tx.dialect)) await tx.run(statement);
  }
}

/**
 * Makes the projection's version the one queries read: the pointer row and every view move in
 * one transaction, so a query sees the old version or the new one, never a mix. False when the
 * active version is no longer `from` (another runner switched first).
 */
export async function switchVersion(
  tx: ReadModelTransaction,
  projection: Projection,
  from: number | undefined,
  at: string,
): Promise<boolean> {
  const moved =
    from === undefined
      ? await tx.run(
          `INSERT INTO projection_versions (name, version, switched_at) VALUES (?, ?, ?)
           ON CONFLICT (name) DO NOTHING`,
          [projection.name, projection.version, at],
        )
      : await tx.run(
          'UPDATE projection_versions SET version = ?, switched_at = ? WHERE name = ? AND version = ?',
          [projection.version, at, projection.name, from],
        );
  if (moved !== 1) return false;
  for (const table of projection.tables) {
    await tx.run(`DROP VIEW IF EXISTS ${table.name}`);
    await tx.run(
      `CREATE VIEW ${table.name} AS SELECT * FROM ${versionedTable(table.name, projection.version)}`,
    );
  }
  return true;
}

/**
 * Drops the tables and checkpoints of the projection's versions older than the active one:
 * nothing reads them once the views moved. Newer versions (being built elsewhere) are kept.
 */
export async function dropOlderVersions(
  tx: ReadModelTransaction,
  projection: Projection,
  active: number,
): Promise<number[]> {
  const rows = await tx.query<{ version: number }>(
    'SELECT version FROM checkpoints WHERE name = ? AND version < ?',
    [projection.name, active],
  );
  const versions = rows.map((r) => Number(r.version));
  for (const version of versions) {
    for (const table of projection.tables) {
      await tx.run(`DROP TABLE IF EXISTS ${versionedTable(table.name, version)}`);
    }
  }
  await tx.run('DELETE FROM checkpoints WHERE name = ? AND version < ?', [projection.name, active]);
  return versions;
}
