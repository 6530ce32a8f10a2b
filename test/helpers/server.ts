/**
 * A fake go.dev on 127.0.0.1: serves `/index.json` (go.dev's JSON shape) and archives at
 * `/dl/<filename>` (official) and `/mirror/<filename>` (for GOSW_MIRROR), with programmable faults.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { archiveName, fakeToolchain, platform, releaseName, type Platform, type ToolchainOptions } from './toolchain.js';

export const INDEX_PATH = '/index.json';

export type Fault =
  /** Respond with this status (a short text body) instead of the resource. 200 means "serve normally". */
  | { type: 'status'; status: number; body?: string; headers?: Record<string, string> }
  /** Hang. With afterBytes undefined: before sending headers. Else: send headers + that many body bytes, then hang. */
  | { type: 'stall'; afterBytes?: number }
  /** Send headers with the full Content-Length, then afterBytes of the body, then destroy the socket. */
  | { type: 'truncate'; afterBytes: number }
  /** Serve an HTML page with 200 (a captive portal, a CDN error page). */
  | { type: 'html'; body?: string }
  /** Serve these bytes with 200 instead of the resource (a bad mirror, a broken index). */
  | { type: 'body'; body: Buffer | string; contentType?: string }
  /** Destroy the connection without any response. */
  | { type: 'reset' }
  /** Answer with a redirect (302 by default) to this location (a path of this server, or a URL). */
  | { type: 'redirect'; location: string; status?: number };

export interface Throttle {
  bytesPerTick: number;
  tickMs: number;
}

export interface RequestRecord {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Status sent (undefined while pending, or if none was sent). */
  status?: number;
  at: number;
}

export interface ReleaseOptions {
  /** Default: true for versions without rc/beta. */
  stable?: boolean;
  /** The tarball; default: fakeToolchain(version, toolchain). */
  tarball?: Buffer;
  toolchain?: ToolchainOptions;
  /** Override the sha256 advertised in the index (simulates a wrong index / a tampered file). */
  sha256?: string;
  /** Override the size advertised in the index. */
  size?: number;
  platform?: Platform;
  /** Also list archives for other platforms and a source archive, as go.dev does (default true). */
  decoys?: boolean;
}

export interface Release {
  name: string;
  stable: boolean;
  filename: string;
  /** Bytes served. */
  tarball: Buffer;
  /** sha256 of the served bytes. */
  actualSha256: string;
  /** sha256 in the index. */
  sha256: string;
  size: number;
  platform: Platform;
  decoys: boolean;
  /** `/dl/<filename>` */
  path: string;
  /** `/mirror/<filename>` */
  mirrorPath: string;
}

export interface Gate {
  readonly isOpen: boolean;
  open(): void;
}

interface PathConfig {
  faults: Fault[];
  repeat: boolean;
  throttle?: Throttle;
  gate?: { promise: Promise<void>; open: () => void; isOpen: boolean; afterHeaders: boolean };
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Orders go.dev release names: go1.21rc2 < go1.21.0 == go1.21 < go1.21.1. */
export function compareReleases(a: string, b: string): number {
  const ka = releaseKey(a);
  const kb = releaseKey(b);
  for (let i = 0; i < ka.length; i++) {
    const d = (ka[i] ?? 0) - (kb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function releaseKey(name: string): number[] {
  const m = /^go(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(beta|rc)(\d+))?$/.exec(name);
  if (!m) throw new Error(`fake server: not a release name: ${name}`);
  const kind = m[4] === 'beta' ? 0 : m[4] === 'rc' ? 1 : 2;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0), kind, Number(m[5] ?? 0)];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class FakeGoServer {
  readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly releases = new Map<string, Release>();
  private readonly configs = new Map<string, PathConfig>();
  private readonly log: RequestRecord[] = [];
  private readonly sent = new Map<string, number>();
  private readonly byteWaiters: { path: string; n: number; resolve: () => void }[] = [];
  private indexOverride: { body: Buffer; contentType: string } | undefined;
  private closed = false;
  port = 0;

  private constructor() {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 2000;
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  static async start(): Promise<FakeGoServer> {
    const s = new FakeGoServer();
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.server.listen(0, '127.0.0.1', () => resolve());
    });
    s.port = (s.server.address() as AddressInfo).port;
    return s;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get indexUrl(): string {
    return `${this.url}${INDEX_PATH}`;
  }
  get downloadUrl(): string {
    return `${this.url}/dl`;
  }
  get mirrorUrl(): string {
    return `${this.url}/mirror`;
  }
  get isClosed(): boolean {
    return this.closed;
  }

  // ---- releases and index ----

  /** Registers a release (replacing one of the same name) and returns what the index says about it. */
  addRelease(version: string, opts: ReleaseOptions = {}): Release {
    const name = releaseName(version);
    const p = opts.platform ?? platform();
    const tarball = opts.tarball ?? fakeToolchain(name, { ...opts.toolchain, platform: p });
    const filename = archiveName(name, p);
    const actualSha256 = sha256(tarball);
    const rel: Release = {
      name,
      stable: opts.stable ?? !/(rc|beta)\d+$/.test(name),
      filename,
      tarball,
      actualSha256,
      sha256: opts.sha256 ?? actualSha256,
      size: opts.size ?? tarball.length,
      platform: p,
      decoys: opts.decoys ?? true,
      path: `/dl/${filename}`,
      mirrorPath: `/mirror/${filename}`,
    };
    this.releases.set(name, rel);
    return rel;
  }

  /** Changes what the index advertises for a release, or the bytes served. */
  updateRelease(version: string, patch: { sha256?: string; size?: number; tarball?: Buffer; stable?: boolean }): Release {
    const rel = this.release(version);
    if (patch.tarball) {
      rel.tarball = patch.tarball;
      rel.actualSha256 = sha256(patch.tarball);
      if (patch.sha256 === undefined) rel.sha256 = rel.actualSha256;
      if (patch.size === undefined) rel.size = patch.tarball.length;
    }
    if (patch.sha256 !== undefined) rel.sha256 = patch.sha256;
    if (patch.size !== undefined) rel.size = patch.size;
    if (patch.stable !== undefined) rel.stable = patch.stable;
    return rel;
  }

  removeRelease(version: string): void {
    this.releases.delete(releaseName(version));
  }

  release(version: string): Release {
    const rel = this.releases.get(releaseName(version));
    if (!rel) throw new Error(`fake server: no release ${version}`);
    return rel;
  }

  /** The index as go.dev shapes it: newest first. */
  indexData(): unknown[] {
    const rels = [...this.releases.values()].sort((a, b) => compareReleases(b.name, a.name));
    return rels.map((r) => {
      const files: Record<string, unknown>[] = [];
      if (r.decoys) {
        files.push({
          filename: `${r.name}.src.tar.gz`,
          os: '',
          arch: '',
          version: r.name,
          sha256: sha256(`src ${r.name}`),
          size: 1234,
          kind: 'source',
        });
        const other: Platform = r.platform.os === 'darwin' ? { os: 'linux', arch: 'amd64' } : { os: 'darwin', arch: 'arm64' };
        files.push({
          filename: archiveName(r.name, other),
          os: other.os,
          arch: other.arch,
          version: r.name,
          sha256: sha256(`other ${r.name}`),
          size: 4321,
          kind: 'archive',
        });
        files.push({
          filename: `${r.name}.windows-${r.platform.arch}.zip`,
          os: 'windows',
          arch: r.platform.arch,
          version: r.name,
          sha256: sha256(`win ${r.name}`),
          size: 5678,
          kind: 'archive',
        });
        // An installer for this very platform must not be mistaken for the archive.
        files.push({
          filename: `${r.name}.${r.platform.os}-${r.platform.arch}.pkg`,
          os: r.platform.os,
          arch: r.platform.arch,
          version: r.name,
          sha256: sha256(`pkg ${r.name}`),
          size: 8765,
          kind: 'installer',
        });
      }
      files.push({
        filename: r.filename,
        os: r.platform.os,
        arch: r.platform.arch,
        version: r.name,
        sha256: r.sha256,
        size: r.size,
        kind: 'archive',
      });
      return { version: r.name, stable: r.stable, files };
    });
  }

  /** The body /index.json serves now. */
  indexBody(): Buffer {
    return this.indexOverride?.body ?? Buffer.from(JSON.stringify(this.indexData(), null, 1) + '\n');
  }

  /** The ETag /index.json serves now. */
  indexEtag(): string {
    return `"${sha256(this.indexBody()).slice(0, 20)}"`;
  }

  /** Serves these bytes as the index (with 200 and ETag support) until reset with undefined. */
  setIndexBody(body: string | Buffer | undefined, contentType = 'application/json'): void {
    this.indexOverride = body === undefined ? undefined : { body: Buffer.isBuffer(body) ? body : Buffer.from(body), contentType };
  }

  // ---- faults ----

  private config(path: string): PathConfig {
    let c = this.configs.get(path);
    if (!c) {
      c = { faults: [], repeat: false };
      this.configs.set(path, c);
    }
    return c;
  }

  /** Faults applied to the next requests of a path, one per request; after the last, normal service (or repeat the last one). */
  setFaults(path: string, faults: Fault[], opts: { repeat?: boolean } = {}): void {
    const c = this.config(path);
    c.faults = [...faults];
    c.repeat = opts.repeat ?? false;
  }

  /** Every request of the path gets this fault. */
  alwaysFault(path: string, fault: Fault): void {
    this.setFaults(path, [fault], { repeat: true });
  }

  /** e.g. [500, 500, 200]: statuses of the next requests; 200 serves the resource normally. */
  statusSequence(path: string, statuses: number[], opts: { repeat?: boolean } = {}): void {
    this.setFaults(
      path,
      statuses.map((s) => ({ type: 'status', status: s })),
      opts,
    );
  }

  /** Sends bodies of this path at most bytesPerTick every tickMs (null: full speed). */
  throttle(path: string, t: Throttle | null): void {
    this.config(path).throttle = t ?? undefined;
  }

  /**
   * Holds requests of this path until the gate is opened: before the headers by default, or after
   * the headers (afterHeaders) with the body held.
   */
  gate(path: string, opts: { afterHeaders?: boolean } = {}): Gate {
    let open!: () => void;
    const promise = new Promise<void>((r) => (open = r));
    const g = {
      promise,
      afterHeaders: opts.afterHeaders ?? false,
      isOpen: false,
      open: () => {
        g.isOpen = true;
        open();
      },
    };
    this.config(path).gate = g;
    return g;
  }

  /** Removes faults, throttles and gates (opening any closed gate). */
  clearFaults(path?: string): void {
    const paths = path === undefined ? [...this.configs.keys()] : [path];
    for (const p of paths) {
      this.configs.get(p)?.gate?.open();
      this.configs.delete(p);
    }
  }

  // ---- observation ----

  requests(path?: string): RequestRecord[] {
    return path === undefined ? [...this.log] : this.log.filter((r) => r.path === path);
  }

  count(path?: string): number {
    return this.requests(path).length;
  }

  /** Requests of the path answered with this status. */
  countStatus(path: string, status: number): number {
    return this.requests(path).filter((r) => r.status === status).length;
  }

  /** Body bytes written for this path so far, over all its requests. */
  bytesSent(path: string): number {
    return this.sent.get(path) ?? 0;
  }

  /** Resolves once n body bytes of the path were written to sockets (over all requests). */
  waitForBytes(path: string, n: number, timeoutMs = 30_000): Promise<void> {
    if (this.bytesSent(path) >= n) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`fake server: ${path} did not send ${n} bytes within ${timeoutMs} ms (sent ${this.bytesSent(path)})`)),
        timeoutMs,
      );
      this.byteWaiters.push({
        path,
        n,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** Resolves once the path was requested n times. */
  async waitForRequests(path: string, n: number, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.count(path) < n) {
      if (Date.now() > deadline)
        throw new Error(`fake server: ${path} requested ${this.count(path)} times, expected ${n} within ${timeoutMs} ms`);
      await sleep(10);
    }
  }

  resetCounters(): void {
    this.log.length = 0;
    this.sent.clear();
  }

  private addSent(path: string, n: number): void {
    const total = this.bytesSent(path) + n;
    this.sent.set(path, total);
    for (let i = this.byteWaiters.length - 1; i >= 0; i--) {
      const w = this.byteWaiters[i]!;
      if (w.path === path && total >= w.n) {
        this.byteWaiters.splice(i, 1);
        w.resolve();
      }
    }
  }

  // ---- serving ----

  private nextFault(c: PathConfig | undefined): Fault | undefined {
    if (!c || c.faults.length === 0) return undefined;
    if (c.repeat && c.faults.length === 1) return c.faults[0];
    return c.faults.shift();
  }

  private resolve(path: string, req: http.IncomingMessage): { status: number; body: Buffer; headers: Record<string, string> } {
    if (path === INDEX_PATH) {
      const body = this.indexBody();
      const etag = this.indexEtag();
      const headers = { 'content-type': this.indexOverride?.contentType ?? 'application/json', etag, 'cache-control': 'no-cache' };
      const inm = req.headers['if-none-match'];
      if (inm?.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}`)) {
        return { status: 304, body: Buffer.alloc(0), headers: { etag } };
      }
      return { status: 200, body, headers };
    }
    const m = /^\/(dl|mirror)\/([^/]+)$/.exec(path);
    if (m) {
      const filename = decodeURIComponent(m[2]!);
      const rel = [...this.releases.values()].find((r) => r.filename === filename);
      if (rel) return { status: 200, body: rel.tarball, headers: { 'content-type': 'application/octet-stream' } };
    }
    return { status: 404, body: Buffer.from('404 page not found\n'), headers: { 'content-type': 'text/plain; charset=utf-8' } };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const record: RequestRecord = { method: req.method ?? 'GET', path, headers: { ...req.headers }, at: Date.now() };
    this.log.push(record);
    const c = this.configs.get(path);
    const fault = this.nextFault(c);
    const head = (status: number, headers: Record<string, string | number>) => {
      record.status = status;
      res.writeHead(status, headers);
    };
    try {
      if (c?.gate && !c.gate.afterHeaders) await c.gate.promise;
      if (res.destroyed || this.closed) return;
      if (fault?.type === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault?.type === 'stall' && fault.afterBytes === undefined) return; // hang before headers; close() destroys the socket
      if (fault?.type === 'redirect') {
        head(fault.status ?? 302, { location: fault.location, 'content-length': 0 });
        res.end();
        return;
      }
      if (fault?.type === 'status' && fault.status !== 200) {
        const body = Buffer.from(fault.body ?? `${fault.status} ${http.STATUS_CODES[fault.status] ?? ''}\n`);
        head(fault.status, { 'content-type': 'text/plain', 'content-length': body.length, ...fault.headers });
        res.end(body);
        return;
      }
      let r = this.resolve(path, req);
      if (fault?.type === 'html') {
        r = {
          status: 200,
          body: Buffer.from(
            fault.body ??
              '<!DOCTYPE html>\n<html><head><title>Sign in to the network</title></head><body><p>Please log in.</p></body></html>\n',
          ),
          headers: { 'content-type': 'text/html; charset=utf-8' },
        };
      } else if (fault?.type === 'body') {
        r = {
          status: 200,
          body: Buffer.isBuffer(fault.body) ? fault.body : Buffer.from(fault.body),
          headers: { 'content-type': fault.contentType ?? 'application/octet-stream' },
        };
      }
      const body = req.method === 'HEAD' ? Buffer.alloc(0) : r.body;
      head(r.status, { ...r.headers, 'content-length': r.body.length });
      if (c?.gate?.afterHeaders) {
        res.flushHeaders();
        await c.gate.promise;
      }
      let limit = body.length;
      if (fault?.type === 'stall' || fault?.type === 'truncate') limit = Math.min(limit, fault.afterBytes ?? 0);
      await this.sendBody(path, res, body.subarray(0, limit), c?.throttle);
      if (res.destroyed) return;
      if (fault?.type === 'stall') {
        res.flushHeaders();
        return; // hang with the rest unsent
      }
      if (fault?.type === 'truncate') {
        // Give the bytes a moment to reach the client, then cut the connection.
        setTimeout(() => req.socket.destroy(), 20);
        return;
      }
      res.end();
    } catch {
      req.socket.destroy();
    }
  }

  private async sendBody(path: string, res: http.ServerResponse, body: Buffer, throttle: Throttle | undefined): Promise<void> {
    const chunk = throttle ? Math.max(1, throttle.bytesPerTick) : 64 * 1024;
    for (let off = 0; off < body.length; off += chunk) {
      if (res.destroyed || this.closed) return;
      const part = body.subarray(off, off + chunk);
      const ok = res.write(part);
      this.addSent(path, part.length);
      if (throttle) await sleep(throttle.tickMs);
      else if (!ok) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        });
      }
    }
    if (body.length === 0) res.flushHeaders();
  }

  /** Stops listening and destroys every socket (stalled ones included). Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.configs.values()) c.gate?.open();
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const s of this.sockets) s.destroy();
    await done;
  }
}
