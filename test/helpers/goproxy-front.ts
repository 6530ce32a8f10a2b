/**
 * A module proxy in front of another (the gosumdb fixture, test/helpers/gosumdb.ts) that can be
 * told to fail: answer a status, stall in the middle of a body (a slow drip, below gosw's
 * low-speed floor), or pass through. It counts the requests it gets, so a test can show that a
 * proxy after `,` was never asked.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { onTestFinished } from 'vitest';

export type FrontFault =
  /** Answer this status with a short text body. */
  | { type: 'status'; status: number }
  /** Send the headers (the full Content-Length) and `afterBytes` of the body (at most half), then one byte per `tickMs`, never the last: a drip. */
  | { type: 'drip'; afterBytes: number; tickMs?: number };

export interface Front {
  url: string;
  /** Paths asked, in order (query strings kept). */
  readonly requests: string[];
  /** Requests whose path matches. */
  count(re: RegExp): number;
  /** Fail every request whose path matches `re` (the last rule set for a path wins). */
  fault(re: RegExp, f: FrontFault): void;
  clear(): void;
  /**
   * Freezes the front into a static mirror of what it has served so far with 200 (from the
   * first call to `record`): those answers, byte for byte; 404 for anything else.
   */
  record(): void;
  freeze(): void;
}

export async function startFront(upstream: string): Promise<Front> {
  const requests: string[] = [];
  let rules: { re: RegExp; f: FrontFault }[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let recorded: Map<string, Buffer> | undefined;
  let frozen = false;
  const server = http.createServer((req, res) => {
    const p = req.url ?? '/';
    requests.push(p);
    if (frozen) {
      const body = recorded?.get(p);
      if (body) res.writeHead(200, { 'content-length': String(body.length) }).end(body);
      else res.writeHead(404, { 'content-type': 'text/plain' }).end('404 not in the mirror\n');
      return;
    }
    const rule = [...rules].reverse().find((r) => r.re.test(p));
    if (rule?.f.type === 'status') {
      res.writeHead(rule.f.status, { 'content-type': 'text/plain' }).end(`${rule.f.status} from the test front\n`);
      return;
    }
    void fetch(`${upstream}${p}`).then(
      async (up) => {
        const body = Buffer.from(await up.arrayBuffer());
        if (up.status === 200) recorded?.set(p, body);
        if (rule?.f.type !== 'drip' || up.status !== 200) {
          res.writeHead(up.status, { 'content-length': String(body.length) }).end(body);
          return;
        }
        res.writeHead(200, { 'content-length': String(body.length) });
        let sent = Math.min(rule.f.afterBytes, Math.floor(body.length / 2)); // a small body still drips
        res.write(body.subarray(0, sent));
        // One byte a tick, never the whole body: only the client's low-speed rule ends this.
        const timer = setInterval(() => {
          if (res.destroyed || sent >= body.length - 1) return;
          res.write(body.subarray(sent, sent + 1));
          sent++;
        }, rule.f.tickMs ?? 100);
        timers.add(timer);
        res.on('close', () => {
          clearInterval(timer);
          timers.delete(timer);
        });
      },
      () => {
        // The upstream is gone: say so as a proxy would.
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('502 upstream unreachable\n');
        else res.destroy();
      },
    );
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => {
    for (const t of timers) clearInterval(t);
    for (const s of sockets) s.destroy();
    server.close();
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    count: (re) => requests.filter((p) => re.test(p)).length,
    fault: (re, f) => void rules.push({ re, f }),
    clear: () => void (rules = []),
    record: () => void (recorded ??= new Map()),
    freeze: () => void (frozen = true),
  };
}
