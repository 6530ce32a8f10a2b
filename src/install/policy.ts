import path from 'node:path';

/**
 * What a Go archive may contain. Official archives hold regular files, directories and a few
 * relative symlinks, all under go/. Anything else means a tampered or foreign archive, and the
 * install stops (fail closed) rather than skipping the entry.
 */
export interface EntryInfo {
  path: string;
  type: string;
  linkpath?: string;
}

const TOP = 'go';

/** Splits an archive path, refusing absolute paths, `..`, empty and `.` segments. */
function segments(p: string): string[] | undefined {
  if (p.startsWith('/') || p.includes('\\') || p.includes('\0')) return undefined;
  const parts = p.replace(/\/+$/, '').split('/');
  if (parts.some((s) => s === '' || s === '.' || s === '..')) return undefined;
  return parts;
}

function inside(p: string): boolean {
  const parts = segments(p);
  return parts !== undefined && parts[0] === TOP;
}

export class EntryPolicy {
  /** Symlinks written so far: nothing may later be written, linked or resolved through one. */
  private readonly symlinks = new Set<string>();
  /** Regular files written so far: a hard link must point at one of them. */
  private readonly files = new Set<string>();

  /** Walks a link target lexically, refusing one that passes through a symlink (its real target could be anywhere). */
  private throughSymlink(from: string, target: string): boolean {
    const parts = `${from}/${target}`.split('/'); // not path.join: it would fold the '..' away first
    const stack: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p === '' || p === '.') continue;
      if (p === '..') stack.pop();
      else stack.push(p);
      if (i < parts.length - 1 && this.symlinks.has(stack.join('/'))) return true;
    }
    return false;
  }

  /** Returns why the entry is refused, or undefined when it is fine. */
  check(e: EntryInfo): string | undefined {
    if (!inside(e.path)) return `entry ${JSON.stringify(e.path)} is outside ${TOP}/ (absolute, '..' or another top directory)`;
    const clean = e.path.replace(/\/+$/, '');
    const parts = clean.split('/');
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (this.symlinks.has(prefix)) return `entry ${JSON.stringify(e.path)} would be written through the symlink ${prefix}`;
    }
    switch (e.type) {
      case 'File':
      case 'OldFile':
      case 'ContiguousFile':
      case 'Directory':
        this.symlinks.delete(clean);
        if (e.type !== 'Directory') this.files.add(clean);
        return undefined;
      case 'SymbolicLink': {
        const target = e.linkpath ?? '';
        if (target === '' || target.startsWith('/')) return `symlink ${clean} -> ${JSON.stringify(target)} is absolute or empty`;
        const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(clean), target));
        if (resolved !== TOP && !resolved.startsWith(`${TOP}/`)) return `symlink ${clean} -> ${JSON.stringify(target)} points outside ${TOP}/`;
        if (this.throughSymlink(path.posix.dirname(clean), target)) return `symlink ${clean} -> ${JSON.stringify(target)} resolves through another symlink`;
        this.files.delete(clean);
        this.symlinks.add(clean);
        return undefined;
      }
      case 'Link': {
        const target = e.linkpath ?? '';
        if (!inside(target)) return `hard link ${clean} -> ${JSON.stringify(target)} points outside ${TOP}/`;
        if ([...this.symlinks].some((s) => target === s || target.startsWith(`${s}/`))) {
          return `hard link ${clean} -> ${JSON.stringify(target)} goes through a symlink`;
        }
        if (!this.files.has(target.replace(/\/+$/, ''))) return `hard link ${clean} -> ${JSON.stringify(target)} does not point at an earlier file of the archive`;
        this.files.add(clean);
        return undefined;
      }
      default:
        return `entry ${JSON.stringify(clean)} is a ${e.type}: Go archives hold only files, directories and links`;
    }
  }
}

/** Permission bits to keep: setuid, setgid and sticky are dropped whatever the archive says. */
export function safeMode(mode: number | undefined): number | undefined {
  return mode === undefined ? undefined : mode & 0o777;
}
