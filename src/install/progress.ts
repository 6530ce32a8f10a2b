import type { Context } from '../context.js';

export interface Progress {
  add(bytes: number): void;
  finish(): void;
}

const NONE: Progress = { add() {}, finish() {} };

/**
 * Bytes for people: whole bytes under 1 KiB, then three significant figures at most (`9.8 MiB`,
 * `12 MiB`, `492 B`). Rates are quotients, so the input may be fractional: never print its digits.
 */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) n = 0;
  if (n < 1024) return `${Math.round(n)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  // 1023.96 KiB would print as "1024 KiB": carry into the next unit instead.
  if (v >= 1023.5 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** A transfer rate: `formatBytes` per second. */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** Seconds as `45s`, `3m05s`, `1h02m`. */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * A one-line progress bar on stderr, only on a terminal (a log file gets no control characters).
 * While it is drawn, an interrupt clears its line first, so `gosw: interrupted` starts a clean line
 * instead of being glued to a half bar (src/context.ts prints that line after the cleanups).
 */
export function progressBar(ctx: Context, label: string, total: number | undefined, quiet: boolean): Progress {
  if (quiet || !ctx.interactive) return NONE;
  const start = Date.now();
  let done = 0;
  let last = 0;
  let shown = false;
  let forget: (() => void) | undefined;
  const draw = (final: boolean) => {
    const secs = Math.max((Date.now() - start) / 1000, 0.001);
    const rate = done / secs;
    const width = 24;
    let line: string;
    if (total) {
      const frac = Math.min(done / total, 1);
      const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
      const eta = rate > 0 ? (total - done) / rate : 0;
      line = `${label} [${bar}] ${formatBytes(done)}/${formatBytes(total)} ${formatRate(rate)}${final ? '' : ` ETA ${formatEta(eta)}`}`;
    } else {
      line = `${label} ${formatBytes(done)} ${formatRate(rate)}`;
    }
    ctx.stderr.write(`\r\x1b[2K${line}${final ? '\n' : ''}`);
    shown = !final;
    if (shown && !forget)
      forget = ctx.onInterrupt(() => {
        if (shown) ctx.stderr.write('\r\x1b[2K');
        shown = false;
      });
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
      forget?.();
      forget = undefined;
    },
  };
}
