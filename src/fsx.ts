import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { GoswError, errnoCode } from './errors.js';

/**
 * mkdir -p that cannot spin. Node's `mkdirSync(p, {recursive: true})` loops forever where mkdir(2)
 * answers ENOENT for a path whose parent exists (procfs, some FUSE mounts: GOSW_HOME=/proc/x), so
 * gosw creates each missing component itself and lets any error but EEXIST through.
 */
export function mkdirp(dir: string, mode = 0o777): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    try {
      mkdirSync(d, { mode });
      break;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') break;
      if (code !== 'ENOENT' || path.dirname(d) === d || missing.length > 256) throw err;
      missing.push(d);
    }
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d, { mode });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/**
 * Where a write to `file` lands. `file` itself unless it is a symbolic link: then its final target,
 * but only when the link is the user's own (one planted by someone else in a shared directory must
 * not steer the write) and the target is a regular file the user may write. Anything else is refused:
 * renaming over the link would silently replace it, writing through it is the planter's choice.
 */
export function writeTarget(file: string): string {
  let st;
  try {
    st = lstatSync(file);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return file;
    throw err;
  }
  if (!st.isSymbolicLink()) return file;
  const refuse = (why: string) =>
    new GoswError('IO', `${file} is a symbolic link ${why}; not writing through it`, {
      hint: `remove the link (rm ${file}) or point it at a regular file of yours`,
    });
  const uid = typeof process.getuid === 'function' ? process.getuid() : st.uid;
  if (st.uid !== uid) throw refuse(`owned by uid ${st.uid}, not by you`);
  let target: string;
  try {
    target = realpathSync(file);
  } catch (err) {
    throw refuse(`to ${safeReadlink(file)}, which cannot be reached (${errnoCode(err) ?? String(err)})`);
  }
  if (!statSync(target).isFile()) throw refuse(`to ${target}, which is not a regular file`);
  try {
    accessSync(target, constants.W_OK);
  } catch {
    throw refuse(`to ${target}, which you may not write`);
  }
  return target;
}

function safeReadlink(p: string): string {
  try {
    return readlinkSync(p);
  } catch {
    return '?';
  }
}

/**
 * Writes a file so that a reader sees the old content or the new, never half of it. The temp file
 * `<file>.gosw-<pid>-<8 hex>.tmp` (gosw doctor looks for leftovers by that name) is created
 * O_EXCL|O_NOFOLLOW with a random part: in a directory others may write, a symlink or file planted at
 * a predictable name must not be written through. A symlinked `file` is written through to its
 * target, in the target's directory, under writeTarget's rules. The mode is that of the file
 * replaced, else 0644 (less the umask).
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dest = writeTarget(file);
  let mode: number | undefined;
  try {
    mode = statSync(dest).mode & 0o777;
  } catch {
    // a new file
  }
  let tmp = '';
  let fd: number | undefined;
  for (let attempt = 0; fd === undefined; attempt++) {
    tmp = `${dest}.gosw-${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode ?? 0o644);
    } catch (err) {
      // EEXIST: someone holds that name (1 in 2^32 by chance); another random name is as good.
      if (errnoCode(err) !== 'EEXIST' || attempt >= 8) throw err;
    }
  }
  try {
    try {
      if (mode !== undefined) fchmodSync(fd, mode); // exactly the old mode, whatever the umask
      writeFileSync(fd, data);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, dest);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Whether anything (a dangling link included) has this name. */
export function lexists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** The names in a directory; none when it does not exist (yet). Other errors are thrown. */
export function readdirOrEmpty(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return [];
    throw err;
  }
}
