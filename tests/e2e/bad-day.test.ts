/**
 * Issue 19, "Nothing lost on a bad day", met for real where the machine allows: a file size limit
 * (ulimit -f: EFBIG, and SIGXFSZ must not kill csp mid-write), a full file system (a small tmpfs,
 * when this process may mount one; else the same failure injected with CSP_TEST_FAULT), a
 * read-only mount (EROFS; else injected), a file's mode kept, a closed stdout, Ctrl-D is in
 * prompts.test.ts. Every refused write: exit 3 naming the file and the cause, the old file byte
 * for byte, no temp file, no journal, no new folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { BIN, isolatedEnv, runCsp } from '../helpers/cli.js';
import { tempDir, type TempRepo } from '../helpers/repo.js';

const PLAN = 'infohub/acme/success_plan/csp.yaml';
let template: TempRepo;

const base = mkdtempSync(join(tmpdir(), 'csp-bad-day-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

beforeAll(async () => {
  const dir = join(base, 'template');
  mkdirSync(dir);
  template = repoAt(dir);
  template.git('init', '-q', '-b', 'main');
  for (const [k, v] of [
    ['user.name', 'Test SA'],
    ['user.email', 'sa@example.com'],
    ['commit.gpgsign', 'false'],
    ['gc.auto', '0'],
  ])
    template.git('config', k, v);
  const init = await runCsp(['init', 'acme', '--name', 'Acme Corp', '--owner', 'Priya Natarajan', '--arr', '250000'], {
    cwd: template.dir,
  });
  expect(init.code, init.stderr).toBe(0);
  const grow = await runCsp(['set', 'acme', 'customer_context.background', 'Discovery notes. '.repeat(450).trim()], {
    cwd: template.dir,
  });
  expect(grow.code, grow.stderr).toBe(0);
  template.git('add', '-A');
  template.git('commit', '-q', '-m', 'plan');
  expect(statSync(template.path(PLAN)).size).toBeGreaterThan(7000);
}, 240_000);

/** A copy of the template: a repository with a committed plan of about 8 KB (over the 4 KB that ulimit -f 4 allows). */
async function planRepo(dir?: string): Promise<TempRepo> {
  const to = dir ?? tempDir('csp-bad-day-');
  cpSync(template.dir, to, { recursive: true });
  return repoAt(to);
}

/** Unmounts what tryMount mounted (before the temp folders are removed). */
function unmount(dir: string): void {
  spawnSync('umount', [dir]);
}

function repoAt(dir: string): TempRepo {
  const env = isolatedEnv(dir);
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  return {
    dir,
    git,
    write: (p, t) => writeFileSync(join(dir, p), t),
    read: (p) => readFileSync(join(dir, p), 'utf8'),
    path: (p) => join(dir, p),
  };
}

/** Every path under dir (but .git) that a failed write must not leave: temp files, journals. */
function leftovers(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      const path = rel ? `${rel}/${name}` : name;
      if (path === '.git') continue;
      if (/\.csp-tmp-|\.csp\/journal/.test(path)) out.push(path);
      if (statSync(join(dir, path)).isDirectory()) walk(path);
    }
  };
  walk('');
  return out;
}

/** Runs csp through bash with a file size limit of `kb` KB (SIGXFSZ as bash leaves it: the default action). */
function cspUnderUlimit(
  repo: TempRepo,
  kb: number,
  args: string[],
): { code: number | null; signal: NodeJS.Signals | null; stderr: string } {
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const run = spawnSync('bash', ['-c', `ulimit -f ${kb}; exec "${process.execPath}" "${BIN}" ${quoted}`], {
    cwd: repo.dir,
    env: isolatedEnv(repo.dir),
    encoding: 'utf8',
  });
  return { code: run.status, signal: run.signal, stderr: run.stderr };
}

/** mount <args> <dir>; false when this process may not (not root, no mount namespace). */
function tryMount(args: string[], dir: string): boolean {
  return spawnSync('mount', [...args, dir], { encoding: 'utf8' }).status === 0;
}

describe('a file size limit (ulimit -f)', () => {
  it('set past the limit: exit 3 with EFBIG, not killed by SIGXFSZ, the plan intact, no temp file', async () => {
    const repo = await planRepo();
    const before = repo.read(PLAN);
    const run = cspUnderUlimit(repo, 4, ['set', 'acme', 'customer_context.industry', 'Technology']);
    expect(run.signal, run.stderr).toBeNull();
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('csp.yaml: the file would exceed the file size limit (EFBIG); csp.yaml is unchanged');
    expect(run.stderr).toContain('ulimit -f unlimited');
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(repo.read(PLAN)).toBe(before);
    expect(leftovers(repo.dir)).toEqual([]);
  });

  it('add past the limit: exit 3, no id printed, the plan intact', async () => {
    const repo = await planRepo();
    const before = repo.read(PLAN);
    const run = cspUnderUlimit(repo, 4, [
      'add',
      'risk',
      'acme',
      '--title',
      'Budget cut',
      '--probability',
      'low',
      '--impact',
      'high',
      '--owner',
      'Priya Natarajan',
    ]);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('EFBIG');
    expect(repo.read(PLAN)).toBe(before);
    expect(leftovers(repo.dir)).toEqual([]);
  });

  it('a snapshot past the limit leaves no journal, no temp file and no csp_history folder', async () => {
    const repo = await planRepo();
    const head = repo.git('rev-parse', 'HEAD');
    const run = cspUnderUlimit(repo, 4, ['snapshot', 'acme']);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('EFBIG');
    expect(existsSync(repo.path('infohub/acme/success_plan/csp_history'))).toBe(false);
    expect(existsSync(repo.path('infohub/.csp/journal'))).toBe(false);
    expect(leftovers(repo.dir)).toEqual([]);
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    // and the next command runs normally, with nothing to recover
    const status = await runCsp(['validate'], { cwd: repo.dir });
    expect(status.stdout + status.stderr).not.toContain('interrupted');
  });
});

describe('a full disk', () => {
  it('add on a full file system (a small tmpfs, else injected ENOSPC): exit 3, the plan intact', async () => {
    const dir = tempDir('csp-full-');
    const real = tryMount(['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs'], dir);
    try {
      const repo = await planRepo(dir);
      const before = repo.read(PLAN);
      let env: Record<string, string> = {};
      if (real) {
        // Fill the disk, then free one page: the plan (8 KB) no longer fits beside itself.
        const filler = join(dir, 'filler');
        try {
          writeFileSync(filler, Buffer.alloc(4 * 1024 * 1024));
        } catch (error) {
          expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
        }
        truncateSync(filler, Math.max(0, statSync(filler).size - 4096));
      } else env = { CSP_TEST_FAULT: 'ENOSPC:csp.yaml:4096' };
      console.log(`full disk: ${real ? 'a real 2 MB tmpfs' : 'injected ENOSPC (mount not permitted here)'}`);
      const run = await runCsp(
        [
          'add',
          'risk',
          'acme',
          '--title',
          'Budget cut',
          '--probability',
          'low',
          '--impact',
          'high',
          '--owner',
          'Priya Natarajan',
        ],
        { cwd: repo.dir, env },
      );
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toContain('no space left on the device (ENOSPC); csp.yaml is unchanged');
      expect(run.stdout).not.toContain('rk-1');
      expect(repo.read(PLAN)).toBe(before);
      expect(leftovers(repo.dir)).toEqual([]);
    } finally {
      if (real) unmount(dir);
    }
  });

  it('set on a read-only file system (a read-only bind mount, else injected EROFS): exit 3, the plan intact', async () => {
    const repo = await planRepo();
    const before = repo.read(PLAN);
    const hub = repo.path('infohub/acme/success_plan');
    const real = tryMount(['--bind', hub], hub) && spawnSync('mount', ['-o', 'remount,bind,ro', hub]).status === 0;
    console.log(
      `read-only file system: ${real ? 'a real read-only bind mount' : 'injected EROFS (mount not permitted here)'}`,
    );
    try {
      const run = await runCsp(['set', 'acme', 'customer_context.industry', 'Technology'], {
        cwd: repo.dir,
        env: real ? {} : { CSP_TEST_FAULT: 'EROFS:csp.yaml' },
      });
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toContain('csp.yaml: the file system is read-only (EROFS)');
      expect(repo.read(PLAN)).toBe(before);
    } finally {
      unmount(hub);
    }
  });
});

describe("a file's mode", () => {
  it.each([0o600, 0o640, 0o755])('a plan of mode %o keeps it when csp rewrites it', async (mode) => {
    const repo = await planRepo();
    chmodSync(repo.path(PLAN), mode);
    const run = await runCsp(['set', 'acme', 'customer_context.industry', 'Technology'], { cwd: repo.dir });
    expect(run.code, run.stderr).toBe(0);
    expect(statSync(repo.path(PLAN)).mode & 0o7777).toBe(mode);
  });

  it('a read-only plan is refused with exit 3 and the chmod that allows it, even as root', async () => {
    const repo = await planRepo();
    chmodSync(repo.path(PLAN), 0o444);
    const before = repo.read(PLAN);
    const run = await runCsp(['set', 'acme', 'customer_context.industry', 'Technology'], { cwd: repo.dir });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('is read-only (mode 0444)');
    expect(run.stderr).toMatch(/chmod u\+w \S*csp\.yaml/);
    expect(repo.read(PLAN)).toBe(before);
    expect(statSync(repo.path(PLAN)).mode & 0o777).toBe(0o444);
  });
});

describe('a loop of symbolic links', () => {
  it("the account's lock folder in a loop: exit 3 naming it, no stack trace, the plan intact", async () => {
    const repo = await planRepo();
    mkdirSync(repo.path('infohub/.csp'), { recursive: true });
    rmSync(repo.path('infohub/.csp/locks'), { recursive: true, force: true });
    symlinkSync('b', repo.path('infohub/.csp/a'));
    symlinkSync('a', repo.path('infohub/.csp/b'));
    symlinkSync('a', repo.path('infohub/.csp/locks'));
    const before = repo.read(PLAN);
    const run = await runCsp(['set', 'acme', 'customer_context.industry', 'Technology'], { cwd: repo.dir });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('goes through a loop of symbolic links');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(repo.read(PLAN)).toBe(before);
  });
});

describe('output that cannot be written', () => {
  it('csp export with stdout closed: exit 3 and a message, not exit 0 with the document lost', async () => {
    const repo = await planRepo();
    const run = spawnSync('sh', ['-c', `exec "${process.execPath}" "${BIN}" export acme >&-`], {
      cwd: repo.dir,
      env: isolatedEnv(repo.dir),
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(3);
    expect(run.stderr).toContain('stdout is closed');
    expect(run.stderr).toContain('-o <file>');
  });

  it('csp export to /dev/null is still fine (the user threw the document away on purpose)', async () => {
    const repo = await planRepo();
    const run = spawnSync('sh', ['-c', `exec "${process.execPath}" "${BIN}" export acme >/dev/null`], {
      cwd: repo.dir,
      env: isolatedEnv(repo.dir),
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
  });

  it('a reader that closes the pipe before the document is written: exit 3 with a message', async () => {
    const repo = await planRepo();
    // NOTE: 300 accounts, so that the JSON portfolio cannot fit in the pipe before head closes it.
    const plan = repo.read(PLAN);
    for (let i = 0; i < 300; i++) {
      mkdirSync(repo.path(`infohub/acme-${i}/success_plan`), { recursive: true });
      writeFileSync(
        repo.path(`infohub/acme-${i}/success_plan/csp.yaml`),
        plan.replace(/^( *)account: acme$/m, `$1account: acme-${i}`),
      );
    }
    const run = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" "${BIN}" status --json | head -c 1 >/dev/null; echo "exit=\${PIPESTATUS[0]}" >&2`],
      {
        cwd: repo.dir,
        env: isolatedEnv(repo.dir),
        encoding: 'utf8',
      },
    );
    expect(run.stderr).toContain('exit=3');
    expect(run.stderr).toContain('the output was not written');
    expect(run.stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
  });
});

describe('odd bytes reach the pre-commit hook cleanly', () => {
  it('a staged plan with an escaped key is checked (exit 0 when valid, 1 at file:line:col with an error), never a crash', async () => {
    const repo = await planRepo();
    const text = repo.read(PLAN).replace(/^meta:\n/m, 'meta:\n  "x-\\x41": 1\n');
    repo.write(PLAN, text);
    repo.git('add', '-A');
    const ok = await runCsp(['validate', '--staged', '--quiet'], {
      cwd: repo.dir,
    });
    expect(ok.code, ok.stderr).toBe(0);
    repo.write(PLAN, text.replace(/^( *)arr_usd: .*$/m, '$1arr_usd: lots'));
    repo.git('add', '-A');
    const bad = await runCsp(['validate', '--staged', '--quiet'], {
      cwd: repo.dir,
    });
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stdout + bad.stderr).toMatch(/csp\.yaml:\d+:\d+: error arr_usd must be number/);
    expect(bad.stdout + bad.stderr).not.toContain('This is a bug');
  });
});

describe('the fault injection itself', () => {
  it('is off without CSP_TEST_FAULT, and names only the files it matches', async () => {
    const repo = await planRepo();
    mkdirSync(repo.path('out'), { recursive: true });
    const other = await runCsp(['set', 'acme', 'customer_context.industry', 'Technology'], {
      cwd: repo.dir,
      env: { CSP_TEST_FAULT: 'ENOSPC:no-such-file.yaml:0' },
    });
    expect(other.code, other.stderr).toBe(0);
  });
});
