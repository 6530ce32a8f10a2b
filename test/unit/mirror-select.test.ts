import { describe, expect, it } from 'vitest';
import { keptBy, parseMirrorSpecs, parsePlatforms, selectReleases } from '../../src/mirror/select.js';
import { releaseOf } from '../../src/mirror/prune.js';

const C = ['go1.23rc1', 'go1.22.5', 'go1.22.4', 'go1.21.13', 'go1.21.0', 'go1.21rc2', 'go1.20.14', 'go1.20'].map((name) => ({
  name,
  stable: !/rc|beta/.test(name),
}));

describe('mirror version specs', () => {
  it('user specs pick one release each; >= picks every stable release from there; latest-N-lines the newest of N lines', () => {
    expect(selectReleases(parseMirrorSpecs('1.22'), C)).toEqual(['go1.22.5']);
    expect(selectReleases(parseMirrorSpecs('latest,1.20.0'), C)).toEqual(['go1.22.5', 'go1.20']);
    expect(selectReleases(parseMirrorSpecs('>=1.21'), C)).toEqual(['go1.22.5', 'go1.22.4', 'go1.21.13', 'go1.21.0']);
    expect(selectReleases(parseMirrorSpecs('latest-2-lines'), C)).toEqual(['go1.22.5', 'go1.21.13']);
    expect(selectReleases(parseMirrorSpecs('1.23rc1 1.21'), C)).toEqual(['go1.23rc1', 'go1.21.13']);
  });

  it('a spec that selects nothing, or is not a version, fails naming it', () => {
    expect(() => selectReleases(parseMirrorSpecs('1.19'), C)).toThrow(/--versions 1\.19 selects no release upstream/);
    expect(() => parseMirrorSpecs('1.22;rm')).toThrow(/is not a Go version/);
    expect(() => parseMirrorSpecs(' , ')).toThrow(/names no version/);
  });

  it('prune keeps by the same specs, against what the mirror holds', () => {
    expect([...keptBy(parseMirrorSpecs('1.22,1.19'), ['go1.22.5', 'go1.22.4', 'go1.21.13'])]).toEqual(['go1.22.5']);
    expect([...keptBy(parseMirrorSpecs('>=1.22'), ['go1.22.5', 'go1.22.4', 'go1.21.13'])].sort()).toEqual(['go1.22.4', 'go1.22.5']);
  });

  it('platforms are os-arch words; module versions map back to their release', () => {
    expect(parsePlatforms('linux-amd64, darwin-arm64')).toEqual([
      { os: 'linux', arch: 'amd64' },
      { os: 'darwin', arch: 'arm64' },
    ]);
    expect(() => parsePlatforms('linux/amd64')).toThrow(/is not os-arch/);
    expect(releaseOf('v0.0.1-go1.22.5.linux-amd64')).toBe('go1.22.5');
    expect(releaseOf('v0.0.1-go1.23rc1.linux-arm')).toBe('go1.23rc1');
  });
});
