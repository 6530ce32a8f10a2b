import { createHash, type Hash } from 'node:crypto';
import { GoswError } from '../../errors.js';
import type { Verifier } from './verifier.js';

/** The archive's sha256 from go.dev's release index (or --sha256): a mirror is never asked. */
export class Sha256Verifier implements Verifier {
  readonly kind = 'sha256';
  private readonly hash: Hash = createHash('sha256');
  private digest: string | undefined;

  constructor(
    private readonly expected: string,
    private readonly filename: string,
    private readonly size?: number,
  ) {}

  update(chunk: Buffer): void {
    this.hash.update(chunk);
  }

  private actual(): string {
    this.digest ??= this.hash.digest('hex');
    return this.digest;
  }

  matches(): boolean {
    return this.actual() === this.expected;
  }

  check(bytes: number): void {
    const actual = this.actual();
    if (actual === this.expected) return;
    const size = this.size !== undefined && this.size !== bytes ? ` (${bytes} bytes, the index says ${this.size})` : '';
    throw new GoswError('CHECKSUM', `sha256 mismatch for ${this.filename}${size}: expected ${this.expected}, got ${actual}`, {
      hint: 'the file was damaged or tampered with (a bad mirror?); nothing was installed. Retry, or unset GOSW_MIRROR',
    });
  }
}
