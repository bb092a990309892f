/**
 * A worker thread of scan.ts: scans its slice of documents (scan-work.ts scanOne) and posts the
 * outcomes back in batches of [position in the slice, outcome]. It reads the files itself, so no
 * text is copied between threads.
 *
 * The slice comes as two strings, the paths and the kinds, NUL between items (scan.ts packSlice):
 * target objects would hold megabytes of the worker's capped heap (WORKER_LIMITS) for the whole
 * scan, and a fuller heap is collected more often (docs/performance.md "Scan workers").
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { DocKind } from '../schema/documents.js';
import { guardHub } from './gate.js';
import { scanOne, type ScanOutcome, type ScanSettings } from './scan-work.js';

const BATCH = 64;
const { paths, kinds, settings, hubRoot } = workerData as {
  paths: string;
  kinds: string;
  settings: ScanSettings;
  hubRoot?: string;
};
// NOTE: the link rule of the main thread (storage/gate.ts) holds in the worker too.
guardHub(hubRoot);
// NOTE: the path and kind are the parent's already; only the findings cross back.
let batch: Array<[number, Omit<ScanOutcome, 'path' | 'kind'>]> = [];
let at = 0;
let kindAt = 0;
for (let i = 0; at < paths.length; i++) {
  const end = itemEnd(paths, at);
  const kindEnd = itemEnd(kinds, kindAt);
  const target = { path: paths.slice(at, end), kind: kinds.slice(kindAt, kindEnd) as DocKind };
  at = end + 1;
  kindAt = kindEnd + 1;
  const { path: _path, kind: _kind, ...found } = await scanOne(target, settings);
  batch.push([i, found]);
  if (batch.length === BATCH) {
    parentPort!.postMessage(batch);
    batch = [];
  }
}
if (batch.length > 0) parentPort!.postMessage(batch);

/** Where the item that starts at `from` ends (the next NUL, or the end of the text). */
function itemEnd(text: string, from: number): number {
  const nul = text.indexOf('\0', from);
  return nul === -1 ? text.length : nul;
}
