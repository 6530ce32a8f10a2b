/**
 * gosw's checksum-database client (src/sumdb/client.ts) against a real x/mod checksum database
 * and module proxy on loopback (test/helpers/gosumdb.ts): which server it asks, the signature,
 * the module's line, inclusion, and the timeline (split view) — each hostile case fails closed.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGosumdb, proxyList } from '../../src/goproxy/config.js';
import { openZip } from '../../src/install/zip.js';
import { type Fetch, type LatestStore, lookupVerified, sumdbBase } from '../../src/sumdb/client.js';
import { hashZip } from '../../src/sumdb/dirhash.js';
import { parseVerifierKey, SUM_GOLANG_ORG } from '../../src/sumdb/note.js';
import { canBuildGosumdb, moduleVersion, startGosumdb } from '../helpers/gosumdb.js';
import { makeTempDir } from '../helpers/tmp.js';

const V = 'go1.22.5';
const TOOLCHAIN = 'golang.org/toolchain';
const get: Fetch = async (url) => {
  const r = await fetch(url);
  return { status: r.status, body: Buffer.from(await r.arrayBuffer()) };
};
const memoryLatest = (): LatestStore & { value?: string } => {
  const s: LatestStore & { value?: string } = { read: () => s.value, write: (n) => void (s.value = n) };
  return s;
};

describe.skipIf(!canBuildGosumdb())('the checksum-database client against a real x/mod database', () => {
  it("finds the database through the proxy list, verifies the lookup, and the h1 it vouches for is the zip's", async () => {
    const db = await startGosumdb({ releases: [V], pad: 500 });
    const mv = moduleVersion(V);
    const cfg = parseGosumdb(db.vkey);
    // The first proxy has no /sumdb (404, `,`): the next one serves it.
    const base = await sumdbBase(cfg, proxyList(`${db.url}/none,${db.url}`, ''), get);
    expect(base).toBe(`${db.url}/sumdb/${db.name}`);
    const latest = memoryLatest();
    const v = await lookupVerified({ base, verifier: parseVerifierKey(db.vkey), path: TOOLCHAIN, version: mv, fetch: get, latest });
    expect(v.tree.N).toBe(501);
    expect(latest.value).toBe(v.note);
    const file = path.join(makeTempDir('gosw-sumdb-client-'), 'tc.zip');
    writeFileSync(file, (await get(`${db.url}/${TOOLCHAIN}/@v/${mv}.zip`)).body);
    const zip = await openZip(file);
    expect(await hashZip(zip)).toBe(v.h1);
    await zip.close();
  });

  it('with no proxy serving it, and no URL, the database is https://<name> (never asked here)', async () => {
    const cfg = parseGosumdb('sum.golang.org');
    expect(await sumdbBase(cfg, proxyList('direct', ''), get)).toBe('https://sum.golang.org');
    expect(await sumdbBase(parseGosumdb('sum.golang.google.cn'), proxyList('https://p.example', ''), get)).toBe(
      'https://sum.golang.google.cn',
    );
  });

  it('a note signed by another key is refused', async () => {
    const db = await startGosumdb({ releases: [V], pad: 10 });
    const base = `${db.url}/sumdb/${db.name}`;
    await expect(
      lookupVerified({ base, verifier: SUM_GOLANG_ORG, path: TOOLCHAIN, version: moduleVersion(V), fetch: get }),
    ).rejects.toThrow(/is not a tree note signed by sum\.golang\.org/);
  });

  it('a 200 lookup without the module line is refused (CVE-2026-42501)', async () => {
    const db = await startGosumdb({ releases: [V], pad: 10 });
    const mv = moduleVersion(V);
    await db.control('lie', { mv });
    await expect(
      lookupVerified({ base: `${db.url}/sumdb/${db.name}`, verifier: parseVerifierKey(db.vkey), path: TOOLCHAIN, version: mv, fetch: get }),
    ).rejects.toThrow(/holds no \(or more than one\) h1 line/);
  });

  it('a record that is not in the signed tree (a forged tile) is refused', async () => {
    const db = await startGosumdb({ releases: [V], pad: 300 });
    const base = `${db.url}/sumdb/${db.name}`;
    const forged: Fetch = async (url) => {
      const r = await get(url);
      return url.includes('/tile/8/0/') ? { status: 200, body: Buffer.alloc(r.body.length) } : r;
    };
    await expect(
      lookupVerified({ base, verifier: parseVerifierKey(db.vkey), path: TOOLCHAIN, version: moduleVersion(V), fetch: forged }),
    ).rejects.toThrow(/is not in the tree .* signed/);
  });

  it('a grown tree extends the timeline; a forked one (split view) is a SECURITY ERROR showing both notes', async () => {
    const db = await startGosumdb({ releases: [V], pad: 300 });
    const mv = moduleVersion(V);
    const base = `${db.url}/sumdb/${db.name}`;
    const verifier = parseVerifierKey(db.vkey);
    const latest = memoryLatest();
    const first = await lookupVerified({ base, verifier, path: TOOLCHAIN, version: mv, fetch: get, latest });
    await db.control('grow', { n: '300' });
    const grown = await lookupVerified({ base, verifier, path: TOOLCHAIN, version: mv, fetch: get, latest });
    expect(grown.tree.N).toBe(first.tree.N + 300);
    expect(latest.value).toBe(grown.note);
    await db.control('fork');
    const err = await lookupVerified({ base, verifier, path: TOOLCHAIN, version: mv, fetch: get, latest }).catch(
      (e: Error & { code?: string }) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as { code?: string }).code).toBe('SECURITY');
    expect((err as Error).message).toMatch(/^SECURITY ERROR: the checksum database gosw\.test\.sumdb showed two trees/);
    expect((err as Error).message).toContain(grown.note);
    expect(latest.value).toBe(grown.note); // the timeline is not moved by a tree that failed
  });

  it('a missing record is named as such', async () => {
    const db = await startGosumdb({ releases: [V], pad: 10 });
    await expect(
      lookupVerified({
        base: `${db.url}/sumdb/${db.name}`,
        verifier: parseVerifierKey(db.vkey),
        path: TOOLCHAIN,
        version: 'v0.0.1-go9.9.9.linux-amd64',
        fetch: get,
      }),
    ).rejects.toThrow(/has no record of|answered HTTP/);
  });
});
