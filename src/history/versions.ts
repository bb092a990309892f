/**
 * Snapshot file names (SPEC "The InfoHub layout"): csp_history/csp_v<N>_<YYYY-MM-DD>.yaml, N
 * counting up from 1. Two branches may each have made a v<N>; after a merge both files exist,
 * and the next snapshot takes the highest N plus one, so nothing is overwritten. Pure.
 */
import { compareText } from '../domain/compare.js';

/** A snapshot file name, parsed. */
export interface SnapshotName {
  file: string;
  version: number;
  date: string;
}

const NAME = /^csp_v([1-9][0-9]*)_(\d{4}-\d{2}-\d{2})\.yaml$/;

/** Parses a file name; null when it is not a snapshot. */
export function parseSnapshotName(file: string): SnapshotName | null {
  const m = NAME.exec(file);
  return m ? { file, version: Number(m[1]), date: m[2] } : null;
}

/** The snapshots among these file names, by version then date. */
export function snapshotsIn(files: readonly string[]): SnapshotName[] {
  return files
    .map(parseSnapshotName)
    .filter((s): s is SnapshotName => s !== null)
    .sort((a, b) => a.version - b.version || compareText(a.date, b.date) || compareText(a.file, b.file));
}

/** The next version: the highest in use plus one (1 when there is none). */
export function nextVersion(files: readonly string[]): number {
  return snapshotsIn(files).reduce((max, s) => Math.max(max, s.version), 0) + 1;
}

/** The file name of a snapshot. */
export function snapshotFileName(version: number, date: string): string {
  return `csp_v${version}_${date}.yaml`;
}

/**
 * The message a snapshot was taken with (`csp snapshot -m`, or the command that took it), from the
 * subject of the commit that added it: `csp(<account>): snapshot v<N> in <phase> - <message>`.
 * Undefined when the subject has none; a subject csp did not write is the message as it is.
 */
export function snapshotMessage(subject: string | undefined): string | undefined {
  if (!subject) return undefined;
  const m = /^csp\([^)]*\): snapshot v\d+(?: in [a-z_]+)?(?: - ([\s\S]*))?$/.exec(subject);
  if (!m) return subject.trim() || undefined;
  return m[1]?.trim() || undefined;
}

/** A snapshot with where git has it: the commit that added it (absent while uncommitted). */
export interface VersionEntry extends SnapshotName {
  commit?: { hash: string; date: string; author: string; message: string };
}

/**
 * Orders snapshots as `csp history` lists them: in the order of the commits that added them
 * (`added`, oldest first, as git log --date-order --reverse gives it), so two v<N> made on two
 * branches and merged appear in the order they were committed; snapshots no commit holds yet
 * come last, by version. Pure.
 */
export function orderVersions(
  snapshots: readonly SnapshotName[],
  added: ReadonlyArray<{ name: string; hash: string; date: string; author: string; message: string }>,
): VersionEntry[] {
  const position = new Map<string, number>();
  const commitOf = new Map<string, VersionEntry['commit']>();
  added.forEach((a, i) => {
    // NOTE: a file added, deleted and added again keeps its latest addition.
    position.set(a.name, i);
    commitOf.set(a.name, { hash: a.hash, date: a.date, author: a.author, message: a.message });
  });
  const rank = (s: SnapshotName) => position.get(s.file) ?? Number.MAX_SAFE_INTEGER;
  return [...snapshots]
    .sort(
      (a, b) =>
        rank(a) - rank(b) || a.version - b.version || compareText(a.date, b.date) || compareText(a.file, b.file),
    )
    .map((s) => ({ ...s, ...(commitOf.has(s.file) ? { commit: commitOf.get(s.file) } : {}) }));
}

/** Why a version reference did not resolve: no such version, or several files hold it. */
export class VersionRefError extends Error {
  constructor(
    message: string,
    /** malformed: not a version at all; missing: no snapshot holds it; ambiguous: several do. */
    readonly reason: 'malformed' | 'missing' | 'ambiguous',
    /** The snapshots to choose from: those holding the version when ambiguous, else all. */
    readonly candidates: readonly SnapshotName[],
  ) {
    super(message);
  }
}

/**
 * Finds the snapshot a reference names: `v3`, `3`, or a file name (`csp_v3_2026-11-22.yaml`,
 * with or without `.yaml`). Throws VersionRefError when none matches, or when two branches each
 * made that version and only the file name tells them apart.
 */
export function resolveVersionRef<T extends SnapshotName>(snapshots: readonly T[], ref: string): T {
  const r = ref.trim();
  const byName = snapshots.filter((s) => s.file === r || s.file === `${r}.yaml`);
  if (byName.length === 1) return byName[0];
  const m = /^v?([1-9][0-9]*)$/i.exec(r);
  if (!m)
    throw new VersionRefError(
      `"${ref}" is not a version: write v<N> (v3), or a snapshot's file name`,
      'malformed',
      snapshots,
    );
  const matches = snapshots.filter((s) => s.version === Number(m[1]));
  if (matches.length === 1) return matches[0];
  if (matches.length === 0) throw new VersionRefError(`there is no v${m[1]}`, 'missing', snapshots);
  throw new VersionRefError(
    `v${m[1]} is ambiguous: ${matches.length} snapshots hold it (made on different branches)`,
    'ambiguous',
    matches,
  );
}
