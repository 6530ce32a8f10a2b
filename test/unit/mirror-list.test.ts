import { describe, expect, it } from 'vitest';
import { GoswError } from '../../src/errors.js';
import { mirrorList } from '../../src/install/sources/mirrors.js';
import { downloadSource } from '../../src/install/sources/index.js';

const official = { url: 'https://dl.google.com/go', fallBackOnError: false, official: true };

describe('GOSW_MIRROR lists (GOPROXY rules)', () => {
  it('"," and "|" set what moves on; the official location comes last', () => {
    expect(mirrorList({ GOSW_MIRROR: 'http://a/go,https://b/go/|http://c' })).toEqual({
      off: false,
      mirrors: [
        { url: 'http://a/go', fallBackOnError: false },
        { url: 'https://b/go', fallBackOnError: true },
        { url: 'http://c', fallBackOnError: false },
        official,
      ],
    });
  });

  it('"off" ends the list with no official location; "direct" is the official location in place', () => {
    expect(mirrorList({ GOSW_MIRROR: 'http://a,off,http://never' })).toEqual({
      off: true,
      mirrors: [{ url: 'http://a', fallBackOnError: false }],
    });
    expect(mirrorList({ GOSW_MIRROR: 'direct|http://never', GOSW_DOWNLOAD_URL: 'http://o/dl/' }).mirrors).toEqual([
      { url: 'http://o/dl', fallBackOnError: false, official: true },
    ]);
  });

  it('bare hosts get https:// as in GOPROXY; file URLs and other schemes are refused', () => {
    expect(mirrorList({ GOSW_MIRROR: 'mirror.example.com/go' }).mirrors[0]!.url).toBe('https://mirror.example.com/go');
    expect(() => mirrorList({ GOSW_MIRROR: 'file:///srv/go' })).toThrow(/is a file URL/);
    expect(() => mirrorList({ GOSW_MIRROR: 'ftp://x/go' })).toThrow(GoswError);
  });

  it('no GOSW_MIRROR: a plain url source at the official location (or GOSW_DOWNLOAD_URL)', () => {
    expect(downloadSource({}, 'go1.22.5.linux-amd64.tar.gz')).toEqual({
      kind: 'url',
      url: 'https://dl.google.com/go/go1.22.5.linux-amd64.tar.gz',
    });
    expect(downloadSource({ GOSW_MIRROR: 'http://a' }, 'f.tar.gz')).toMatchObject({ kind: 'mirrors', filename: 'f.tar.gz' });
  });
});
