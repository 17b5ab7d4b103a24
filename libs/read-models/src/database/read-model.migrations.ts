import { type ReadModelDialect } from './read-model-database';

/**
 * The read-model schema, as an ordered list of migrations. A migration is never edited once
 * released: a change is a new entry at the end. Read models are derived data, so a projection
 * whose shape changes more deeply can also bump its version and be rebuilt from the log.
 *
 * Types are chosen to mean the same in both dialects: dates and instants as ISO text (which sorts
 * in time order), booleans as 0/1 integers, the folded aggregate state as JSON text. Text that is
 * sorted on uses byte order in both (`COLLATE "C"` on PostgreSQL, SQLite's default BINARY).
 */
export interface ReadModelMigration {
  version: number;
  name: string;
  sql: Record<ReadModelDialect, string>;
}

const collate = { sqlite: '', postgres: ' COLLATE "C"' } as const;

function v1(dialect: ReadModelDialect): string {
  const c = collate[dialect];
  return `
    CREATE TABLE checkpoints (
      name       text PRIMARY KEY,
      position   bigint  NOT NULL,
      version    integer NOT NULL,
      updated_at text    NOT NULL
    );

    CREATE TABLE action_register (
      action_id               text PRIMARY KEY,
      plan_id                 text    NOT NULL,
      ref                     text${c} NOT NULL,
      title                   text    NOT NULL,
      quality_statement       text    NOT NULL,
      priority                text    NOT NULL,
      status                  text    NOT NULL,
      owner_id                text,
      owner_name              text,
      owner_email             text,
      owner_email_lower       text,
      due_date                text${c},
      percent_complete        integer NOT NULL,
      confidence              text,
      escalation_level        integer NOT NULL,
      escalated_to_board_id   text,
      awaiting_board_decision integer NOT NULL,
      due_date_change_count   integer NOT NULL,
      total_days_moved        integer NOT NULL,
      raised_at               text    NOT NULL,
      updated_at              text    NOT NULL,
      version                 integer NOT NULL,
      position                bigint  NOT NULL,
      state                   text    NOT NULL
    );
    CREATE INDEX action_register_order ON action_register (due_date, ref, action_id);
    CREATE INDEX action_register_plan ON action_register (plan_id, due_date, ref);
    CREATE INDEX action_register_owner ON action_register (owner_id);
    CREATE INDEX action_register_owner_email ON action_register (owner_email_lower);
    CREATE INDEX action_register_escalated ON action_register (escalated_to_board_id, awaiting_board_decision);

    CREATE TABLE plan_summary (
      plan_id    text PRIMARY KEY,
      authority  text    NOT NULL,
      title      text    NOT NULL,
      created_at text    NOT NULL,
      updated_at text    NOT NULL,
      version    integer NOT NULL,
      position   bigint  NOT NULL,
      state      text    NOT NULL
    );
  `;
}

/** Indexes of the action register in v1, as they are renamed to the versioned table. */
const V1_INDEXES = [
  ['order', '(due_date, ref, action_id)'],
  ['plan', '(plan_id, due_date, ref)'],
  ['owner', '(owner_id)'],
  ['owner_email', '(owner_email_lower)'],
  ['escalated', '(escalated_to_board_id, awaiting_board_decision)'],
] as const;

/**
 * Blue/green projections (ADR 12): each projection version writes tables of its own
 * (`action_register_v1`), queries read a view of the active version's tables (`action_register`),
 * `projection_versions` says which version is active, and a checkpoint is kept per name and version.
 */
function v2(dialect: ReadModelDialect): string {
  const indexes = V1_INDEXES.map(([name, columns]) =>
    dialect === 'sqlite'
      ? `DROP INDEX action_register_${name};
         CREATE INDEX action_register_v1_${name} ON action_register_v1 ${columns};`
      : `ALTER INDEX action_register_${name} RENAME TO action_register_v1_${name};`,
  ).join('\n');
  const checkpoints =
    dialect === 'sqlite'
      ? `CREATE TABLE checkpoints_by_version (
           name       text    NOT NULL,
           version    integer NOT NULL,
           position   bigint  NOT NULL,
           updated_at text    NOT NULL,
           PRIMARY KEY (name, version)
         );
         INSERT INTO checkpoints_by_version (name, version, position, updated_at)
           SELECT name, version, position, updated_at FROM checkpoints;
         DROP TABLE checkpoints;
         ALTER TABLE checkpoints_by_version RENAME TO checkpoints;`
      : `ALTER TABLE checkpoints DROP CONSTRAINT checkpoints_pkey, ADD PRIMARY KEY (name, version);
         ALTER INDEX action_register_pkey RENAME TO action_register_v1_pkey;
         ALTER INDEX plan_summary_pkey RENAME TO plan_summary_v1_pkey;`;
  return `
    ALTER TABLE action_register RENAME TO action_register_v1;
    ALTER TABLE plan_summary RENAME TO plan_summary_v1;
    ${indexes}
    CREATE VIEW action_register AS SELECT * FROM action_register_v1;
    CREATE VIEW plan_summary AS SELECT * FROM plan_summary_v1;
    ${checkpoints}
    CREATE TABLE projection_versions (
      name        text PRIMARY KEY,
      version     integer NOT NULL,
      switched_at text
    );
    INSERT INTO projection_versions (name, version) VALUES ('action-register', 1), ('plan-summary', 1);
  `;
}

export const READ_MODEL_MIGRATIONS: readonly ReadModelMigration[] = [
  {
    version: 1,
    name: 'checkpoints, action register, plan summary',
    sql: { sqlite: v1('sqlite'), postgres: v1('postgres') },
  },
  {
    version: 2,
    name: 'versioned projection tables behind views, checkpoints per version',
    sql: { sqlite: v2('sqlite'), postgres: v2('postgres') },
  },
];
