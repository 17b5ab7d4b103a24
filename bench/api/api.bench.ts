/**
 * API benchmark (issue 3): autocannon, 32 connections, 20 s, against the built engine running as
 * its own process on the embedded default.
 *   1. POST /actions/:id/progress spread over 1,000 existing actions, beside the event store's own
 *      append rate (one event per append with an expected version) measured in the same run;
 *   2. GET /actions/:id over the same actions, judged against the same append rate as the issue
 *      asks, with the store's own read-and-fold rate printed for scale;
 *   3. after the POST run, the same POST against stack-floor.server.ts (the fixed stack and one
 *      append, no engine), then that stack answering without the append: what any engine on
 *      this stack could reach here.
 * Each run also prints the CPU one request cost across the processes serving it and the load
 * generator, and the cores the target rate (half the store's append rate) would need.
 *
 * With `--split`, the production layout beside a worker: the read models are kept by a worker
 * process (`dist/apps/worker`, chaser off) and the API runs with PROJECTIONS=off.
 *
 *   npm run build && npm run bench:api -- [--duration 20] [--connections 32] [--actions 1000] [--split]
 *     [--only post|get]
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
import { type CpuShare, describeCpu, startCpuMeter } from '../support/cpu-meter';
import {
  BENCH_SECRET,
  benchToken,
  seedActions,
  startEngine,
  startWorker,
} from '../support/engine-process';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '32' },
    actions: { type: 'string', default: '1000' },
    port: { type: 'string', default: '3917' },
    split: { type: 'boolean', default: false },
    /** `post` or `get`: one run only, e.g. under a CPU profile. */
    only: { type: 'string' },
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
    const pad = ''.padEnd(28);
    const processes = { engine: server.pid, ...(worker ? { worker: worker.pid } : {}) };
    if (args.only !== 'get') {
      const stop = startCpuMeter(processes);
      const writes = await run('POST /actions/:id/progress', [progressRequest(owner, pick)]);
      const cpu = stop();
      ok = report(writes, storeAppend, 'store appends') && ok;
      console.log(`${pad} ${describeCpu(cpu, writes.requests.total, storeAppend / 2)}`);
      for (const append of [true, false]) {
        const floor = await stackFloor(owner, ids, append);
        report(floor.result, storeAppend, 'store appends', false);
        console.log(
          `${pad} ${describeCpu(floor.cpu, floor.result.requests.total, storeAppend / 2)}`,
        );
        if (append) {
          console.log(
            `${pad} the engine's POST is ${(writes.requests.average / floor.result.requests.average).toFixed(2)}× the stack floor's`,
          );
        }
      }
    }
    if (args.only !== 'post') {
      const stop = startCpuMeter(processes);
      const reads = await run('GET /actions/:id', [
        {
          method: 'GET',
          headers: { authorization: `Bearer ${owner}` },
          setupRequest: (req) => ({ ...req, path: `/actions/${pick()}` }),
        },
      ]);
      const cpu = stop();
      ok = report(reads, storeAppend, 'store appends') && ok;
      console.log(`${pad} ${describeCpu(cpu, reads.requests.total, storeAppend / 2)}`);
      console.log(`${pad} for scale: the store alone reads and folds ${fmt(storeRead)} streams/s`);
      const ceiling = await helloWorldCeiling();
      console.log(
        `${pad} for scale: bare Fastify hello-world on this machine, same load generator: ${fmt(ceiling)} req/s`,
      );
    }
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

/** One POST /actions/:id/progress template; `pick` chooses each request's action. */
function progressRequest(token: string, pick: () => string): autocannon.Request {
  return {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      percentComplete: 40,
      confidence: 'on-track',
      note: 'Weekly update to the clinic',
    }),
    setupRequest: (req) => ({ ...req, path: `/actions/${pick()}/progress` }),
  };
}

/**
 * The same POST, same load, against stack-floor.server.ts: the fixed stack (NestJS on Fastify,
 * jose, class-validator) and one append to the same store, with no engine; with `append` false,
 * the stack alone answering 200. What this reaches is what any engine on this stack could reach
 * here, at most.
 */
async function stackFloor(
  token: string,
  ids: string[],
  append: boolean,
): Promise<{ result: autocannon.Result; cpu: CpuShare[] }> {
  const port = PORT + 2;
  const dir = mkdtempSync(join(tmpdir(), 'bench-api-floor-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'stack-floor.server.ts')],
    {
      env: {
        ...process.env,
        PORT: String(port),
        DATA_DIR: dir,
        AUTH_JWT_SECRET: BENCH_SECRET,
        FLOOR_APPEND: append ? 'on' : 'off',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  try {
    const url = `http://127.0.0.1:${port}`;
    const post = (id: string) =>
      fetch(`${url}/actions/${id}/progress`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ percentComplete: 0, confidence: 'on-track', note: 'Raised' }),
      }).then(
        (r) => r.ok,
        () => false,
      );
    for (let i = 0; i < 100 && !(await post(ids[0])); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    // Every stream exists before the clock starts, as the engine's actions do.
    await concurrently(8, ids.length, async (_w, i) => {
      if (!(await post(ids[i]))) throw new Error('the stack floor server refused a request');
    });
    let next = 0;
    const stop = startCpuMeter({ floor: child.pid });
    const result = await run(
      append ? 'stack floor + append' : 'stack floor, no append',
      [progressRequest(token, () => ids[next++ % ids.length])],
      url,
    );
    return { result, cpu: stop() };
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
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

function run(
  title: string,
  requests: autocannon.Request[],
  url = BASE,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, connections: CONNECTIONS, duration: DURATION, requests, title },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    autocannon.track(instance, {
      renderProgressBar: false,
      renderResultsTable: false,
      renderLatencyTable: false,
    });
  });
}

function report(
  result: autocannon.Result,
  baseline: number,
  baselineName: string,
  judged = true,
): boolean {
  const rps = result.requests.average;
  const ratio = rps / baseline;
  const p99 = result.latency.p99;
  const errors = result.non2xx + result.errors + result.timeouts;
  const fiveXx = result['5xx'];
  const ok = ratio >= 0.5 && p99 < 100 && fiveXx === 0;
  console.log(
    `${result.title!.padEnd(28)} ${fmt(rps).padStart(7)} req/s   ${baselineName} ${fmt(baseline).padStart(7)}/s   ratio ${ratio.toFixed(2)}× (≥ 0.5×)   ` +
      `p50 ${result.latency.p50} ms  p99 ${p99} ms (< 100)   non-2xx ${errors} (5xx ${fiveXx})   ${judged ? (ok ? 'OK' : 'BELOW TARGET') : '(for scale)'}`,
  );
  return ok;
}

void main();
