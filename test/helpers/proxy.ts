/**
 * A tiny HTTP proxy on 127.0.0.1: CONNECT tunnels (what undici's ProxyAgent uses) and absolute-form
 * forwarding (`GET http://host/path`, what curl -x does for http URLs). Only forwards to loopback.
 */
import http from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';

export interface ProxyRecord {
  kind: 'connect' | 'forward';
  /** host:port for CONNECT, the absolute URL for forwarding. */
  target: string;
  headers: http.IncomingHttpHeaders;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export class TestProxy {
  readonly server: http.Server;
  readonly records: ProxyRecord[] = [];
  private readonly sockets = new Set<Socket>();
  private closed = false;
  port = 0;

  private constructor() {
    this.server = http.createServer((req, res) => this.forward(req, res));
    this.server.on('connect', (req: http.IncomingMessage, socket: Socket, head: Buffer) => this.tunnel(req, socket, head));
    this.server.on('connection', (s: Socket) => this.track(s));
  }

  static async start(): Promise<TestProxy> {
    const p = new TestProxy();
    await new Promise<void>((resolve, reject) => {
      p.server.once('error', reject);
      p.server.listen(0, '127.0.0.1', () => resolve());
    });
    p.port = (p.server.address() as AddressInfo).port;
    return p;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** CONNECTs plus forwarded requests. */
  get count(): number {
    return this.records.length;
  }
  get connectCount(): number {
    return this.records.filter((r) => r.kind === 'connect').length;
  }
  get forwardCount(): number {
    return this.records.filter((r) => r.kind === 'forward').length;
  }

  private track(s: Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => {});
  }

  private tunnel(req: http.IncomingMessage, client: Socket, head: Buffer): void {
    const target = req.url ?? '';
    this.records.push({ kind: 'connect', target, headers: { ...req.headers } });
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(target);
    if (!m || !LOOPBACK.has(m[1]!)) {
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const host = m[1]!.replace(/^\[|\]$/g, '');
    const upstream = net.connect(Number(m[2]), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    this.track(upstream);
    upstream.on('error', () => {
      if (!client.destroyed) client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
    });
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const target = req.url ?? '';
    this.records.push({ kind: 'forward', target, headers: { ...req.headers } });
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      res.writeHead(400).end('proxy: absolute-form URL expected\n');
      return;
    }
    if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname)) {
      res.writeHead(403).end('proxy: only http://127.0.0.1 is forwarded\n');
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-connection'];
    delete headers['proxy-authorization'];
    const up = http.request(
      {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || 80,
        path: url.pathname + url.search,
        method: req.method,
        headers,
        agent: false,
      },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
        upRes.on('error', () => res.destroy());
      },
    );
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end('proxy: upstream error\n');
      else res.destroy();
    });
    res.on('close', () => up.destroy());
    req.pipe(up);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const s of this.sockets) s.destroy();
    await done;
  }
}
