/**
 * CPU time spent by this process and by named child processes over a run, so that a benchmark
 * can say what one request costs in CPU across every process that served it, and how many
 * cores a target rate would need. Children are read from /proc (Linux); where it cannot be
 * read, their share is reported as unknown rather than as zero.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  return ticksPerSecond;
}

/** User and system CPU of every thread of the process, in ms; undefined if unreadable. */
function childCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may hold spaces: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
  } catch {
    return undefined;
  }
}

function selfCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export interface CpuShare {
  name: string;
  /** CPU ms over the run; undefined when it could not be read. */
  ms: number | undefined;
}

/** Starts counting; the returned function stops and gives each process's CPU ms. */
export function startCpuMeter(
  children: Record<string, number | undefined>,
  selfName = 'load generator',
): () => CpuShare[] {
  const named = Object.entries(children).filter(
    (entry): entry is [string, number] => entry[1] !== undefined,
  );
  const before = named.map(([, pid]) => childCpuMs(pid));
  const selfBefore = selfCpuMs();
  return () => [
    ...named.map(([name, pid], i) => {
      const end = childCpuMs(pid);
      const start = before[i];
      return { name, ms: end !== undefined && start !== undefined ? end - start : undefined };
    }),
    { name: selfName, ms: selfCpuMs() - selfBefore },
  ];
}

/** `engine 350 µs + load generator 55 µs = 405 µs per request; at 9,000/s: 3.6 cores of 2`. */
export function describeCpu(shares: CpuShare[], requests: number, targetRate: number): string {
  const perRequest = (ms: number) => Math.round((ms * 1000) / requests);
  const parts = shares.map((s) => `${s.name} ${s.ms === undefined ? '?' : perRequest(s.ms)} µs`);
  const known = shares.every((s) => s.ms !== undefined);
  const totalUs = shares.reduce((sum, s) => sum + (s.ms ?? 0), 0) * (1000 / requests);
  const cores = (totalUs * targetRate) / 1e6;
  return (
    `CPU per request: ${parts.join(' + ')} = ${Math.round(totalUs)} µs${known ? '' : ' (at least)'}; ` +
    `at ${Math.round(targetRate).toLocaleString('en-GB')}/s that is ${cores.toFixed(1)} cores of the ${cpus().length} here`
  );
}
