import { GoswError } from '../errors.js';

export interface Platform {
  os: string;
  arch: string;
}

// Node's names → Go's names (GOOS/GOARCH as used in go.dev's file names).
const OS: Record<string, string> = { linux: 'linux', darwin: 'darwin', freebsd: 'freebsd' };
const ARCH: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  ia32: '386',
  arm: 'armv6l', // go.dev publishes 32-bit ARM for Linux as armv6l (runs on v6 and v7)
  ppc64: 'ppc64le', // Node reports ppc64 on little-endian Linux too; go.dev ships only ppc64le archives for Linux
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
  mips: 'mips',
  mipsel: 'mipsle',
  mips64el: 'mips64le',
};

/** This machine's platform in Go's names. GOSW_OS / GOSW_ARCH override it (to fill a store for another machine). */
export function currentPlatform(env: NodeJS.ProcessEnv): Platform {
  const os = env.GOSW_OS || OS[process.platform];
  const arch = env.GOSW_ARCH || ARCH[process.arch];
  if (!os || !arch) {
    throw new GoswError('UNSUPPORTED_PLATFORM', `gosw does not know Go's name for this platform (${process.platform}/${process.arch})`, {
      hint: 'set GOSW_OS and GOSW_ARCH to the GOOS/GOARCH of the archives to install, e.g. GOSW_OS=linux GOSW_ARCH=amd64',
    });
  }
  return { os, arch };
}
