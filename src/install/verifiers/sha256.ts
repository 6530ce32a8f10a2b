import { GoswError } from '../../errors.js';
import type { StreamDigests, Verifier } from './verifier.js';

/** The archive's sha256 from go.dev's release index (or --sha256): a mirror is never asked. */
export class Sha256Verifier implements Verifier {
  readonly kind = 'sha256';

  constructor(
    private readonly expected: string,
    private readonly filename: string,
    private readonly size: number | undefined,
    /** The hint's advice on where the bad bytes came from (the mirror, the file given). */
    private readonly advice: string,
    private readonly onPass?: () => void,
  ) {}

  matches(d: StreamDigests): boolean {
    return d.sha256 === this.expected;
  }

  async check(bytes: number, d: StreamDigests): Promise<void> {
    if (d.sha256 === this.expected) return this.onPass?.();
    const size = this.size !== undefined && this.size !== bytes ? ` (${bytes} bytes, the index says ${this.size})` : '';
    throw new GoswError('CHECKSUM', `sha256 mismatch for ${this.filename}${size}: expected ${this.expected}, got ${d.sha256}`, {
      hint: `the file was damaged or tampered with; nothing was installed. ${this.advice}`,
    });
  }
}
