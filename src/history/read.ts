/**
 * Reading an account's versions from disk and git: the snapshot files in csp_history/, each with
 * the phase and status it records and the commit that added it (history), and the text and data
 * of one version or of the working plan (diff, restore). A snapshot the working tree lacks (a
 * sparse checkout that leaves csp_history/ out, issue 20) is listed from HEAD's tree and read
 * from git's objects.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { GitAccess } from '../git/access.js';
import type { AccountPaths } from '../storage/infohub.js';
import { exists, readTextFile, textOfBytes } from '../storage/files.js';
import { parseYamlFast, type ParseIssue } from '../yaml/read.js';
import {
  orderVersions,
  resolveVersionRef,
  snapshotsIn,
  VersionRefError,
  type SnapshotName,
  type VersionEntry,
} from './versions.js';
import { UsageError } from '../errors.js';

export { gitAccessOf, type GitAccess } from '../git/access.js';

/**
 * A snapshot of an account, wherever it is: in the working tree, or only in git's HEAD (a clone
 * whose sparse checkout leaves csp_history/ out of the working tree keeps every version in git).
 */
export interface StoredSnapshot extends SnapshotName {
  /** Absolute path of the snapshot file (it may be absent from the working tree). */
  path: string;
  /** False when only git's HEAD holds it. */
  inWorkingTree: boolean;
}

/** A version as `csp history` lists it. */
export interface HistoryVersion extends VersionEntry {
  /** Absolute path of the snapshot file. */
  path: string;
  inWorkingTree: boolean;
  phase?: string;
  status?: string;
}

/**
 * The snapshots of an account by version: the files in csp_history/ and, in a sparse checkout,
 * those HEAD's tree holds that the working tree lacks (`git ls-tree`). Throws ExternalError when git fails.
 */
export async function listSnapshots(paths: AccountPaths, git?: GitAccess): Promise<StoredSnapshot[]> {
  const onDisk = exists(paths.history) ? readdirSync(paths.history) : [];
  const inGit = git?.sparse
    ? (await git.port.headFiles(git.repo, [paths.history]))
        .filter((f) => basename(dirname(f)) === 'csp_history')
        .map((f) => basename(f))
    : [];
  const disk = new Set(onDisk);
  return snapshotsIn([...new Set([...onDisk, ...inGit])]).map((s) => ({
    ...s,
    path: join(paths.history, s.file),
    inWorkingTree: disk.has(s.file),
  }));
}

/**
 * The texts of these snapshots: read from the working tree, or from git's objects when absent
 * there. Throws CheckFailedError for a file too large or not UTF-8, PreconditionError when
 * neither has it, ExternalError when git fails.
 */
export async function readSnapshotTexts(
  snapshots: readonly StoredSnapshot[],
  maxBytes: number,
  git?: GitAccess,
): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const absent = snapshots.filter((s) => !s.inWorkingTree);
  const blobs =
    git && absent.length > 0
      ? await git.port.headContents(
          git.repo,
          absent.map((s) => s.path),
        )
      : new Map<string, Buffer>();
  for (const s of snapshots) {
    const bytes = s.inWorkingTree ? undefined : blobs.get(s.path);
    texts.set(s.path, bytes ? textOfBytes(s.path, bytes, maxBytes) : readTextFile(s.path, maxBytes));
  }
  return texts;
}

/**
 * Every snapshot of an account in commit order, with its phase, status and the commit that added
 * it (when git is given; snapshots only git holds are read from its objects). Throws
 * ExternalError when git fails.
 */
export async function readHistory(paths: AccountPaths, maxBytes: number, git?: GitAccess): Promise<HistoryVersion[]> {
  const snapshots = await listSnapshots(paths, git);
  const bySnapshot = new Map(snapshots.map((s) => [s.file, s]));
  // NOTE: git names files by real paths under its top level, and the folder may be absent from
  // the working tree: the commits are matched by file name, within the folder asked about.
  const added =
    git && snapshots.length > 0
      ? (await git.port.addedFiles(git.repo, paths.history))
          .filter((a) => basename(dirname(a.file)) === 'csp_history')
          .map((a) => ({ ...a, name: basename(a.file) }))
      : [];
  const absent = snapshots.filter((s) => !s.inWorkingTree);
  // NOTE: a snapshot that cannot be read is still listed; diff or restore will say what is wrong with it.
  const blobs =
    git && absent.length > 0
      ? await git.port.headContents(
          git.repo,
          absent.map((s) => s.path),
        )
      : new Map<string, Buffer>();
  return orderVersions(snapshots, added).map((v) => {
    const s = bySnapshot.get(v.file)!;
    const meta = metaOf(() =>
      s.inWorkingTree
        ? readTextFile(s.path, maxBytes)
        : textOfBytes(s.path, blobs.get(s.path) ?? Buffer.alloc(0), maxBytes),
    );
    return {
      ...v,
      path: s.path,
      inWorkingTree: s.inWorkingTree,
      ...(meta.phase ? { phase: meta.phase } : {}),
      ...(meta.status ? { status: meta.status } : {}),
    };
  });
}

function metaOf(read: () => string): { phase?: string; status?: string } {
  try {
    const data = parseYamlFast(read()).data as { meta?: { phase?: unknown; status?: unknown } } | undefined;
    const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
    return { phase: str(data?.meta?.phase), status: str(data?.meta?.status) };
  } catch {
    // NOTE: a snapshot that cannot be read is still listed; diff or restore will say what is wrong with it.
    return {};
  }
}

/** One side of a comparison: a snapshot, or the working plan. */
export interface LoadedVersion {
  /** How the user named it: v3, working... */
  ref: string;
  /** v3 or "working". */
  label: string;
  path: string;
  version?: number;
  date?: string;
  text: string;
  /** Parsed data; undefined when the text cannot be read (see issues). */
  data: unknown;
  issues: ParseIssue[];
}

/**
 * Loads a version by reference (`v3`, `3`, a snapshot file name, or `working` for csp.yaml); a
 * snapshot the working tree lacks is read from git's HEAD (when git is given). Throws UsageError
 * (exit 2) for a reference that names no snapshot or several, ExternalError when git fails.
 */
export async function loadVersion(
  paths: AccountPaths,
  ref: string,
  maxBytes: number,
  account: string,
  git?: GitAccess,
): Promise<LoadedVersion> {
  if (ref === 'working') {
    const text = readTextFile(paths.csp, maxBytes);
    return { ref, label: 'working', path: paths.csp, text, ...parsed(text) };
  }
  let snap: StoredSnapshot;
  try {
    snap = resolveVersionRef(await listSnapshots(paths, git), ref);
  } catch (error) {
    if (!(error instanceof VersionRefError)) throw error;
    const ambiguous = error.reason === 'ambiguous';
    const list = error.candidates.map((c) => c.file).join(', ');
    throw new UsageError(
      `${account}: ${error.message}${list ? ` (${ambiguous ? 'name one' : 'snapshots'}: ${list})` : ' (no snapshots yet)'}`,
      {
        code: 'bad-version',
        hint: ambiguous
          ? `name the snapshot by its file name, e.g. csp diff ${account} ${error.candidates[0].file}`
          : `list the versions with csp history ${account}`,
      },
    );
  }
  const text = (await readSnapshotTexts([snap], maxBytes, git)).get(snap.path)!;
  return {
    ref,
    label: `v${snap.version}`,
    path: snap.path,
    version: snap.version,
    date: snap.date,
    text,
    ...parsed(text),
  };
}

function parsed(text: string): { data: unknown; issues: ParseIssue[] } {
  const result = parseYamlFast(text);
  return { data: result.data, issues: result.issues };
}
