import { SingleBar } from 'cli-progress';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

/**
 * A bar with rate and ETA on a terminal; elsewhere (CI, a log file) a plain line every few
 * seconds, so a long job is visibly alive without filling the log.
 */
export function progress(label: string, total: number): Progress {
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {value}/{total} events | {rate}/s | ETA {eta_formatted}`,
      hideCursor: true,
    });
    bar.start(total, 0, { rate: 0 });
    const started = Date.now();
    return {
      update: (done) =>
        bar.update(done, {
          rate: Math.round(done / Math.max(0.001, (Date.now() - started) / 1000)),
        }),
      stop: () => bar.stop(),
    };
  }
  const started = Date.now();
  let last = 0;
  let shown = -1;
  const line = (done: number) => {
    shown = done;
    const seconds = (Date.now() - started) / 1000;
    const rate = done / Math.max(0.001, seconds);
    const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
    process.stderr.write(
      `${label}: ${done}/${total} events, ${Math.round(rate)}/s, about ${eta} s left\n`,
    );
  };
  return {
    update(done) {
      if (Date.now() - last < 2000 && done < total) return;
      last = Date.now();
      line(done);
    },
    stop: () => shown !== total && line(total),
  };
}
