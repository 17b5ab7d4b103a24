/**
 * The built engine as its own process, for benchmarks that drive it over HTTP (bench/api,
 * bench/projections lag): start it, sign tokens it accepts, seed a plan with actions.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { issueDevToken, type Role } from '@asc/auth';
import { concurrently } from '../event-store/bench-support';

export const BENCH_SECRET = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

const key = {
  secret: new TextEncoder().encode(BENCH_SECRET),
  issuer: 'asc-action-plan-engine',
  audience: 'asc-action-plan-api',
};

/** A token the engine started by startEngine accepts. */
export function benchToken(sub: string, roles: Role[], ttl?: string): Promise<string> {
  return issueDevToken({ sub, roles, ...(ttl ? { ttl } : {}) }, key);
}

/**
 * Starts dist/apps/api/main.js (`npm run build` first) and resolves once /health answers 200.
 * BENCH_ENGINE_NODE_ARGS: extra node flags for the engine, e.g. `--cpu-prof` to profile it.
 */
export async function startEngine(
  port: number,
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  const nodeArgs = (process.env.BENCH_ENGINE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const main = join(__dirname, '../../dist/apps/api/main.js');
  const child = spawn(process.execPath, [...nodeArgs, main], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      AUTH_JWT_SECRET: BENCH_SECRET,
      LOG_LEVEL: 'warn',
      EVENT_STORE: 'sqlite',
      // The benchmarks measure the API and the projections; the chaser's appends are not theirs.
      CHASER: 'off',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('the engine did not start: run `npm run build` first');
}

/**
 * Starts dist/apps/worker/main.js on the same data (the chaser off): the process that keeps the
 * read models when the API runs with PROJECTIONS=off. Resolves once it says it is running.
 * BENCH_ENGINE_NODE_ARGS apply to it too.
 */
export async function startWorker(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  const nodeArgs = (process.env.BENCH_ENGINE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(
    process.execPath,
    [...nodeArgs, join(__dirname, '../../dist/apps/worker/main.js')],
    {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        AUTH_JWT_SECRET: BENCH_SECRET,
        LOG_LEVEL: 'info',
        EVENT_STORE: 'sqlite',
        CHASER: 'off',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the worker did not start')), 30_000);
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('worker running')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`the worker exited (${code})`)));
  });
  // Its log is not the bench's: keep reading so that the pipe never fills.
  child.stdout?.resume();
  return child;
}

/** Creates a plan and `count` open actions owned by `bench-owner`; returns the action ids. */
export async function seedActions(base: string, token: string, count: number): Promise<string[]> {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { planId: string; actionId: string };
  };
  const { planId } = await post('/plans', { authority: 'Bench Council', title: 'Benchmark plan' });
  const ids: string[] = [];
  await concurrently(8, count, async (_w, i) => {
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
