import type { Context } from '../context.js';

export interface Progress {
  add(bytes: number): void;
  finish(): void;
}

const NONE: Progress = { add() {}, finish() {} };

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** A one-line progress bar on stderr, only on a terminal (a log file gets no control characters). */
export function progressBar(ctx: Context, label: string, total: number | undefined, quiet: boolean): Progress {
  if (quiet || !ctx.interactive) return NONE;
  const start = Date.now();
  let done = 0;
  let last = 0;
  const draw = (final: boolean) => {
    const secs = Math.max((Date.now() - start) / 1000, 0.001);
    const rate = done / secs;
    const width = 24;
    let line: string;
    if (total) {
      const frac = Math.min(done / total, 1);
      const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
      const eta = rate > 0 ? Math.ceil((total - done) / rate) : 0;
      line = `${label} [${bar}] ${formatBytes(done)}/${formatBytes(total)} ${formatBytes(rate)}/s${final ? '' : ` ETA ${eta}s`}`;
    } else {
      line = `${label} ${formatBytes(done)} ${formatBytes(rate)}/s`;
    }
    ctx.stderr.write(`\r\x1b[2K${line}${final ? '\n' : ''}`);
  };
  return {
    add(bytes) {
      done += bytes;
      const now = Date.now();
      if (now - last >= 100) {
        last = now;
        draw(false);
      }
    },
    finish() {
      draw(true);
    },
  };
}
