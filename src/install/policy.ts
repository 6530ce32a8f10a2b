/**
 * What a Go archive may contain, and the rule that makes extraction safe before the checksum is
 * known: **no symlink exists in the work dir until the archive's sha256 has matched.**
 *
 * While the archive streams, regular files and directories are written into a fresh, empty
 * mkdtemp directory; symlinks (and hard links to them) are only *queued*. With no symlink on
 * disk, no path can be written through one, whatever the archive says. After verification,
 * `planLinks` resolves every queued link against the final tree (other links included, as the
 * kernel would) and refuses the archive if any resolves outside `go/`; only then are they made.
 *
 * Official archives hold regular files, directories and a few relative symlinks, all under go/,
 * no two names equal but for case (Go's module zips forbid that too). Anything else means a
 * tampered or foreign archive: the install stops (fail closed) rather than skipping the entry.
 */
export interface EntryInfo {
  path: string;
  type: string;
  linkpath?: string;
}

/** A symlink to create once the archive is verified: `path` (relative to the work dir) -> `target`. */
export interface QueuedLink {
  path: string;
  target: string;
}

const TOP = 'go';
/** Symlinks followed while resolving one target, as Linux's MAXSYMLINKS: more is a loop. */
const MAX_HOPS = 40;

type Kind = 'dir' | 'file' | 'link';

/** Splits an archive path, refusing absolute paths, `..`, empty and `.` segments. */
function segments(p: string): string[] | undefined {
  if (p.startsWith('/') || p.includes('\\') || p.includes('\0')) return undefined;
  const parts = p.replace(/\/+$/, '').split('/');
  if (parts.some((s) => s === '' || s === '.' || s === '..')) return undefined;
  return parts;
}

/**
 * How a case-insensitive filesystem (macOS, Windows) sees a name: equal keys are one file there.
 * Conservative (more names collide than under Go's ToFold: upper- then lower-casing also folds
 * the Kelvin sign and the long s); used for tarballs and module zips alike.
 */
export function foldKey(p: string): string {
  return p.normalize('NFD').toUpperCase().toLowerCase();
}

export class EntryPolicy {
  /** Every name seen so far (implicit parent directories included) and what it is. */
  private readonly kinds = new Map<string, Kind>();
  /** Case-folded name -> the name first seen: a second spelling is refused. */
  private readonly folded = new Map<string, string>();
  /** Symlinks to create after verification, in archive order. */
  private readonly queue: QueuedLink[] = [];

  /** Links queued so far (the worker hands them to the main thread at the end). */
  get links(): readonly QueuedLink[] {
    return this.queue;
  }

  /** Whether this (accepted) entry was queued as a link rather than written. */
  isLink(path: string): boolean {
    return this.kinds.get(path.replace(/\/+$/, '')) === 'link';
  }

  /** Records a name, refusing a case-fold twin and a change of kind (file <-> dir, anything <-> link). */
  private claim(name: string, kind: Kind): string | undefined {
    const key = foldKey(name);
    const first = this.folded.get(key);
    if (first !== undefined && first !== name) {
      return `entries ${JSON.stringify(first)} and ${JSON.stringify(name)} differ only in case (one file on macOS)`;
    }
    const had = this.kinds.get(name);
    if (had !== undefined) {
      if (had === 'link' || kind === 'link') return `entry ${JSON.stringify(name)} appears twice, once as a link`;
      if (had !== kind)
        return `entry ${JSON.stringify(name)} is both a ${had === 'dir' ? 'directory' : 'file'} and a ${kind === 'dir' ? 'directory' : 'file'}`;
      return undefined;
    }
    this.folded.set(key, name);
    this.kinds.set(name, kind);
    return undefined;
  }

  /** Registers the parent directories of an entry; refuses one that passes through a link or a file. */
  private claimParents(parts: string[]): string | undefined {
    // Walk up to the nearest known directory: its own parents were checked when it was claimed,
    // and a directory never changes kind later (claim refuses that).
    let known = parts.length - 1;
    for (; known >= 1; known--) {
      const prefix = parts.slice(0, known).join('/');
      const kind = this.kinds.get(prefix);
      if (kind === 'dir') break;
      if (kind === 'link') return `entry ${JSON.stringify(parts.join('/'))} would be written through the link ${prefix}`;
      if (kind === 'file') return `entry ${JSON.stringify(parts.join('/'))} would be written below the file ${prefix}`;
    }
    for (let i = Math.max(known, 0) + 1; i < parts.length; i++) {
      const why = this.claim(parts.slice(0, i).join('/'), 'dir');
      if (why) return why;
    }
    return undefined;
  }

  /** Returns why the entry is refused, or undefined when it is fine. */
  check(e: EntryInfo): string | undefined {
    const parts = segments(e.path);
    if (parts === undefined || parts[0] !== TOP)
      return `entry ${JSON.stringify(e.path)} is outside ${TOP}/ (absolute, '..' or another top directory)`;
    const name = parts.join('/');
    if (parts.length === 1 && e.type !== 'Directory')
      return `entry ${JSON.stringify(e.path)} must be the directory ${TOP}/, not a ${e.type}`;
    const parentWhy = this.claimParents(parts);
    if (parentWhy) return parentWhy;
    switch (e.type) {
      case 'File':
      case 'OldFile':
      case 'ContiguousFile':
        return this.claim(name, 'file');
      case 'Directory':
        return this.claim(name, 'dir');
      case 'SymbolicLink': {
        const target = e.linkpath ?? '';
        const why = lexicalTarget(name, target);
        return why ?? this.queueLink(name, target);
      }
      case 'Link': {
        const tparts = segments(e.linkpath ?? '');
        if (tparts === undefined || tparts[0] !== TOP)
          return `hard link ${name} -> ${JSON.stringify(e.linkpath ?? '')} points outside ${TOP}/`;
        const target = tparts.join('/');
        if (target === name) return `hard link ${name} points at itself`;
        const kind = this.kinds.get(target);
        // link(2) on a symlink makes another name for the symlink itself: the same text, read
        // from the new name's directory. So it is queued as that symlink and checked as one.
        if (kind === 'link') {
          const text = this.queue.find((l) => l.path === target)!.target;
          return lexicalTarget(name, text) ?? this.queueLink(name, text);
        }
        for (let i = 1; i < tparts.length; i++) {
          if (this.kinds.get(tparts.slice(0, i).join('/')) === 'link') return `hard link ${name} -> ${target} goes through a link`;
        }
        if (kind !== 'file') return `hard link ${name} -> ${JSON.stringify(target)} does not point at an earlier file of the archive`;
        return this.claim(name, 'file');
      }
      default:
        return `entry ${JSON.stringify(name)} is a ${e.type}: Go archives hold only files, directories and links`;
    }
  }

  private queueLink(name: string, target: string): string | undefined {
    const why = this.claim(name, 'link');
    if (why) return why;
    this.queue.push({ path: name, target });
    return undefined;
  }
}

/** The early, cheap check of a link's text: relative, and lexically inside go/ from where it sits. */
function lexicalTarget(name: string, target: string): string | undefined {
  if (target === '' || target.startsWith('/') || target.includes('\0') || target.includes('\\')) {
    return `symlink ${name} -> ${JSON.stringify(target)} is absolute or empty`;
  }
  const dir = name.split('/').slice(0, -1);
  if (resolve(dir, target, new Map()) === undefined) return `symlink ${name} -> ${JSON.stringify(target)} points outside ${TOP}/`;
  return undefined;
}

/**
 * Resolves `target` from directory `dir` (both inside go/) the way the kernel would in the final
 * tree, where `links` are the only symlinks: each link met on the way is replaced by its text.
 * Returns the resolved components, or undefined when any step leaves go/ or it loops.
 */
function resolve(dir: string[], target: string, links: ReadonlyMap<string, string>): string[] | undefined {
  const stack = [...dir];
  const todo = target.split('/').reverse();
  let hops = 0;
  while (todo.length) {
    const c = todo.pop()!;
    if (c === '' || c === '.') continue;
    if (c === '..') {
      if (stack.length <= 1) return undefined; // above go/
      stack.pop();
      continue;
    }
    stack.push(c);
    const text = links.get(stack.join('/'));
    if (text !== undefined) {
      if (++hops > MAX_HOPS || text.startsWith('/')) return undefined;
      stack.pop();
      for (const t of text.split('/').reverse()) todo.push(t);
    }
  }
  return stack;
}

/**
 * The links to create after verification, each checked against the final tree: every link,
 * followed through every other link, must stay inside go/. Returns why not, or undefined.
 */
export function checkLinks(links: readonly QueuedLink[]): string | undefined {
  const byPath = new Map(links.map((l) => [l.path, l.target]));
  for (const l of links) {
    if (resolve(l.path.split('/').slice(0, -1), l.target, byPath) === undefined) {
      return `symlink ${l.path} -> ${JSON.stringify(l.target)} leads outside ${TOP}/ (or loops) once the archive's other links exist`;
    }
  }
  return undefined;
}

/** Permission bits to keep: setuid, setgid and sticky are dropped whatever the archive says. */
export function safeMode(mode: number | undefined): number | undefined {
  return mode === undefined ? undefined : mode & 0o777;
}
