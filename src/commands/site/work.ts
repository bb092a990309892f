/**
 * The file work of `csp site` for a batch of accounts, in this thread or in a worker (worker.ts):
 * read each plan (size cap, fast parse), its health signals and its snapshot list (a folder
 * listing: no git call per account), compute its row and page (site/account.ts, pure), write the
 * page at once and keep only the small row. So 10,000 accounts never sit in memory together.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '../../domain/plan.js';
import type { HealthModel, HealthSignals } from '../../domain/types.gen.js';
import { accountSite } from '../../site/account.js';
import type { SiteRow } from '../../site/dashboard.js';
import { CspError } from '../../errors.js';
import { exists, readTextFile } from '../../storage/files.js';
import { assertNoSecrets } from '../../storage/secrets.js';
import { checkWrite } from '../../storage/gate.js';
import { accountPaths } from '../../storage/infohub.js';
import { parseYamlFast } from '../../yaml/read.js';

/** What every account of a build shares (structured-cloneable: it is sent to the workers). */
export interface SiteSettings {
  root: string;
  /** The folder of the account pages (<out>/accounts). */
  pagesDir: string;
  asOf: string;
  minArrUsd: number;
  maxBytes: number;
  model: HealthModel;
  commit: string | null;
  inGit: boolean;
  escalateTo?: string;
}

/** The outcome of a batch: rows in the batch's order, and the accounts left out. */
export interface BatchResult {
  rows: SiteRow[];
  unreadable: Array<{ account: string; reason: string }>;
}

const SNAPSHOT = /^csp_v(\d+)_(\d{4}-\d{2}-\d{2})\.yaml$/;

function snapshotsOf(dir: string): Array<{ version: number; date: string; file: string }> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((file) => ({ file, m: SNAPSHOT.exec(file) }))
    .filter((x) => x.m)
    .map((x) => ({ version: Number(x.m![1]), date: x.m![2], file: x.file }))
    .sort((a, b) => b.version - a.version);
}

/** Text that may hold a control character once parsed: a raw one, or a backslash (a YAML escape such as "\x1b"). */
const MAY_HOLD_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\\]/;

function parse(path: string, maxBytes: number): { data?: unknown; problem?: string; clean?: boolean } {
  try {
    const text = readTextFile(path, maxBytes);
    const parsed = parseYamlFast(text);
    if (parsed.issues.length > 0) return { problem: parsed.issues[0].message };
    return { data: parsed.data, clean: !MAY_HOLD_CONTROLS.test(text) };
  } catch (error) {
    if (error instanceof CspError) return { problem: error.message };
    throw error;
  }
}

/** Builds the rows and writes the pages of a batch of accounts. Never throws for a bad plan: it is reported in `unreadable`. */
export function buildBatch(accounts: readonly string[], settings: SiteSettings): BatchResult {
  const rows: SiteRow[] = [];
  const unreadable: BatchResult['unreadable'] = [];
  for (const account of accounts) {
    const paths = accountPaths(settings.root, account);
    const plan = parse(paths.csp, settings.maxBytes);
    const meta = (plan.data as { meta?: { account?: unknown } } | undefined)?.meta;
    if (plan.problem || !meta || typeof meta !== 'object' || meta.account !== account) {
      unreadable.push({
        account,
        reason:
          plan.problem ??
          (meta && typeof meta === 'object' ? `meta.account is not ${account}` : 'it has no meta section'),
      });
      continue;
    }
    const signalsFile = exists(paths.healthSignals) ? parse(paths.healthSignals, settings.maxBytes) : undefined;
    const signals =
      signalsFile?.data &&
      typeof signalsFile.data === 'object' &&
      Array.isArray((signalsFile.data as HealthSignals).signals)
        ? (signalsFile.data as HealthSignals)
        : undefined;
    try {
      const { row, page } = accountSite({
        plan: plan.data as Plan,
        planClean: plan.clean === true,
        ...(signals ? { signals } : {}),
        model: settings.model,
        asOf: settings.asOf,
        minArrUsd: settings.minArrUsd,
        snapshots: snapshotsOf(paths.history),
        commit: settings.commit,
        inGit: settings.inGit,
        ...(settings.escalateTo ? { escalateTo: settings.escalateTo } : {}),
      });
      const file = join(settings.pagesDir, `${account}.html`);
      // NOTE: a page is derived output (csp site rebuilds it): written plainly, not through a
      // temp file and fsync (10,000 of those cost more than the rest of the build); still never
      // through a link, and never with an API key in it.
      assertNoSecrets(`the page of ${account}`, page, {
        hint: `remove the key from infohub/${account}/success_plan/csp.yaml (keep it in ANTHROPIC_API_KEY only), then run csp site again`,
      });
      checkWrite(file);
      writeFileSync(file, page);
      rows.push(row);
    } catch (error) {
      if (error instanceof CspError && error.code === 'secret-in-text') {
        unreadable.push({ account, reason: `${error.message} (${error.hint ?? ''})` });
        continue;
      }
      if (error instanceof CspError) throw error;
      // NOTE: a plan with schema errors can hold shapes the pages do not expect; it is left out
      // of the site (and csp validate says what is wrong) rather than stopping the build.
      unreadable.push({
        account,
        reason: `it could not be read into the site (${error instanceof Error ? error.message : String(error)}); csp validate says what is wrong`,
      });
    }
  }
  return { rows, unreadable };
}
