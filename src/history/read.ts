/**
 * Reading an account's versions from disk and git: the snapshot files in csp_history/, each with
 * the phase and status it records and the commit that added it (history), and the text and data
 * of one version or of the working plan (diff, restore).
 */
import { readdirSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { GitPort } from '../git/port.js';
import type { AccountPaths } from '../storage/infohub.js';
import { exists, readTextFile } from '../storage/files.js';
import { parseYamlFast, type ParseIssue } from '../yaml/read.js';
import { orderVersions, resolveVersionRef, snapshotsIn, VersionRefError, type SnapshotName, type VersionEntry } from './versions.js';
import { UsageError } from '../errors.js';

/** A version as `csp history` lists it. */
export interface HistoryVersion extends VersionEntry {
  /** Absolute path of the snapshot file. */
  path: string;
  phase?: string;
  status?: string;
}

/** The snapshot files of an account (working tree), by version. */
export function snapshotFiles(paths: AccountPaths): SnapshotName[] {
  return exists(paths.history) ? snapshotsIn(readdirSync(paths.history)) : [];
}

/**
 * Every snapshot of an account in commit order, with its phase, status and the commit that added
 * it (when git is given). Throws ExternalError when git fails.
 */
export async function readHistory(paths: AccountPaths, maxBytes: number, git?: { port: GitPort; repo: string }): Promise<HistoryVersion[]> {
  const files = snapshotFiles(paths);
  // NOTE: git names files under its real top level; compare with the real path of the folder.
  const dir = files.length > 0 ? realpathSync(paths.history) : paths.history;
  const added = git && files.length > 0 ? (await git.port.addedFiles(git.repo, dir)).filter((a) => dirname(a.file) === dir).map((a) => ({ ...a, name: basename(a.file) })) : [];
  return orderVersions(files, added).map((v) => {
    const path = join(paths.history, v.file);
    const meta = metaOf(path, maxBytes);
    return { ...v, path, ...(meta.phase ? { phase: meta.phase } : {}), ...(meta.status ? { status: meta.status } : {}) };
  });
}

function metaOf(path: string, maxBytes: number): { phase?: string; status?: string } {
  try {
    const data = parseYamlFast(readTextFile(path, maxBytes)).data as { meta?: { phase?: unknown; status?: unknown } } | undefined;
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
 * Loads a version by reference (`v3`, `3`, a snapshot file name, or `working` for csp.yaml).
 * Throws UsageError (exit 2) for a reference that names no snapshot or several.
 */
export function loadVersion(paths: AccountPaths, ref: string, maxBytes: number, account: string): LoadedVersion {
  if (ref === 'working') {
    const text = readTextFile(paths.csp, maxBytes);
    return { ref, label: 'working', path: paths.csp, text, ...parsed(text) };
  }
  let snap: SnapshotName;
  try {
    snap = resolveVersionRef(snapshotFiles(paths), ref);
  } catch (error) {
    if (!(error instanceof VersionRefError)) throw error;
    const ambiguous = error.reason === 'ambiguous';
    const list = error.candidates.map((c) => c.file).join(', ');
    throw new UsageError(`${account}: ${error.message}${list ? ` (${ambiguous ? 'name one' : 'snapshots'}: ${list})` : ' (no snapshots yet)'}`, {
      code: 'bad-version',
      hint: ambiguous ? `name the snapshot by its file name, e.g. csp diff ${account} ${error.candidates[0].file}` : `list the versions with csp history ${account}`,
    });
  }
  const path = join(paths.history, snap.file);
  const text = readTextFile(path, maxBytes);
  return { ref, label: `v${snap.version}`, path, version: snap.version, date: snap.date, text, ...parsed(text) };
}

function parsed(text: string): { data: unknown; issues: ParseIssue[] } {
  const result = parseYamlFast(text);
  return { data: result.data, issues: result.issues };
}
