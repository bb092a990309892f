/**
 * Which git command a merge driver runs under, read from the driver's ancestor processes (issue
 * 20). git 2.39 tells a driver nothing about a `git cherry-pick <rev>` or a `git stash pop`: no
 * GITHEAD_<sha> variable, no CHERRY_PICK_HEAD yet, no state folder. The driver's parent (the
 * driver command `exec`s node, so no shell is left between them) is that git process, and its
 * command line names the operation and the commit or stash.
 *
 * `parseGitCommand` and `gitOperationOf` are pure (argv in, data out). `findGitInvocation` is the
 * edge: it reads `/proc/<pid>/stat` and `/proc/<pid>/cmdline` on Linux, `ps -o ppid=,args=` where
 * there is no /proc. Every failure yields null, which callers treat as "unknown" (the driver then
 * behaves as before: a merge whose theirs keeps the ids).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A git command line: its subcommand and the arguments after it (global options dropped). */
export interface GitCommand {
  command: string;
  args: string[];
}

/** The operation a git command line performs, as far as the merge driver cares. */
export type GitOperation =
  | { op: 'cherry-pick'; rev: string }
  | { op: 'stash'; action: 'pop' | 'apply'; stash: string }
  | { op: 'other'; command: string };

/** git's global options that take their value as the next argument (`git -C dir ...`). */
const GLOBAL_WITH_VALUE = new Set([
  '-C',
  '-c',
  '--git-dir',
  '--work-tree',
  '--namespace',
  '--super-prefix',
  '--config-env',
]);

/**
 * The subcommand and its arguments of a git process's argv (`["git", "-C", "x", "stash", "pop"]`
 * -> `{command: "stash", args: ["pop"]}`; `git-cherry-pick` dashed forms too). Null when argv is
 * not git's or names no subcommand. Pure.
 */
export function parseGitCommand(argv: readonly string[]): GitCommand | null {
  if (argv.length === 0) return null;
  const exe = (argv[0].split(/[\\/]/).pop() ?? '').replace(/\.exe$/i, '');
  if (exe.startsWith('git-') && exe.length > 4) return { command: exe.slice(4), args: argv.slice(1) };
  if (exe !== 'git') return null;
  let i = 1;
  while (i < argv.length && argv[i].startsWith('-')) i += GLOBAL_WITH_VALUE.has(argv[i]) ? 2 : 1;
  return i < argv.length ? { command: argv[i], args: argv.slice(i + 1) } : null;
}

/** cherry-pick's options that take their value as the next argument. */
const PICK_WITH_VALUE = new Set(['-m', '--mainline', '-s', '--strategy', '-X', '--strategy-option', '--cleanup']);

/**
 * What a git command does, for the merge driver: a cherry-pick of one commit (`rev` as typed:
 * resolve it with git rev-parse), a stash pop or apply (`stash` as git resolves it: `stash@{0}`
 * when none is named, `stash@{n}` for a bare number), or something else (`command`: also a
 * cherry-pick of several commits, of a range, of a merge with -m, --continue and the like, which
 * the git directory's sequencer folder describes). Pure.
 */
export function gitOperationOf(cmd: GitCommand): GitOperation {
  if (cmd.command === 'cherry-pick') {
    const revs: string[] = [];
    let mainline = false;
    for (let i = 0; i < cmd.args.length; i++) {
      const a = cmd.args[i];
      if (a === '--') continue;
      if (a === '-m' || a === '--mainline' || a.startsWith('--mainline=') || /^-m\d/.test(a)) mainline = true;
      if (PICK_WITH_VALUE.has(a)) i++;
      else if (!a.startsWith('-')) revs.push(a);
    }
    const single = revs.length === 1 && !revs[0].includes('..') && !revs[0].startsWith('^');
    return single && !mainline ? { op: 'cherry-pick', rev: revs[0] } : { op: 'other', command: cmd.command };
  }
  if (cmd.command === 'stash' && (cmd.args[0] === 'pop' || cmd.args[0] === 'apply')) {
    const named = cmd.args.slice(1).filter((a) => !a.startsWith('-'));
    const stash = named[0] ?? 'stash@{0}';
    return { op: 'stash', action: cmd.args[0], stash: /^\d+$/.test(stash) ? `stash@{${stash}}` : stash };
  }
  return { op: 'other', command: cmd.command };
}

/** One process: its parent's id and its argv. */
interface ProcessInfo {
  ppid: number;
  argv: string[];
}

function fromProc(pid: number): ProcessInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // NOTE: the second field is the name in parentheses and may hold spaces or parentheses itself.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (argv.at(-1) === '') argv.pop();
    return Number.isInteger(ppid) ? { ppid, argv } : null;
  } catch {
    return null;
  }
}

function fromPs(pid: number): ProcessInfo | null {
  try {
    const run = spawnSync('ps', ['-o', 'ppid=,args=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000 });
    const m = /^\s*(\d+)\s+(.*)$/.exec(run.stdout ?? '');
    // NOTE: ps joins argv with spaces: an argument with a space in it is split (good enough to find git's subcommand).
    return m ? { ppid: Number(m[1]), argv: m[2].trim().split(/\s+/) } : null;
  } catch {
    return null;
  }
}

/** A git process above the current one: its id and command line. */
export interface GitInvocation extends GitCommand {
  pid: number;
}

/**
 * The nearest git process among this process's ancestors (at most `depth` levels up, from
 * `start`, by default the parent): its pid and command. Null when there is none or the process
 * table cannot be read. Edge: reads /proc, or runs ps.
 */
export function findGitInvocation(start: number = process.ppid, depth = 4): GitInvocation | null {
  const hasProc = (() => {
    try {
      readFileSync('/proc/self/stat');
      return true;
    } catch {
      return false;
    }
  })();
  let pid = start;
  for (let level = 0; level < depth && pid > 1; level++) {
    const info = hasProc ? fromProc(pid) : fromPs(pid);
    if (!info) return null;
    const cmd = parseGitCommand(info.argv);
    if (cmd) return { pid, ...cmd };
    pid = info.ppid;
  }
  return null;
}

/** Whether a process is still running (signal 0). Edge. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
