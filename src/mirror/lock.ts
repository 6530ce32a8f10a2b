import path from 'node:path';
import { GoswError } from '../errors.js';
import { mkdirp } from '../fsx.js';
import { acquire } from '../store/lock.js';
import { STATE } from './tree.js';

/** Holds the tree's lock for `work`: a second sync (or a prune) on the same tree stops at once, naming the holder. */
export async function withTreeLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  mkdirp(path.join(dir, STATE, 'locks'));
  let held: Awaited<ReturnType<typeof acquire>>;
  try {
    held = await acquire(path.join(dir, STATE, 'locks'), 'mirror', { timeoutMs: 0 });
  } catch (err) {
    if (err instanceof GoswError && err.code === 'LOCK')
      throw new GoswError('LOCK', `another gosw is writing the mirror ${dir} (${err.message.replace(/^.* held by /, 'held by ')})`, {
        hint: 'wait for it to finish; a killed sync leaves a lock that the next run takes over',
      });
    throw err;
  }
  try {
    return await work();
  } finally {
    await held.release();
  }
}
