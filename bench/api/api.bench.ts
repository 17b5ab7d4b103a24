/**
 * API benchmark (issue 3): autocannon, 32 connections, 20 s, against the built engine running as
 * its own process on the embedded default.
 *   1. POST /actions/:id/progress spread over 1,000 existing actions, beside the event store's own
 *      append rate (one event per append with an expected version) measured in the same run;
 *   2. GET /actions/:id over the same actions, judged against the same append rate as the issue
 *      asks, with the store's own read-and-fold rate printed for scale.
 *
 * With `--split`, the production layout beside a worker: the read models are kept by a worker
 * process (`dist/apps/worker`, chaser off) and the API runs with PROJECTIONS=off.
 *
 *   npm run build && npm run bench:api -- [--duration 20] [--connections 32] [--actions 1000] [--split]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { actionDecider, replay } from '@asc/domain';
import { createEventStore } from '@asc/event-store';
import { concurrently, fmt, progressEvent, rate } from '../event-store/bench-support';
import { benchToken, seedActions, startEngine, startWorker } from '../support/engine-process';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '32' },
    actions: { type: 'string', default: '1000' },
    port: { type: 'string', default: '3917' },
    split: { type: 'boolean', default: false },
  },
});
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const ACTIONS = Number(args.actions);
const PORT = Number(args.port);
const BASE = `http://127.0.0.1:${PORT}`;

async function main() {
  console.log(`API benchmark — ${new Date().toISOString()} — node ${process.version}`);
  console.log(
    `${CONNECTIONS} connections for ${DURATION} s per run, ${fmt(ACTIONS)} actions, SQLite (embedded default)` +
      (args.split
        ? '; API with PROJECTIONS=off beside a worker process that keeps the read models'
        : '') +
      '\n',
  );

  const storeAppend = await storeAppendRate();
  const storeRead = await storeReadRate();

  const dataDir = mkdtempSync(join(tmpdir(), 'bench-api-'));
  const worker = args.split ? await startWorker(dataDir) : undefined;
  const server = await startEngine(PORT, dataDir, args.split ? { PROJECTIONS: 'off' } : {});
  let ok = true;
  try {
    const lead = await benchToken('bench-lead', ['admin', 'lead']);
    const owner = await benchToken('bench-owner', ['owner'], '2h');
    const ids = await seedActions(BASE, lead, ACTIONS);

    // One request template; each request takes the next action, so the connections spread over
    // the actions instead of marching through the same list in step.
    let next = 0;
    const pick = () => ids[next++ % ids.length];
    const writes = await run('POST /actions/:id/progress', [
      {
        method: 'POST',
        headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          percentComplete: 40,
          confidence: 'on-track',
          note: 'Weekly update to the clinic',
        }),
        setupRequest: (req) => ({ ...req, path: `/actions/${pick()}/progress` }),
      },
    ]);
    ok = report(writes, storeAppend, 'store appends') && ok;

    const reads = await run('GET /actions/:id', [
      {
        method: 'GET',
        headers: { authorization: `Bearer ${owner}` },
        setupRequest: (req) => ({ ...req, path: `/actions/${pick()}` }),
      },
    ]);
    ok = report(reads, storeAppend, 'store appends') && ok;
    console.log(
      `${''.padEnd(28)} for scale: the store alone reads and folds ${fmt(storeRead)} streams/s`,
    );
    const ceiling = await helloWorldCeiling();
    console.log(
      `${''.padEnd(28)} for scale: bare Fastify hello-world on this machine, same load generator: ${fmt(ceiling)} req/s`,
    );
  } finally {
    server.kill('SIGTERM');
    worker?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exitCode = ok ? 0 : 1;
}

/**
 * The raw store: one ProgressReported per append to an existing stream with its expected version,
 * 32 writers, as the engine's command does. The streams exist before the clock starts, as the
 * actions do before the HTTP run.
 */
async function storeAppendRate(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-api-store-'));
  const store = await createEventStore({ kind: 'sqlite', dataDir: dir });
  const versions = new Map<string, number>();
  await concurrently(CONNECTIONS, ACTIONS, async (_w, i) => {
    await store.appendToStream(`action-${i}`, [progressEvent(i)], { expectedVersion: 'no_stream' });
    versions.set(`action-${i}`, 0);
  });
  const total = 20_000;
  const start = performance.now();
  await concurrently(CONNECTIONS, total, async (_w, i) => {
    const stream = `action-${i % ACTIONS}`;
    const expected = versions.get(stream) ?? -1;
    versions.set(stream, expected + 1);
    await store.appendToStream(stream, [progressEvent(i)], { expectedVersion: expected });
  });
  const result = rate(total, performance.now() - start);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(`store: ${fmt(result)} appends/s (SQLite, ${fmt(total)} appends)`);
  return result;
}

/** The raw store: read an action's stream and fold it, as GET /actions/:id does. */
async function storeReadRate(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-api-store-'));
  const store = await createEventStore({ kind: 'sqlite', dataDir: dir });
  for (let i = 0; i < ACTIONS; i++) {
    await store.appendToStream(
      `action-${i}`,
      [progressEvent(i), progressEvent(i), progressEvent(i)],
      { expectedVersion: 'no_stream' },
    );
  }
  const total = 50_000;
  const start = performance.now();
  await concurrently(CONNECTIONS, total, async (_w, i) => {
    const events = await store.readStream(`action-${i % ACTIONS}`);
    replay(actionDecider, events as never);
  });
  const result = rate(total, performance.now() - start);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(`store: ${fmt(result)} stream reads+folds/s\n`);
  return result;
}

/** The HTTP ceiling here: a bare Fastify route answering {}, driven the same way. */
async function helloWorldCeiling(): Promise<number> {
  const port = PORT + 1;
  const code = `require('fastify')().get('/', async () => ({})).listen({ port: ${port}, host: '127.0.0.1' })`;
  const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
  try {
    for (
      let i = 0;
      i < 50 &&
      !(await fetch(`http://127.0.0.1:${port}/`).then(
        (r) => r.ok,
        () => false,
      ));
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const result = await new Promise<autocannon.Result>((resolve, reject) =>
      autocannon(
        {
          url: `http://127.0.0.1:${port}/`,
          connections: CONNECTIONS,
          duration: Math.min(DURATION, 10),
        },
        (e, r) => (e ? reject(e) : resolve(r)),
      ),
    );
    return result.requests.average;
  } finally {
    child.kill();
  }
}

function run(title: string, requests: autocannon.Request[]): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: BASE, connections: CONNECTIONS, duration: DURATION, requests, title },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    autocannon.track(instance, {
      renderProgressBar: false,
      renderResultsTable: false,
      renderLatencyTable: false,
    });
  });
}

function report(result: autocannon.Result, baseline: number, baselineName: string): boolean {
  const rps = result.requests.average;
  const ratio = rps / baseline;
  const p99 = result.latency.p99;
  const errors = result.non2xx + result.errors + result.timeouts;
  const fiveXx = result['5xx'];
  const ok = ratio >= 0.5 && p99 < 100 && fiveXx === 0;
  console.log(
    `${result.title!.padEnd(28)} ${fmt(rps).padStart(7)} req/s   ${baselineName} ${fmt(baseline).padStart(7)}/s   ratio ${ratio.toFixed(2)}× (≥ 0.5×)   ` +
      `p50 ${result.latency.p50} ms  p99 ${p99} ms (< 100)   non-2xx ${errors} (5xx ${fiveXx})   ${ok ? 'OK' : 'BELOW TARGET'}`,
  );
  return ok;
}

void main();
