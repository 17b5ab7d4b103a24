import { randomUUID } from 'node:crypto';
import { type NewEvent } from '@asc/event-store';

export const PG_ADMIN_URL =
  process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A realistic event: an owner reports progress on an action. */
export function progressEvent(i: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'ProgressReported',
    schemaVersion: 1,
    data: {
      percentComplete: i % 101,
      confidence: ['on-track', 'at-risk', 'off-track'][i % 3],
      note: `Recruitment campaign for the review team: ${i} interviews held, two offers accepted.`,
    },
    metadata: {
      actor: 'user-7f3a',
      correlationId: randomUUID(),
      causationId: randomUUID(),
      commandId: randomUUID(),
    },
  };
}

export function rate(count: number, ms: number): number {
  return (count / ms) * 1000;
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-GB');
}

export function report(
  label: string,
  ours: number,
  raw: number,
  unit: string,
  target: number,
): boolean {
  const ratio = ours / raw;
  const ok = ratio >= target;
  console.log(
    `${label.padEnd(34)} engine ${fmt(ours).padStart(9)} ${unit}   raw ${fmt(raw).padStart(9)} ${unit}   ratio ${ratio.toFixed(2)}×  (target ≥ ${target}×) ${ok ? 'OK' : 'BELOW TARGET'}`,
  );
  return ok;
}

/** Runs `work` on `writers` concurrent loops until `total` items are done. */
export async function concurrently(
  writers: number,
  total: number,
  work: (writer: number, i: number) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = next++; i < total; i = next++) await work(w, i);
    }),
  );
}
