import { type CheckpointRow, type ReadModelSql } from './database/read-model-database';

export async function readCheckpoint(
  sql: ReadModelSql,
  name: string,
): Promise<CheckpointRow | undefined> {
  const rows = await sql.query<CheckpointRow>(
    'SELECT name, position, version FROM checkpoints WHERE name = ?',
    [name],
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
     ON CONFLICT (name) DO UPDATE SET position = excluded.position, version = excluded.version,
       updated_at = excluded.updated_at`,
    [checkpoint.name, checkpoint.position, checkpoint.version, at],
  );
}
