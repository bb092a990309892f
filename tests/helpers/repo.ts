/**
 * Temporary git repositories for end-to-end tests: mkdtemp, git init -b main, a local identity,
 * no signing, no gc, an initial commit, removed when the test finishes.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { onTestFinished } from 'vitest';
import { isolatedEnv } from './cli.js';

/** A temporary repository. */
export interface TempRepo {
  dir: string;
  /** Runs git in the repository (isolated config); returns stdout. */
  git(...args: string[]): string;
  write(path: string, text: string): void;
  read(path: string): string;
  path(rel: string): string;
}

/** Creates a temp folder that is removed after the test. */
export function tempDir(prefix = 'csp-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Creates a git repository with the files given (paths relative to it) and one commit (unless commit: false). */
export function tempRepo(
  files: Record<string, string> = {},
  options: { commit?: boolean; identity?: boolean } = {},
): TempRepo {
  const dir = tempDir('csp-repo-');
  const env = isolatedEnv(dir);
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q', '-b', 'main');
  if (options.identity !== false) {
    git('config', 'user.name', 'Test SA');
    git('config', 'user.email', 'sa@example.com');
  }
  git('config', 'commit.gpgsign', 'false');
  git('config', 'gc.auto', '0');
  const repo: TempRepo = {
    dir,
    git,
    write: (path, text) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    path: (rel) => join(dir, rel),
  };
  for (const [path, text] of Object.entries(files)) repo.write(path, text);
  if (options.commit !== false && options.identity !== false) {
    git('add', '-A');
    git('commit', '-q', '--allow-empty', '-m', 'initial');
  }
  return repo;
}

/** Copies a folder of the repository (e.g. infohub-example) into a temp repo at `as`. */
export function copyInto(repo: TempRepo, from: string, as: string): void {
  cpSync(from, join(repo.dir, as), { recursive: true });
}
