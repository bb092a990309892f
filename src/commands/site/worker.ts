/**
 * A worker thread of csp site (run.ts): builds its slice of accounts (work.ts buildBatch: reads
 * the plans itself, writes their pages) and posts back the small rows. The accounts come as one
 * string, NUL between slugs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { guardHub } from '../../storage/gate.js';
import { buildBatch, type SiteSettings } from './work.js';

const { accounts, settings } = workerData as { accounts: string; settings: SiteSettings };
// NOTE: the link rule of the main thread (storage/gate.ts) holds in the worker too.
guardHub(settings.root);
const slugs = accounts.split('\0');
const BATCH = 200;
for (let at = 0; at < slugs.length; at += BATCH)
  parentPort!.postMessage(buildBatch(slugs.slice(at, at + BATCH), settings));
