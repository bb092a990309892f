/**
 * The other accounts of the InfoHub, read for comparison (csp draft and csp account-plan use the
 * most similar ones as examples): each plan through the fast read path, with its CSP health as of
 * today. A plan that cannot be read or has no usable meta is skipped, not an error: it is only an
 * example.
 */
import { join } from 'node:path';
import type { Hub } from '../../cli/hub.js';
import { cspHealth } from '../../domain/health.js';
import type { Plan } from '../../domain/plan.js';
import type { AccountCandidate } from '../../domain/similar.js';
import { listAccounts } from '../../storage/infohub.js';
import { readTextFile } from '../../storage/files.js';
import { parseYamlFast } from '../../yaml/read.js';

/** Every other account's plan and health; `skipped` names the plans that could not be used. */
export function readOtherAccounts(hub: Hub, except: string): { candidates: AccountCandidate[]; skipped: string[] } {
  const candidates: AccountCandidate[] = [];
  const skipped: string[] = [];
  for (const account of listAccounts(hub.root).accounts) {
    if (account === except) continue;
    // NOTE: an example plan that cannot be read is skipped: csp validate reports it; drafting must not fail for it.
    try {
      const parsed = parseYamlFast(readTextFile(join(hub.root, account, 'success_plan', 'csp.yaml'), hub.config.maxFileBytes));
      const plan = parsed.data as Plan | undefined;
      if (parsed.issues.length > 0 || !plan?.meta || typeof plan.meta.plan_type !== 'string' || !plan.meta.owner) {
        skipped.push(account);
        continue;
      }
      candidates.push({ account, plan, health: cspHealth(plan, hub.today) });
    } catch {
      skipped.push(account);
    }
  }
  return { candidates, skipped };
}
