/**
 * Projection lag under load (issue 4): the built engine (its own process, SQLite by default)
 * takes POST /actions/:id/progress at a fixed 300 commands/s for 20 s (autocannon overallRate).
 * Each command's lag is the time from its 2xx answer, which carries the log `position` of its
 * event, until the engine's /metrics reports `asc_projection_position` at or past that position.
 * /metrics is scraped back to back (each scrape starts when the previous answer arrived) and a
 * sample is timed when its answer arrives, so a lag is an upper bound: it includes up to one
 * scrape's round trip (printed). Target: p99 < 250 ms.
 *
 *   npm run build && npx tsx bench/projections/lag.bench.ts -- [--rate 300] [--duration 20]
 *     [--actions 200] [--store sqlite|postgres] [--projection action-register] [--split]
 *
 * `--split`: the read models kept by a worker process and the API at PROJECTIONS=off (ADR 16);
 * the lag then includes the worker noticing another process's append and the API's follow poll.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { fmt, PG_ADMIN_URL } from '../event-store/bench-support';
import { benchToken, seedActions, startEngine, startWorker } from '../support/engine-process';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '300' },
    duration: { type: 'string', default: '20' },
    actions: { type: 'string', default: '200' },
    connections: { type: 'string', default: '16' },
    store: { type: 'string', default: 'sqlite' },
    projection: { type: 'string', default: 'action-register' },
    port: { type: 'string', default: '3927' },
    split: { type: 'boolean', default: false },
  },
});
const RATE = Number(args.rate);
const DURATION = Number(args.duration);
const PORT = Number(args.port);
const BASE = `http://127.0.0.1:${PORT}`;
const TARGET_P99_MS = 250;

/** Commands answered and not yet seen by the projection: position → answer time. */
interface Pending {
  position: number;
  answeredAt: number;
}

async function main() {
  console.log(`projection lag benchmark — ${new Date().toISOString()} — node ${process.version}`);
  console.log(
    `${RATE} commands/s for ${DURATION} s over ${args.actions} actions, ${args.store}, projection ${args.projection}` +
      (args.split ? ', kept by a worker process (API at PROJECTIONS=off)' : '') +
      '\n',
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-lag-'));
  let database: string | undefined;
  const env: Record<string, string> = {};
  if (args.store === 'postgres') {
    database = `lag_bench_${Date.now()}`;
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${database}`;
    Object.assign(env, { EVENT_STORE: 'postgres', DATABASE_URL: url.toString() });
  }
  const worker = args.split ? await startWorker(dataDir, env) : undefined;
  const engine = await startEngine(
    PORT,
    dataDir,
    args.split ? { ...env, PROJECTIONS: 'off' } : env,
  );
  let ok = false;
  try {
    const lead = await benchToken('bench-lead', ['admin', 'lead']);
    const owner = await benchToken('bench-owner', ['owner'], '2h');
    const ids = await seedActions(BASE, lead, Number(args.actions));

    const pending: Pending[] = [];
    const lags: number[] = [];
    const scrapes: number[] = [];
    let answered = 0;
    let failed = 0;
    let scraping = true;
    const positionLine = new RegExp(
      `^asc_projection_position\\{projection="${args.projection}"\\} (\\d+)`,
      'm',
    );
    const scraper = (async () => {
      while (scraping) {
        const sent = performance.now();
        const text = await (await fetch(`${BASE}/metrics`)).text();
        const at = performance.now();
        scrapes.push(at - sent);
        const position = Number(positionLine.exec(text)?.[1] ?? 0);
        // Every command answered before this sample and at or below its position is now seen.
        for (let i = pending.length - 1; i >= 0; i--) {
          if (pending[i].position <= position) {
            lags.push(Math.max(0, at - pending[i].answeredAt));
            pending.splice(i, 1);
          }
        }
      }
    })();

    let next = 0;
    const result = await new Promise<autocannon.Result>((resolve, reject) =>
      autocannon(
        {
          url: BASE,
          connections: Number(args.connections),
          duration: DURATION,
          overallRate: RATE,
          requests: [
            {
              method: 'POST',
              headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
              body: JSON.stringify({ percentComplete: 40, confidence: 'on-track', note: 'Lag' }),
              setupRequest: (req) => ({
                ...req,
                path: `/actions/${ids[next++ % ids.length]}/progress`,
              }),
              onResponse: (status, body) => {
                if (status < 200 || status >= 300) {
                  failed++;
                  return;
                }
                answered++;
                pending.push({
                  position: (JSON.parse(body) as { position: number }).position,
                  answeredAt: performance.now(),
                });
              },
            },
          ],
        },
        (error, r) => (error ? reject(error) : resolve(r)),
      ),
    );
    // Let the projection catch up with the last commands, then stop sampling.
    const until = performance.now() + 5000;
    while (pending.length > 0 && performance.now() < until) {
      await new Promise((r) => setTimeout(r, 10));
    }
    scraping = false;
    await scraper;

    const sorted = [...lags].sort((a, b) => a - b);
    const pct = (p: number) =>
      sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    const scrapeSorted = [...scrapes].sort((a, b) => a - b);
    const p99 = pct(0.99);
    ok = pending.length === 0 && failed === 0 && p99 < TARGET_P99_MS;
    console.log(
      `commands: ${fmt(answered)} answered 2xx (${fmt(result.requests.average)} req/s), ${failed} not 2xx, ` +
        `command latency p50 ${result.latency.p50} ms p99 ${result.latency.p99} ms`,
    );
    console.log(
      `projection lag (answer → /metrics shows its position): p50 ${pct(0.5).toFixed(0)} ms  ` +
        `p90 ${pct(0.9).toFixed(0)} ms  p99 ${p99.toFixed(0)} ms  max ${sorted.at(-1)!.toFixed(0)} ms ` +
        `(target p99 < ${TARGET_P99_MS} ms) ${ok ? 'OK' : 'ABOVE TARGET'}`,
    );
    console.log(
      `scrapes: ${fmt(scrapes.length)}, round trip p50 ${scrapeSorted[Math.floor(scrapeSorted.length / 2)].toFixed(1)} ms ` +
        `(a lag includes up to one), never seen: ${pending.length}`,
    );
  } finally {
    engine.kill('SIGTERM');
    worker?.kill('SIGTERM');
    await new Promise((r) => engine.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
    if (database) {
      const admin = new Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
  }
  process.exitCode = ok ? 0 : 1;
}

void main();
