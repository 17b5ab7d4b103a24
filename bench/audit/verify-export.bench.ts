/**
 * Audit benchmark (issue 6): a generated log in SQLite, then `verify` (every hash chain) and an
 * export as JSON lines, each in a fresh process with its peak RSS, beside the raw read + decode of
 * the same log in the same run (rawReadLog of bench/event-store) and the ratio.
 *
 *   npx tsx bench/audit/verify-export.bench.ts [--streams 10000] [--events 100]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteEventStore } from '@asc/event-store';
import { concurrently, fmt, progressEvent, rate } from '../event-store/bench-support';

const { values: args } = parseArgs({
  options: {
    streams: { type: 'string', default: '10000' },
    events: { type: 'string', default: '100' },
    /** Keep the generated log here (for profiling a child); default a temporary folder. */
    dir: { type: 'string' },
  },
});
const STREAMS = Number(args.streams);
const EVENTS = Number(args.events);
/** Events per second each must reach, whatever the baseline does. */
const TARGETS = { verify: 100_000, export: 50_000 };

interface ChildResult {
  events: number;
  ms: number;
  maxRssMb: number;
  rssQuartersMb: number[];
}

function child(mode: 'raw' | 'verify' | 'export', dataDir: string): ChildResult {
  const out = execFileSync(
    process.execPath,
    [...process.execArgv, join(__dirname, 'verify-export-child.ts'), mode, dataDir],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as ChildResult;
}

async function main() {
  console.log(`audit benchmark — ${new Date().toISOString()} — node ${process.version}`);
  console.log(
    `log: ${fmt(STREAMS)} streams × ${EVENTS} events = ${fmt(STREAMS * EVENTS)} events (SQLite)\n`,
  );
  const dir = args.dir ?? mkdtempSync(join(tmpdir(), 'bench-audit-'));
  let ok = true;
  try {
    const store = SqliteEventStore.open({ filename: join(dir, 'events.sqlite') });
    const started = performance.now();
    await concurrently(8, STREAMS, async (_w, s) => {
      const stream = `action-${String(s).padStart(8, '0')}`;
      for (let k = 0; k < EVENTS; k += 100) {
        const batch = Array.from({ length: Math.min(100, EVENTS - k) }, (_, i) =>
          progressEvent(k + i),
        );
        await store.appendToStream(stream, batch, {
          expectedVersion: k === 0 ? 'no_stream' : k - 1,
        });
      }
    });
    const head = await store.headPosition();
    await store.close();
    console.log(
      `generated ${fmt(head)} events in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );

    const raw = child('raw', dir);
    const rawRate = rate(raw.events, raw.ms);
    console.log(
      `${'raw read + decode'.padEnd(34)} ${fmt(rawRate)} ev/s, peak RSS ${raw.maxRssMb.toFixed(0)} MB`,
    );
    for (const mode of ['verify', 'export'] as const) {
      const result = child(mode, dir);
      if (result.events < head) throw new Error(`${mode} saw ${result.events} of ${head} events`);
      const ours = rate(result.events, result.ms);
      const fast = ours >= TARGETS[mode];
      ok &&= fast;
      console.log(
        `${mode.padEnd(34)} ${fmt(ours)} ev/s, ${(ours / rawRate).toFixed(2)}× the raw read ` +
          `(target ≥ ${fmt(TARGETS[mode])} ev/s: ${fast ? 'OK' : 'BELOW TARGET'}); ` +
          `peak RSS ${result.maxRssMb.toFixed(0)} MB, RSS by quarter of the run ${result.rssQuartersMb.join(' / ')} MB`,
      );
    }
  } finally {
    if (!args.dir) rmSync(dir, { recursive: true, force: true });
  }
  process.exitCode = ok ? 0 : 1;
}

void main();
