/**
 * What `csp validate --staged` checks (the pre-commit hook): the staged content of every staged
 * CSP, tracker, register, decision log and config, as `git show :<path>` gives it, not the
 * working tree (ECOSYSTEM "A pre-commit hook checks the staged content"). Files are listed with
 * `git diff --cached --name-only -z --diff-filter=ACMR` and read from the index in one
 * `git cat-file --batch`; under `git commit -a` or `git commit <path>` git names a temporary
 * index in GIT_INDEX_FILE, which the git port passes through. Paths are relative to the
 * repository. Files with an unresolved merge conflict are checked as they are in the working
 * tree (where the conflict markers are) and always fail.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AppContext } from '../../cli/context.js';
import { PreconditionError } from '../../errors.js';
import type { RawIssue } from '../../domain/issue.js';
import { docKindOf, type DocKind } from '../../schema/documents.js';
import { compareText } from '../../domain/compare.js';

/** A document to check, with its text already read. */
export interface StagedTarget {
  /** Path relative to the repository, as shown in messages. */
  name: string;
  kind: DocKind;
  /** The text to check; undefined when it could not be decoded (see problem). */
  text?: string;
  /** Why the text could not be read, or why the file fails whatever its content. */
  problem?: RawIssue;
  /** 'staged': the index's version, and whether the working file differs; 'unmerged': the working file of an unresolved conflict. */
  from: 'staged' | 'unmerged';
  differs: boolean;
}

/**
 * The staged documents of the repository that holds the current folder, optionally only those
 * under `only` (paths or folders, relative to the current folder). Throws PreconditionError (exit 3)
 * outside a repository.
 */
export async function collectStaged(
  ctx: AppContext,
  only: readonly string[],
  maxBytes: number,
): Promise<{ repo: string; targets: StagedTarget[] }> {
  const git = await ctx.git();
  const repo = await git.topLevel(ctx.cwd);
  if (!repo) {
    throw new PreconditionError(
      `${ctx.cwd} is not in a git repository: csp validate --staged checks what git is about to commit`,
      {
        code: 'not-a-repo',
        hint: 'run it inside the repository (the pre-commit hook does), or check files with csp validate <paths>',
      },
    );
  }
  const prefix = relativePrefix(ctx.cwd, repo);
  const wanted = only.map((p) => normalise(prefix + p));
  const keep = (path: string) =>
    !/(^|\/)csp_history\//.test(path) &&
    docKindOf(path) !== null &&
    (wanted.length === 0 || wanted.some((w) => w === '' || path === w || path.startsWith(`${w}/`)));
  const [staged, unmerged] = await Promise.all([git.stagedPaths(repo), git.unmergedPaths(repo)]);
  const stagedDocs = staged.filter(keep);
  const contents = await git.stagedContents(repo, stagedDocs);
  const targets: StagedTarget[] = [];
  for (const name of stagedDocs) {
    const bytes = contents.get(name);
    if (!bytes) continue;
    const working = readWorking(join(repo, name));
    targets.push({
      name,
      kind: docKindOf(name)!,
      from: 'staged',
      differs: working === undefined || !working.equals(bytes),
      ...decode(bytes, maxBytes),
    });
  }
  for (const name of unmerged.filter(keep)) {
    const working = readWorking(join(repo, name));
    const decoded = working ? decode(working, maxBytes) : { problem: undefined, text: '' };
    targets.push({
      name,
      kind: docKindOf(name)!,
      from: 'unmerged',
      differs: false,
      text: decoded.text,
      problem: decoded.problem ?? {
        code: 'git-unmerged',
        severity: 'error',
        path: '',
        message: 'the file has an unresolved merge conflict',
        hint: `resolve it, then git add ${name}`,
      },
    });
  }
  targets.sort((a, b) => compareText(a.name, b.name));
  return { repo, targets };
}

/** The current folder relative to the repository ('' at the top, else 'sub/dir/'). */
function relativePrefix(cwd: string, repo: string): string {
  const rel = relative(repo, realpathSync(cwd)).split('\\').join('/');
  return rel ? `${rel}/` : '';
}

function normalise(path: string): string {
  const parts: string[] = [];
  for (const part of path.split(/[\\/]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

function readWorking(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** The bytes as UTF-8 text, or the problem (too large, not UTF-8) as an issue. */
function decode(bytes: Buffer, maxBytes: number): { text?: string; problem?: RawIssue } {
  if (bytes.length > maxBytes) {
    return {
      problem: {
        code: 'file-too-large',
        severity: 'error',
        path: '',
        message: `the file is ${Math.round(bytes.length / 1024)} KB, larger than the ${Math.round(maxBytes / 1024)} KB csp reads`,
        hint: 'a plan is about 15 KB; raise max_file_bytes in .csp.yaml if this file is meant to be this big',
      },
    };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return {
      problem: {
        code: 'not-utf8',
        severity: 'error',
        path: '',
        message: 'the file is not valid UTF-8',
        hint: 'save the file as UTF-8 in your editor',
      },
    };
  }
}
