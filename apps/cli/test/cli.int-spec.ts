/**
 * The operations CLI as an IT department and a newcomer use it, on a real SQLite store in a
 * temporary DATA_DIR: a token the engine accepts, the Medway seed (and that it loads nothing
 * twice), verify finding a tampered event, an online backup that is a whole, intact log, an audit
 * export that is on record, and a rebuild of the read models.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Command } from 'commander';
import { TokenVerifier } from '@asc/auth';
import { loadEngineConfig } from '@asc/config';
import { createEventStore, SQLITE_EVENTS_FILE } from '@asc/event-store';
import { createReadModelDatabase, PlanSummaryQuery } from '@asc/read-models';
import { registerBackupCommand } from '../src/backup/backup.command';
import { registerExportCommand } from '../src/export/export.command';
import { registerRebuildCommand } from '../src/rebuild/rebuild.command';
import { registerSeedCommand } from '../src/seed/seed.command';
import { registerTokenCommand } from '../src/token/token.command';
import { registerVerifyCommand } from '../src/verify/verify.command';

const ROOT = join(__dirname, '../../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
// The command's default folder is found from the built bundle (dist/apps/cli), not from here.
const FIXTURES = ['--fixtures', join(ROOT, 'fixtures')];

let dataDir: string;
/** What the last command printed to stderr (where export reports, as stdout may be the data). */
let stderr: string[] = [];
const savedEnv = { ...process.env };

/** Runs one CLI command line in this process; returns what it printed to stdout. */
async function cli(...args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  registerTokenCommand(program);
  registerSeedCommand(program);
  registerVerifyCommand(program);
  registerBackupCommand(program);
  registerExportCommand(program);
  registerRebuildCommand(program);
  const lines: string[] = [];
  stderr = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    lines.push(parts.join(' '));
  });
  const error = jest.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
    stderr.push(parts.join(' '));
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
  return lines.join('\n');
}

async function headPosition(dir = dataDir): Promise<number> {
  const store = await createEventStore({ kind: 'sqlite', dataDir: dir });
  try {
    return await store.headPosition();
  } finally {
    await store.close();
  }
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'cli-'));
  process.env = { ...savedEnv, DATA_DIR: dataDir, EVENT_STORE: 'sqlite' };
  delete process.env.AUTH_JWT_SECRET;
  delete process.env.AUTH_JWKS_URL;
  process.exitCode = undefined;
});

afterEach(() => {
  process.env = savedEnv;
  process.exitCode = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('engine token', () => {
  it('prints a token the engine accepts, signed with the secret kept in DATA_DIR', async () => {
    const token = await cli(
      'token',
      '--sub',
      'jo.lead',
      '--name',
      'Jo Lead',
      '--roles',
      'lead,admin',
    );

    const verifier = TokenVerifier.fromConfig(loadEngineConfig(process.env), {
      log: () => undefined,
      warn: () => undefined,
    });
    const principal = await verifier.verify(token);
    expect(principal).toMatchObject({ id: 'jo.lead', name: 'Jo Lead', roles: ['lead', 'admin'] });
  });

  it('refuses an unknown role, naming it', async () => {
    await expect(cli('token', '--sub', 'x', '--roles', 'lead,wizard')).rejects.toThrow(
      'unknown role(s): wizard',
    );
  });
});

describe('engine seed', () => {
  it('loads the Medway plan under the id the README gives, and nothing twice', async () => {
    const first = await cli('seed', ...FIXTURES);
    expect(first).toContain(
      'medway-asc-self-assessment-2024.txt: 62 actions raised (0 already present)',
    );
    expect(first).toContain('cqc-governance-quality-statement.txt: 0 actions raised');
    const planId = /seed: Medway plan ([0-9a-f-]{36})/.exec(first)![1];
    expect(README).toContain(`MEDWAY=${planId}`);
    const loaded = await headPosition();
    expect(loaded).toBeGreaterThan(62);

    expect(await cli('seed', '--if-empty', ...FIXTURES)).toContain(
      'already holds events; nothing loaded',
    );
    const again = await cli('seed', ...FIXTURES);
    expect(again).toContain('0 actions raised (62 already present)');
    expect(await headPosition()).toBe(loaded);
  });
});

describe('engine verify and engine backup', () => {
  it('verify passes an intact log and names a tampered event (exit code 2)', async () => {
    await cli('seed', ...FIXTURES);
    expect(await cli('verify')).toMatch(/^OK: \d+ events in \d+ streams, every chain intact\.$/m);
    expect(process.exitCode).toBe(0);

    // What someone with the file could do: drop the guard and rewrite an event's data.
    const db = new Database(join(dataDir, SQLITE_EVENTS_FILE));
    db.exec('DROP TRIGGER es_events_immutable_update');
    const { position } = db
      .prepare(
        "SELECT position FROM es_events WHERE type = 'ActionRaised' ORDER BY position LIMIT 1",
      )
      .get() as { position: number };
    db.prepare(
      `UPDATE es_events SET data = json_set(data, '$.title', 'Nothing to see here') WHERE position = ?`,
    ).run(position);
    db.close();

    const report = await cli('verify');
    expect(report).toContain(`BROKEN: `);
    expect(report).toContain(`(position ${position},`);
    expect(process.exitCode).toBe(2);
  });

  it('backup copies the store while it is open: the copy is the whole log, intact', async () => {
    await cli('seed', ...FIXTURES);
    const open = await createEventStore({ kind: 'sqlite', dataDir });
    const copyDir = mkdtempSync(join(tmpdir(), 'cli-backup-'));
    try {
      const out = await cli('backup', join(copyDir, SQLITE_EVENTS_FILE));
      expect(out).toContain(`to ${join(copyDir, SQLITE_EVENTS_FILE)}`);

      const copy = await createEventStore({ kind: 'sqlite', dataDir: copyDir });
      try {
        expect(await copy.headPosition()).toBe(await open.headPosition());
        expect((await copy.verify()).ok).toBe(true);
      } finally {
        await copy.close();
      }
    } finally {
      await open.close();
      rmSync(copyDir, { recursive: true, force: true });
    }
  });
});

describe('engine export and engine rebuild', () => {
  it('export writes every event to the file and puts the export itself on record', async () => {
    await cli('seed', ...FIXTURES);
    const before = await headPosition();
    const out = join(dataDir, 'export.jsonl');

    await cli('export', '--out', out, '--actor', 'it.ops');

    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(before);
    expect(lines.map((line) => (JSON.parse(line) as { position: number }).position)).toEqual(
      Array.from({ length: before }, (_, i) => i + 1),
    );
    expect(stderr.join('\n')).toMatch(new RegExp(`exported ${before} events .* to ${out}`));
    const store = await createEventStore({ kind: 'sqlite', dataDir });
    try {
      const recorded = await store.readAll({ after: before });
      expect(recorded.map((e) => [e.type, e.metadata.actor])).toEqual([
        ['AuditExportStarted', 'it.ops'],
        ['AuditExportCompleted', 'it.ops'],
      ]);
    } finally {
      await store.close();
    }
  });

  it('export refuses a date without its offset, naming the option, and records nothing', async () => {
    await cli('seed', ...FIXTURES);
    const before = await headPosition();
    await expect(cli('export', '--from', '2025-04-01T00:00:00')).rejects.toThrow('--from');
    expect(await headPosition()).toBe(before);
  });

  it('rebuild projects the whole log again and says up to where', async () => {
    const planId = /seed: Medway plan (\S+)/.exec(await cli('seed', ...FIXTURES))![1];
    const head = await headPosition();
    expect(await cli('rebuild')).toMatch(new RegExp(`^rebuilt .+ up to position ${head} in`));

    const db = await createReadModelDatabase({ eventStore: 'sqlite', dataDir });
    try {
      const plan = await new PlanSummaryQuery(db).get(planId);
      expect(plan?.authority).toBe('Medway Council');
      expect(plan?.boards.map((b) => b.boardId)).toEqual([
        'performance-clinic',
        'qapi-board',
        'health-asc-oversight-board',
      ]);
    } finally {
      await db.close();
    }
  });
});
