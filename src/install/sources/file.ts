import { createReadStream, statSync } from 'node:fs';
import type { Context } from '../../context.js';
import { GoswError } from '../../errors.js';
import type { Opened, Source } from './source.js';

/** A local archive (`install --file`): read once; nothing to retry. */
export class FileSource implements Source {
  readonly kind = 'file';
  readonly network = false;

  constructor(readonly where: string) {}

  async fetch(_ctx: Context, consume: (o: Opened) => Promise<void>): Promise<void> {
    try {
      return await consume({ stream: createReadStream(this.where), length: statSync(this.where).size, where: this.where });
    } catch (err) {
      if (err instanceof GoswError) throw err;
      throw new GoswError('IO', `cannot read ${this.where}: ${(err as Error).message}`, { cause: err });
    }
  }

  short(): undefined {
    return undefined;
  }
}
