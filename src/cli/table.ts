/**
 * The command table: what each command is called, takes and prints in its help, as plain data.
 * It imports nothing from src/commands/ (the loaders are in registry.ts), so help and completion
 * can read it without loading any command. A new command is a row here and a loader there.
 */
import { SHELLS } from '../shell/shells.js';
import type { OptionSpec } from './args.js';

/**
 * What a command's positional arguments are, for completion. `installed` and `remote` apply to
 * every positional, `shell` and `word` to the first one only.
 */
export type ArgKind =
  /** installed versions and their aliases (read from the store) */
  | { readonly kind: 'installed' }
  /** stable versions in the cached release index that are not installed, and their lines; plus `also` */
  | { readonly kind: 'remote'; readonly also?: readonly string[] }
  /** a shell from src/shell/shells.ts */
  | { readonly kind: 'shell' }
  /** one of a fixed set of words (subcommands) */
  | { readonly kind: 'word'; readonly words: readonly string[] };

export interface CommandInfo {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: readonly OptionSpec[];
  readonly examples: readonly string[];
  /** What the positional arguments are; none: completion offers nothing for them. */
  readonly args?: ArgKind;
  /** Other names that run this command (names people bring from other tools); help lists them. */
  readonly aliases?: readonly string[];
  /** Paragraphs printed at the end of the help (environment, exit status). */
  readonly notes?: readonly string[];
}

const QUIET: OptionSpec = { name: 'quiet', short: 'q', description: 'print only errors' };
const OFFLINE: OptionSpec = { name: 'offline', description: 'use the cached release index only; no network' };
const JSON_OPT: OptionSpec = { name: 'json', description: 'print JSON' };

export const COMMANDS = [
  {
    name: 'install',
    summary: 'download, verify and unpack Go versions into the store',
    usage: 'gosw install [options] <spec>...\n       gosw install --file <go1.X.Y.os-arch.tar.gz> [--sha256 HEX]',
    args: { kind: 'remote', also: ['latest'] },
    options: [
      { name: 'force', short: 'f', description: 'reinstall even if the version is installed' },
      { name: 'file', value: 'PATH', description: 'install from a local tarball, checked against the index' },
      { name: 'sha256', value: 'HEX', description: 'expected sha256 of --file when the index cannot be had' },
      {
        name: 'source',
        value: 'SOURCE',
        description: 'where toolchains come from: godev, goproxy (GOPROXY, verified by GOSUMDB), or auto (GOSW_SOURCE; default auto)',
        choices: ['godev', 'goproxy', 'auto'],
      },
      {
        name: 'h1',
        value: 'HASH',
        description: 'with --source goproxy: pin the module zip to this h1: hash instead of asking the checksum database',
      },
      OFFLINE,
      QUIET,
    ],
    examples: ['gosw install 1.22.5', 'gosw install 1.22 latest', 'GOSW_MIRROR=https://mirror.example/go gosw install 1.23'],
  },
  {
    name: 'uninstall',
    summary: 'remove an installed Go version',
    usage: 'gosw uninstall <spec>',
    aliases: ['rm', 'remove'],
    args: { kind: 'installed' },
    options: [QUIET],
    examples: ['gosw uninstall 1.21.13', 'gosw uninstall 1.21   # only if one 1.21.x is installed'],
  },
  {
    name: 'list',
    summary: 'list installed Go versions',
    usage: 'gosw list [--json]',
    aliases: ['ls', 'versions'],
    options: [JSON_OPT],
    examples: ['gosw list', 'gosw list --json'],
  },
  {
    name: 'list-remote',
    summary: 'list Go versions available for download',
    usage: 'gosw list-remote [prefix] [--all] [--json]',
    aliases: ['ls-remote'],
    args: { kind: 'remote' },
    options: [
      { name: 'all', short: 'a', description: 'include prereleases and unsupported lines' },
      JSON_OPT,
      OFFLINE,
      {
        name: 'source',
        value: 'SOURCE',
        description:
          'where versions come from: godev (the release index), goproxy (@v/list of GOPROXY), or auto (GOSW_SOURCE; default auto)',
        choices: ['godev', 'goproxy', 'auto'],
      },
    ],
    examples: ['gosw list-remote', 'gosw list-remote 1.21', 'gosw list-remote --all --json'],
  },
  {
    name: 'which',
    summary: 'print the GOROOT of an installed version',
    usage: 'gosw which <spec>',
    args: { kind: 'installed' },
    options: [],
    examples: ['gosw which 1.22', '"$(gosw which 1.22.5)/bin/go" version'],
  },
  {
    name: 'env',
    summary: 'print the shell integration: eval "$(gosw env)" in ~/.bashrc or ~/.zshrc',
    usage: 'gosw env [--shell bash|zsh]\n       gosw env --format json|dotenv|systemd [<spec>]',
    options: [
      {
        name: 'shell',
        short: 's',
        value: 'SHELL',
        choices: SHELLS,
        description: 'bash or zsh (default: the shell that runs gosw, else $SHELL)',
      },
      {
        name: 'format',
        value: 'FORMAT',
        choices: ['json', 'dotenv', 'systemd'],
        description: 'print the environment (GOROOT, PATH, GOTOOLCHAIN, GOCACHE) as json, dotenv or systemd',
      },
    ],
    examples: [
      'echo \'eval "$(gosw env)"\' >> ~/.bashrc',
      'eval "$(gosw env --shell zsh)"',
      'gosw env --format systemd 1.22 > ~/.config/gosw/build.env   # EnvironmentFile= in a user unit',
    ],
  },
  {
    name: 'current',
    summary: 'show the Go version selected here, and why',
    usage: 'gosw current [--json]',
    options: [JSON_OPT],
    examples: ['gosw current', 'gosw current --json'],
  },
  {
    name: 'local',
    summary: 'pin a version for this directory (writes .go-version); with no argument, show the pin and its file',
    usage: 'gosw local [<spec>]',
    args: { kind: 'installed' },
    options: [],
    examples: ['gosw local 1.22', 'gosw local 1.22.5', 'gosw local'],
  },
  {
    name: 'global',
    summary: 'set the default version used outside any project; with no argument, show it',
    usage: 'gosw global [<spec> | --unset]',
    args: { kind: 'installed' },
    options: [{ name: 'unset', description: 'remove the global default' }],
    examples: ['gosw global latest', 'gosw global 1.22', 'gosw global --unset'],
  },
  {
    name: 'shell',
    summary: 'use a version in this shell only (needs eval "$(gosw env)")',
    usage: 'gosw shell <spec>\n       gosw shell --unset',
    args: { kind: 'installed' },
    options: [
      { name: 'unset', description: 'stop overriding; version files apply again' },
      { name: 'print', description: 'print the value for GOSW_VERSION (used by the shell function)' },
    ],
    examples: ['gosw shell 1.21', 'gosw shell --unset'],
  },
  {
    name: 'exec',
    summary: "run a command with a version's environment, without the hook",
    usage: 'gosw exec [--install] [<spec>] -- <command> [args...]',
    args: { kind: 'installed' },
    options: [
      { name: 'install', short: 'i', description: 'install the version first if it is missing (also: GOSW_AUTO_INSTALL=1)' },
      { name: 'quiet', short: 'q', description: 'print only errors (the install says nothing on success)' },
    ],
    examples: [
      'gosw exec 1.22 -- go build ./...',
      'gosw exec -- go test ./...   # the version selected here',
      'gosw exec --install -- go test ./...   # in CI: install what go.mod wants, then run',
    ],
    notes: [
      "The command's exit status is gosw's. With --install or GOSW_AUTO_INSTALL=1, a version that is not installed is installed first (progress and messages on stderr; stdout is the command's).",
    ],
  },
  {
    name: 'doctor',
    summary: 'check for the classic breakages: shadowing go, GOROOT, caches on NTFS, store health',
    usage: 'gosw doctor [--fix] [--json]',
    options: [
      JSON_OPT,
      {
        name: 'fix',
        description:
          'remove what crashed gosw runs left (dead processes only), restore a version a killed install --force moved aside, rewrite stale aliases',
      },
    ],
    examples: ['gosw doctor', 'gosw doctor --fix', 'gosw doctor --json | jq .checks'],
    notes: [
      'Exit status: 0 when nothing is wrong or there are only warnings (warn); 1 when a check found a problem (FAIL), e.g. a version this directory wants is not installed; 2 for a usage error.',
      'Colour only when stdout is a terminal; NO_COLOR=1 turns it off, FORCE_COLOR=1 on.',
    ],
  },
  {
    name: 'cache',
    summary: 'show or prune the per-distro Go build cache',
    usage:
      'gosw cache info [--json] [--format prometheus] [--scope S | --all-scopes]\n       gosw cache prune [--older-than 30d] [--max-size 10G] [--scope S | --all-scopes] [--dry-run]',
    args: { kind: 'word', words: ['info', 'prune'] },
    options: [
      JSON_OPT,
      { name: 'format', value: 'FORMAT', choices: ['prometheus'], description: 'prometheus: a node_exporter textfile' },
      { name: 'scope', value: 'S', description: "act on another distro's cache" },
      { name: 'all-scopes', description: "act on every distro's cache" },
      { name: 'older-than', value: 'AGE', description: 'prune entries unused for longer (30d, 12h)' },
      { name: 'max-size', value: 'SIZE', description: 'prune least recently used entries until under SIZE (10G)' },
      { name: 'dry-run', short: 'n', description: 'say what prune would remove' },
    ],
    examples: [
      'gosw cache info',
      'gosw cache info --all-scopes --format prometheus > /var/lib/node_exporter/gosw.prom',
      'gosw cache prune --older-than 30d --max-size 10G',
    ],
  },
  {
    name: 'mirror',
    summary: 'build, check and prune a static mirror of Go toolchains (tarballs, module proxy, checksum database)',
    usage:
      'gosw mirror sync <dir> [--versions SPECS] [--platforms OS-ARCH,...] [--format tarball|module|both] [--from-projects DIR,...]\n       gosw mirror verify <dir|url> [--key KEY]\n       gosw mirror prune <dir> --keep SPECS',
    args: { kind: 'word', words: ['sync', 'verify', 'prune'] },
    options: [
      { name: 'versions', value: 'SPECS', description: "what to mirror, comma-separated: 1.22.5, 1.22, latest, '>=1.21', latest-2-lines" },
      { name: 'platforms', value: 'LIST', description: 'os-arch list as go.dev names them (default: this machine)' },
      {
        name: 'format',
        value: 'FORMAT',
        choices: ['tarball', 'module', 'both'],
        description: 'go.dev tarballs, module zips + checksum database, or both (default)',
      },
      {
        name: 'from-projects',
        value: 'DIRS',
        description: 'also mirror what these trees ask for (.go-version, go.mod, ...), comma-separated',
      },
      { name: 'keep', value: 'SPECS', description: 'prune: the versions to keep' },
      { name: 'key', value: 'KEY', description: "verify: the checksum database's verifier key (default GOSUMDB, else the mirror's)" },
      QUIET,
    ],
    examples: [
      "gosw mirror sync /srv/go --versions '>=1.22' --platforms linux-amd64,linux-arm64,darwin-arm64",
      'gosw mirror verify https://mirror.example/go',
      'gosw mirror prune /srv/go --keep latest-2-lines',
    ],
  },
  {
    name: 'completion',
    summary: `print shell completion for ${SHELLS.join(' or ')}`,
    usage: `gosw completion ${SHELLS.join('|')}`,
    args: { kind: 'shell' },
    options: [{ name: 'complete', description: 'print candidates for the words after --, one per line (used by the scripts)' }],
    examples: ['source <(gosw completion bash)   # in ~/.bashrc', 'source <(gosw completion zsh)    # in ~/.zshrc, after compinit'],
  },
] as const satisfies readonly CommandInfo[];

export type CommandName = (typeof COMMANDS)[number]['name'];

/** The row for a command name or one of its aliases. */
export function findCommand(name: string): CommandInfo | undefined {
  return (COMMANDS as readonly CommandInfo[]).find((c) => c.name === name || c.aliases?.includes(name));
}
