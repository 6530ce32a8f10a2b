import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Credentials for module proxies from a .netrc file, as the go command reads them
 * (cmd/go/internal/auth/netrc.go): `$NETRC`, else `~/.netrc`; `machine`, `login`, `password`
 * tokens (`default` is ignored, as Go does; `macdef` bodies are skipped); the first entry for a
 * host wins, and the host is matched without its port.
 */
export interface NetrcLine {
  machine: string;
  login: string;
  password: string;
}

export function parseNetrc(data: string): NetrcLine[] {
  const out: NetrcLine[] = [];
  let cur: Partial<NetrcLine> | undefined;
  let inMacro = false;
  for (const line of data.split('\n')) {
    if (inMacro) {
      if (line.trim() === '') inMacro = false;
      continue;
    }
    const f = line.trim().split(/\s+/).filter(Boolean);
    for (let i = 0; i < f.length; i++) {
      const w = f[i]!;
      if (w === '#' || w.startsWith('#')) break; // Go: a word starting with # ends the line
      if (w === 'machine' || w === 'default') {
        if (cur?.machine !== undefined && cur.login !== undefined && cur.password !== undefined) out.push(cur as NetrcLine);
        cur = w === 'machine' ? { machine: f[++i] } : undefined;
      } else if (w === 'login' && cur) cur.login = f[++i];
      else if (w === 'password' && cur) cur.password = f[++i];
      else if (w === 'macdef') {
        inMacro = true;
        break;
      }
    }
  }
  if (cur?.machine !== undefined && cur.login !== undefined && cur.password !== undefined) out.push(cur as NetrcLine);
  return out;
}

/** $NETRC, else ~/.netrc (undefined without a home). */
export function netrcPath(env: NodeJS.ProcessEnv): string | undefined {
  if (env.NETRC) return env.NETRC;
  return env.HOME ? path.join(env.HOME, '.netrc') : undefined;
}

/** An Authorization header for a URL's host from the user's .netrc, if it names that host. */
export function netrcAuth(env: NodeJS.ProcessEnv): (url: string) => Record<string, string> {
  let lines: NetrcLine[] = [];
  const file = netrcPath(env);
  try {
    lines = file ? parseNetrc(readFileSync(file, 'utf8')) : [];
  } catch {
    // no .netrc: no credentials
  }
  return (url): Record<string, string> => {
    let host: string;
    try {
      host = new URL(url).hostname;
    } catch {
      return {};
    }
    const l = lines.find((x) => x.machine === host);
    return l ? { authorization: `Basic ${Buffer.from(`${l.login}:${l.password}`).toString('base64')}` } : {};
  };
}
