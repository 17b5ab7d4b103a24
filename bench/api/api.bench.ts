/**
 * API benchmark (issue 3): autocannon, 32 connections, 20 s, against the built engine running as
 * its own process on the embedded default.
 *   1. POST /actions/:id/progress spread over 1,000 existing actions, beside the event store's own
 *      append rate (one event per append with an expected version) measured in the same run;
 *   2. GET /actions/:id over the same actions, judged against the same append rate as the issue
 *      asks, with the store's own read-and-fold rate printed for scale.
 *
 *   npm run build && npm run bench:api -- [--duration 20] [--connections 32] [--actions 1000]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { actionDecider, replay } from '@asc/domain';
import { issueDevToken } from '@asc/auth';
import { createEventStore } from '@asc/event-store';
import { concurrently, fmt, progressEvent, rate } from '../event-store/bench-support';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '32' },
    actions: { type: 'string', default: '1000' },
    port: { type: 'string', default: '3917' },
  },
});
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const ACTIONS = Number(args.actions);
const PORT = Number(args.port);
const SECRET = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const BASE = `http://127.0.0.1:${PORT}`;
const key = {
  secret: new TextEncoder().encode(SECRET),
  issuer: 'asc-action-plan-engine',
  audience: 'asc-action-plan-api',
};

async function main() {
  console.log(`API benchmark — ${new Date().toISOString()} — node ${process.version}`);
  console.log(
    `${CONNECTIONS} connections for ${DURATION} s per run, ${fmt(ACTIONS)} actions, SQLite (embedded default)\n`,
  );

  const storeAppend = await storeAppendRate();
  const storeRead = await storeReadRate();

  const dataDir = mkdtempSync(join(tmpdir(), 'bench-api-'));
  const server = await startEngine(dataDir);
  let ok = true;
  try {
    const lead = await issueDevToken({ sub: 'bench-lead', roles: ['admin', 'lead'] }, key);
    const owner = await issueDevToken({ sub: 'bench-owner', roles: ['owner'], ttl: '2h' }, key);
    const ids = await seed(lead);

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
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exitCode = ok ? 0 : 1;
}

/** The raw store: one ProgressReported per append with an expected version, 32 writers, 20 s worth. */
async function storeAppendRate(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-api-store-'));
  const store = await createEventStore({ kind: 'sqlite', dataDir: dir });
  const versions = new Map<string, number>();
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

async function startEngine(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(__dirname, '../../dist/apps/api/main.js')], {
    env: {
      ...process.env,
      PORT: String(PORT),
      DATA_DIR: dataDir,
      AUTH_JWT_SECRET: SECRET,
      LOG_LEVEL: 'warn',
      EVENT_STORE: 'sqlite',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`${BASE}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('the engine did not start: run `npm run build` first');
}

async function seed(token: string): Promise<string[]> {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${BASE}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { planId: string; actionId: string };
  };
  const { planId } = await post('/plans', { authority: 'Bench Council', title: 'Benchmark plan' });
  const ids: string[] = [];
  await concurrently(8, ACTIONS, async (_w, i) => {
    const { actionId } = await post('/actions', {
      planId,
      title: `Action ${i}`,
      qualityStatement: `QS${(i % 9) + 1}`,
      priority: 'medium',
      owner: { id: 'bench-owner', name: 'Bench Owner', email: 'owner@bench.example' },
      dueDate: '2027-03-31',
      ref: `B-${i}-${randomUUID().slice(0, 4)}`,
    });
    ids.push(actionId);
  });
  return ids;
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
