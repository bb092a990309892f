/**
 * The other accounts of the InfoHub, read for comparison (csp draft and csp account-plan use the
 * most similar ones as examples): each plan through the fast read path, with its CSP health as of
 * today. A plan that cannot be read or has no usable meta is skipped, not an error: it is only an
 * example.
 */
import type { Hub } from '../../infohub/hub.js';
import { cspHealth } from '../../domain/plan-health.js';
import type { Plan } from '../../domain/plan.js';
import type { AccountCandidate } from '../../similarity/similar.js';
import { listAccounts } from '../../storage/infohub.js';
import { readTextFile } from '../../storage/files.js';
import { parseYamlFast } from '../../yaml/read.js';

/** The plan type and industry of a plan's text, read without parsing it (undefined when not found). */
function quickFacts(text: string): { planType?: string; industry?: string } {
  const planType = /^\s+plan_type:\s*["']?([a-z]+)/m.exec(text)?.[1];
  const industry = /^\s+industry:\s*["']?([^"'#\n]*?)["']?\s*(?:#.*)?$/m.exec(text)?.[1];
  return { planType, industry: industry?.trim().toLowerCase() };
}

/**
 * The other accounts' plans and health; `skipped` names the plans that could not be used. With
 * `like`, plans whose text plainly shows neither its plan type nor its industry are not parsed
 * (they cannot be similar: similar.ts), which keeps csp draft fast on a large InfoHub.
 */
export function readOtherAccounts(
  hub: Hub,
  except: string,
  like?: Plan,
): { candidates: AccountCandidate[]; skipped: string[] } {
  const candidates: AccountCandidate[] = [];
  const skipped: string[] = [];
  const type = like?.meta.plan_type;
  const industry = like?.customer_context?.industry?.trim().toLowerCase() || undefined;
  for (const account of listAccounts(hub.root).accounts) {
    if (account === except) continue;
    // NOTE: an example plan that cannot be read is skipped: csp validate reports it; drafting must not fail for it.
    try {
      const text = readTextFile(hub.paths(account).csp, hub.config.maxFileBytes);
      if (like) {
        const facts = quickFacts(text);
        if (facts.planType && facts.industry !== undefined && facts.planType !== type && facts.industry !== industry)
          continue;
      }
      const parsed = parseYamlFast(text);
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
