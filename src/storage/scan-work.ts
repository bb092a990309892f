/**
 * The work done on one document when a command reads the whole InfoHub: read it (size cap,
 * UTF-8), parse it on the fast path, check it (schema, rules, gates), place its issues, and for a
 * plan compute its portfolio entry. Runs in the main thread or in a worker (scan-worker.ts), so
 * it returns plain, structured-cloneable data and keeps nothing.
 */
import { basename, dirname } from 'node:path';
import type { Issue } from '../domain/issue.js';
import type { Plan } from '../domain/plan.js';
import type { PlanEntry } from '../domain/portfolio.js';
import type { DocKind } from '../schema/documents.js';
import { validateText } from '../validation/file.js';
import { CspError } from '../errors.js';
import { readTextFileStat } from './files.js';
import { stampOf, type FileStamp } from './scan-cache.js';

/** One document to scan. */
export interface ScanTarget {
  path: string;
  kind: DocKind;
}

/** What a scan needs to know beyond the file. */
export interface ScanSettings {
  maxBytes: number;
  requireManagerApproval: boolean;
  /** Compute the portfolio entry of each plan for this date (YYYY-MM-DD) and threshold. */
  entries?: { asOf: string; minArrUsd: number };
  /** Hash each text (for the validation cache). */
  hash?: boolean;
}

/** The short facts of a document that validate prints in its summary. */
export interface DocSummary {
  account?: string;
  phase?: string;
  status?: string;
  planType?: string;
}

/** The result of scanning one document. Issues carry no file name (the caller names the file). */
export interface ScanOutcome {
  path: string;
  kind: DocKind;
  /** sha1 of the text (when settings.hash and it could be read): for the cache, which takes it (scanDocuments returns none). */
  hash?: string;
  /** The file's stat stamp when it was read: for the cache, which takes it (scanDocuments returns none). */
  stamp?: FileStamp;
  issues: Array<Omit<Issue, 'file'>>;
  summary: DocSummary;
  /** The plan's portfolio entry (plans that parsed, when settings.entries is given). */
  entry?: PlanEntry;
}

/** The shared outcome parts of a document without issues or without a summary. */
export const NO_ISSUES: ScanOutcome['issues'] = Object.freeze([]) as unknown as ScanOutcome['issues'];
export const NO_SUMMARY: DocSummary = Object.freeze({});

let sha1: Promise<(text: string | Uint8Array) => string> | undefined;

/**
 * The content hash of the validation cache: sha1 of a text's UTF-8 bytes, hex; a text and the
 * bytes it was decoded from hash the same. node:crypto is loaded on first use only (validating
 * one file does not need it at start-up).
 */
export function contentHasher(): Promise<(text: string | Uint8Array) => string> {
  sha1 ??= import('node:crypto').then(
    ({ createHash }) =>
      (text: string | Uint8Array) =>
        createHash('sha1').update(text).digest('hex'),
  );
  return sha1;
}

/** Reads, checks and summarises one document. Never throws for a bad document; unexpected errors propagate. */
export async function scanOne(target: ScanTarget, settings: ScanSettings): Promise<ScanOutcome> {
  let text: string;
  let bytes: Buffer;
  let stamp: FileStamp;
  try {
    const read = readTextFileStat(target.path, settings.maxBytes);
    text = read.text;
    bytes = read.bytes;
    stamp = stampOf(read.stat);
  } catch (error) {
    if (!(error instanceof CspError)) throw error;
    return {
      path: target.path,
      kind: target.kind,
      issues: [
        {
          code: error.code,
          severity: 'error',
          path: '',
          message: error.message,
          ...(error.hint ? { hint: error.hint } : {}),
        },
      ],
      summary: NO_SUMMARY,
    };
  }
  return { ...(await scanText(target, text, bytes, settings)), stamp };
}

/** Checks and summarises one document whose text (decoded from bytes) was read already. */
async function scanText(
  target: ScanTarget,
  text: string,
  bytes: Uint8Array,
  settings: ScanSettings,
): Promise<ScanOutcome> {
  const expectedAccount =
    target.kind === 'csp' && basename(target.path) === 'csp.yaml' ? basename(dirname(dirname(target.path))) : undefined;
  const check = await validateText('', text, target.kind, {
    requireManagerApproval: settings.requireManagerApproval,
    expectedAccount,
  });
  const meta = (check.data as { meta?: Record<string, unknown> } | undefined)?.meta;
  // NOTE: a scan of 40,000 documents keeps one outcome each: share the empty ones.
  const summary: DocSummary = meta
    ? {
        account: String(meta.account ?? ''),
        phase: String(meta.phase ?? ''),
        status: String(meta.status ?? ''),
        planType: String(meta.plan_type ?? ''),
      }
    : NO_SUMMARY;
  let entry: PlanEntry | undefined;
  if (settings.entries && target.kind === 'csp' && meta && typeof meta.account === 'string') {
    const { planEntry } = await import('../domain/portfolio.js');
    try {
      entry = planEntry(check.data as Plan, settings.entries.asOf, settings.entries.minArrUsd);
    } catch {
      // NOTE: a plan with schema errors can hold shapes the portfolio does not expect; it is
      // left out of the portfolio (and reported by csp validate) rather than stopping the scan.
      entry = undefined;
    }
  }
  const issues = check.issues.length === 0 ? NO_ISSUES : check.issues.map(({ file: _file, ...rest }) => rest);
  const hash = settings.hash ? (await contentHasher())(bytes) : undefined;
  return {
    path: target.path,
    kind: target.kind,
    ...(hash ? { hash } : {}),
    issues,
    summary,
    ...(entry ? { entry } : {}),
  };
}
