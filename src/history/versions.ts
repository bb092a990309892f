/**
 * Snapshot file names (SPEC "The InfoHub layout"): csp_history/csp_v<N>_<YYYY-MM-DD>.yaml, N
 * counting up from 1. Two branches may each have made a v<N>; after a merge both files exist,
 * and the next snapshot takes the highest N plus one, so nothing is overwritten. Pure.
 */

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
    .sort((a, b) => a.version - b.version || a.date.localeCompare(b.date) || a.file.localeCompare(b.file));
}

/** The next version: the highest in use plus one (1 when there is none). */
export function nextVersion(files: readonly string[]): number {
  return snapshotsIn(files).reduce((max, s) => Math.max(max, s.version), 0) + 1;
}

/** The file name of a snapshot. */
export function snapshotFileName(version: number, date: string): string {
  return `csp_v${version}_${date}.yaml`;
}
