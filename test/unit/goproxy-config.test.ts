import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GOPROXY,
  escapeModule,
  goEnvFile,
  goSettings,
  matchPrefixPatterns,
  parseGoEnvFile,
  parseGosumdb,
  pathMatch,
  type ProxyEntry,
  proxyList,
  toolchainModuleVersion,
  tryProxies,
} from '../../src/goproxy/config.js';
import { netrcPath, parseNetrc } from '../../src/goproxy/netrc.js';

describe('proxyList (cmd/go modfetch/proxy.go)', () => {
  it('the default: proxy.golang.org, then direct', () => {
    expect(proxyList(DEFAULT_GOPROXY, '')).toEqual([
      { kind: 'url', url: 'https://proxy.golang.org', fallBackOnError: false },
      { kind: 'direct' },
    ]);
  });
  it('`,` falls back on not-found only, `|` on any error; blanks skipped; bare hosts get https://', () => {
    expect(proxyList(' a.example ,, b.example:8080/go | c.example ', '')).toEqual([
      { kind: 'url', url: 'https://a.example', fallBackOnError: false },
      { kind: 'url', url: 'https://b.example:8080/go', fallBackOnError: true },
      { kind: 'url', url: 'https://c.example', fallBackOnError: false },
    ]);
  });
  it('off and direct end the list; what follows is ignored', () => {
    expect(proxyList('https://p.example,off,https://q.example', '')).toEqual([
      { kind: 'url', url: 'https://p.example', fallBackOnError: false },
      { kind: 'off' },
    ]);
    expect(proxyList('direct,https://q.example', '')).toEqual([{ kind: 'direct' }]);
  });
  it('GONOPROXY adds a noproxy entry first (not when GOPROXY is exactly direct)', () => {
    expect(proxyList('https://p.example', '*.corp')[0]).toEqual({ kind: 'noproxy' });
    expect(proxyList('direct', '*.corp')).toEqual([{ kind: 'direct' }]);
  });
  it('file:// URLs and absolute paths are kept; http is allowed', () => {
    expect(proxyList('file:///srv/mirror/proxy/,http://127.0.0.1:9/', '')).toEqual([
      { kind: 'url', url: 'file:///srv/mirror/proxy', fallBackOnError: false },
      { kind: 'url', url: 'http://127.0.0.1:9', fallBackOnError: false },
    ]);
  });
  it.each([
    ['ftp://p.example', /must be https, http, file/],
    ['file://host/srv', /non-path elements/],
    ['file:///srv?x=1', /non-path elements/],
    ['https://[bad', /is not a URL/],
  ])('refuses %s', (goproxy, why) => {
    expect(() => proxyList(goproxy, '')).toThrow(why);
  });
});

describe('tryProxies (T7)', () => {
  const list = (goproxy: string) => proxyList(goproxy, '');
  const answers = (codes: Record<string, number>) => {
    const asked: string[] = [];
    const f = async (e: ProxyEntry) => {
      const name = e.kind === 'url' ? new URL(e.url).host : e.kind;
      asked.push(name);
      const code = codes[name] ?? 200;
      if (code !== 200) throw Object.assign(new Error(`${name}: ${code}`), { status: code });
      return name;
    };
    return { asked, f };
  };
  const notFound = (err: unknown) => [404, 410].includes((err as { status?: number }).status ?? 0);

  it('a,b with a=404 reaches b', async () => {
    const { asked, f } = answers({ 'a.example': 404 });
    await expect(tryProxies(list('a.example,b.example'), f, notFound)).resolves.toBe('b.example');
    expect(asked).toEqual(['a.example', 'b.example']);
  });
  it('a,b with a=403 does NOT reach b', async () => {
    const { asked, f } = answers({ 'a.example': 403 });
    await expect(tryProxies(list('a.example,b.example'), f, notFound)).rejects.toThrow('a.example: 403');
    expect(asked).toEqual(['a.example']);
  });
  it('a|b with a=403 (or 500) reaches b', async () => {
    for (const code of [403, 500]) {
      const { asked, f } = answers({ 'a.example': code });
      await expect(tryProxies(list('a.example|b.example'), f, notFound)).resolves.toBe('b.example');
      expect(asked).toEqual(['a.example', 'b.example']);
    }
  });
  it('the most helpful error wins: a proxy error over a later not-found', async () => {
    const { f } = answers({ 'a.example': 500, 'b.example': 404 });
    await expect(tryProxies(list('a.example|b.example'), f, notFound)).rejects.toThrow('a.example: 500');
  });
  it('an empty list calls f once with off', async () => {
    const seen: string[] = [];
    await tryProxies([], async (e) => seen.push(e.kind), notFound);
    expect(seen).toEqual(['off']);
  });
});

describe('matchPrefixPatterns (x/mod module.MatchPrefixPatterns) and path.Match', () => {
  it.each([
    ['golang.org/*', 'golang.org/toolchain', true],
    ['golang.org', 'golang.org/toolchain', true],
    ['*.corp.example.com', 'git.corp.example.com/team/repo', true],
    ['*.corp.example.com', 'corp.example.com/x', false],
    ['rsc.io/quote', 'rsc.io/quote/v3', true],
    ['rsc.io/quote/v3/x', 'rsc.io/quote/v3', false],
    ['example.com/a,golang.org/toolchain', 'golang.org/toolchain', true],
    ['', 'golang.org/toolchain', false],
    ['golang.org/', 'golang.org/toolchain', true],
    ['golang.org/t?olchain', 'golang.org/toolchain', true],
    ['golang.org/[st]oolchain', 'golang.org/toolchain', true],
    ['golang.org/[^t]oolchain', 'golang.org/toolchain', false],
    ['golang.org/[', 'golang.org/toolchain', false],
  ])('%j ~ %j: %s', (globs, target, want) => {
    expect(matchPrefixPatterns(globs, target)).toBe(want);
  });
  it('* and ? never cross a slash', () => {
    expect(pathMatch('a*', 'a/b')).toBe(false);
    expect(pathMatch('a?b', 'a/b')).toBe(false);
    expect(pathMatch('a\\*b', 'a*b')).toBe(true);
  });
});

describe('module versions and escaping', () => {
  it("toolchain module versions use Go's GOARCH (armv6l is arm)", () => {
    expect(toolchainModuleVersion('go1.22.5', 'linux', 'amd64')).toBe('v0.0.1-go1.22.5.linux-amd64');
    expect(toolchainModuleVersion('go1.22.5', 'linux', 'armv6l')).toBe('v0.0.1-go1.22.5.linux-arm');
    expect(toolchainModuleVersion('go1.20', 'darwin', 'arm64')).toBe('v0.0.1-go1.20.darwin-arm64');
  });
  it('escapes upper case as !lower, refuses !', () => {
    expect(escapeModule('github.com/Azure/Go')).toBe('github.com/!azure/!go');
    expect(escapeModule('golang.org/toolchain')).toBe('golang.org/toolchain');
    expect(() => escapeModule('a!b')).toThrow(/may not/);
  });
});

describe('GOSUMDB (cmd/go modfetch/key.go, sumdb.go)', () => {
  const GOOGLE = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
  it('default and name: the built-in key, no URL', () => {
    expect(parseGosumdb('')).toEqual({ key: GOOGLE, name: 'sum.golang.org', url: undefined });
    expect(parseGosumdb('sum.golang.org')).toEqual({ key: GOOGLE, name: 'sum.golang.org', url: undefined });
  });
  it('sum.golang.google.cn is an alias: the same key, its URL', () => {
    expect(parseGosumdb('sum.golang.google.cn')).toEqual({ key: GOOGLE, name: 'sum.golang.org', url: 'https://sum.golang.google.cn' });
  });
  it('key and "key url"', () => {
    expect(parseGosumdb('my.db+12345678+AAAA')).toEqual({ key: 'my.db+12345678+AAAA', name: 'my.db', url: undefined });
    expect(parseGosumdb('my.db+12345678+AAAA http://127.0.0.1:8/sumdb/')).toEqual({
      key: 'my.db+12345678+AAAA',
      name: 'my.db',
      url: 'http://127.0.0.1:8/sumdb',
    });
  });
  it.each([
    ['off', /GOSUMDB=off/],
    ['a b c', /too many fields/],
    ['unknown.example', /unknown database unknown.example and no key/],
    ['sum.golang.org no-scheme', /missing scheme/],
  ])('refuses %j', (v, why) => {
    expect(() => parseGosumdb(v)).toThrow(why);
  });
});

describe('the go env file', () => {
  it('is found where go env -w writes it', () => {
    expect(goEnvFile({ HOME: '/h' }, 'linux')).toBe('/h/.config/go/env');
    expect(goEnvFile({ HOME: '/h', XDG_CONFIG_HOME: '/x' }, 'linux')).toBe('/x/go/env');
    expect(goEnvFile({ HOME: '/h', XDG_CONFIG_HOME: 'rel' }, 'linux')).toBe('/h/.config/go/env');
    expect(goEnvFile({ HOME: '/h', GOENV: '/g/env' }, 'linux')).toBe('/g/env');
    expect(goEnvFile({ HOME: '/h', GOENV: 'off' }, 'linux')).toBeUndefined();
    expect(goEnvFile({ HOME: '/h' }, 'darwin')).toBe('/h/Library/Application Support/go/env');
  });
  it('the environment wins over the file; GONOPROXY defaults to GOPRIVATE', () => {
    const file = parseGoEnvFile('GOPROXY=https://file.example\nGOPRIVATE=*.corp\n# comment\nbad line\n');
    expect(goSettings({}, file)).toEqual({
      GOPROXY: 'https://file.example',
      GOSUMDB: 'sum.golang.org',
      GONOPROXY: '*.corp',
      GOPRIVATE: '*.corp',
    });
    expect(goSettings({ GOPROXY: 'https://env.example', GONOPROXY: '' }, file)).toEqual({
      GOPROXY: 'https://env.example',
      GOSUMDB: 'sum.golang.org',
      GONOPROXY: '',
      GOPRIVATE: '*.corp',
    });
    expect(goSettings({}, {}).GOPROXY).toBe(DEFAULT_GOPROXY);
  });
});

describe('.netrc (cmd/go/internal/auth/netrc.go)', () => {
  it('machine/login/password, first entry wins, default and macdef ignored, comments skipped', () => {
    const text = [
      'machine a.example login u1 password p1',
      '# machine c.example login no password no',
      'machine b.example',
      '  login u2',
      '  password p2',
      'macdef init',
      'machine evil.example login x password y',
      '',
      'machine a.example login u3 password p3',
      'default login d password d',
    ].join('\n');
    expect(parseNetrc(text)).toEqual([
      { machine: 'a.example', login: 'u1', password: 'p1' },
      { machine: 'b.example', login: 'u2', password: 'p2' },
      { machine: 'a.example', login: 'u3', password: 'p3' },
    ]);
  });
  it('NETRC, else ~/.netrc', () => {
    expect(netrcPath({ HOME: '/h' })).toBe('/h/.netrc');
    expect(netrcPath({ HOME: '/h', NETRC: '/x/netrc' })).toBe('/x/netrc');
  });
});
