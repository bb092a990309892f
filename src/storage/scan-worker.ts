/**
 * A worker thread of scan.ts: scans its slice of documents (scan-work.ts scanOne) and posts the
 * outcomes back in batches of [position in the slice, outcome]. It reads the files itself, so no
 * text is copied between threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { scanOne, type ScanOutcome, type ScanSettings, type ScanTarget } from './scan-work.js';

const BATCH = 64;
const { targets, settings } = workerData as { targets: ScanTarget[]; settings: ScanSettings };
// NOTE: the path and kind are the parent's already; only the findings cross back.
let batch: Array<[number, Omit<ScanOutcome, 'path' | 'kind'>]> = [];
for (let i = 0; i < targets.length; i++) {
  const { path: _path, kind: _kind, ...found } = await scanOne(targets[i], settings);
  batch.push([i, found]);
  if (batch.length === BATCH) {
    parentPort!.postMessage(batch);
    batch = [];
  }
}
if (batch.length > 0) parentPort!.postMessage(batch);
