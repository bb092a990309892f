/**
 * What most commands do first: read an account's plan for editing, load its playbook, and
 * report a written change (file, notes, remaining issues).
 */
import { join } from 'node:path';
import type { AppContext } from '../../cli/context.js';
import { planStore, type Hub } from '../../infohub/hub.js';
import type { Plan } from '../../domain/plan.js';
import type { Playbook } from '../../domain/playbook.js';
import { PlanInvalidError, PreconditionError, type ErrorCode } from '../../errors.js';
import { PACKAGE_ROOT } from '../../schema/schemas.js';
import { prepareCreate, readDocument, type LoadedDocument } from '../../storage/documents.js';
import { schemaCopyWrites } from '../../storage/infohub.js';
import type { PlannedWrite } from '../../storage/journal.js';
import { exists, readTextFile } from '../../storage/files.js';
import { placeIssues, validateText } from '../../validation/file.js';
import type { DocKind } from '../../schema/documents.js';
import type { Issue, RawIssue } from '../../domain/issue.js';
import { renderIssues } from '../../cli/render.js';
import { byRequirementOrder, isProposalBlock, PROPOSAL_BLOCKED } from '../../domain/gates.js';

/**
 * The writes that start an account (csp init, csp import), for one transaction under the
 * account's lock: its new csp.yaml (`planText`, rendered and checked by the caller; the file must
 * not exist), the empty action tracker, risk register and decision log it does not have yet, and
 * the InfoHub's schema copies that are missing or out of date.
 */
export async function newAccountWrites(hub: Hub, account: string, planText: string): Promise<PlannedWrite[]> {
  const paths = hub.paths(account);
  const writes: PlannedWrite[] = [{ path: paths.csp, before: null, after: planText }];
  const empty = (key: string) => ({ schema_version: 1, account, [key]: [] });
  for (const [file, kind, key] of [
    [paths.actionTracker, 'action_tracker', 'actions'],
    [paths.riskRegister, 'risk_register', 'risks'],
    [paths.decisionLog, 'decision_log', 'decisions'],
  ] as const) {
    if (!exists(file))
      writes.push({ path: file, before: null, after: (await prepareCreate(file, kind, empty(key), hub.store)).text });
  }
  writes.push(...schemaCopyWrites(hub.root));
  return writes;
}

/** Reads an account's csp.yaml for editing. Throws PreconditionError when the account has no plan. */
export async function loadPlan(hub: Hub, account: string): Promise<LoadedDocument<Plan>> {
  const paths = hub.existingAccount(account);
  return readDocument<Plan>(paths.csp, 'csp', planStore(hub, account));
}

/**
 * Loads and validates the playbook of a plan type: the team's (config playbooks_dir) when it has
 * one, else the shipped one. Throws PlanInvalidError for a broken playbook, PreconditionError when
 * there is none.
 */
export async function loadPlaybook(hub: Hub, planType: string): Promise<Playbook> {
  const candidates = [hub.config.playbooksDir, join(PACKAGE_ROOT, 'playbooks')]
    .filter((d): d is string => !!d)
    .map((d) => join(d, `${planType}.yaml`));
  const file = candidates.find((f) => exists(f));
  if (!file)
    throw new PreconditionError(`no playbook for plan type ${planType}`, {
      code: 'no-playbook',
      hint: `add ${planType}.yaml to the playbooks folder`,
    });
  return readValidated<Playbook>(hub, file, 'playbook', {
    invalid: `the ${planType} playbook ${hub.display(file)} is invalid`,
    code: 'playbook-invalid',
  });
}

/**
 * Reads a document csp reads but does not edit (a playbook, a health model, a signal mapping, an
 * account's health signals) and checks it: its schema, then `check` (the rules the schema cannot
 * say) when the schema passes.
 * @throws PlanInvalidError (`invalid` as the message, `code`) with every error at file:line:col
 */
export async function readValidated<T>(
  hub: Hub,
  path: string,
  kind: DocKind,
  options: { invalid: string; code: ErrorCode; check?: (data: T) => RawIssue[] },
): Promise<T> {
  const text = readTextFile(path, hub.config.maxFileBytes);
  const { data, issues } = await validateText(hub.display(path), text, kind);
  let errors = issues.filter((i) => i.severity === 'error');
  if (errors.length === 0 && options.check)
    errors = await placeIssues(hub.display(path), text, options.check(data as T));
  if (errors.length > 0) throw new PlanInvalidError(options.invalid, errors, { code: options.code });
  return data as T;
}

/** Prints what the remaining issues of a changed plan are: errors and warnings in full, gaps as a short list. */
export function reportRemaining(ctx: AppContext, issues: readonly Issue[]): void {
  const out = ctx.out;
  const problems = issues.filter((i) => i.severity !== 'info' && !isProposalBlock(i.code));
  if (problems.length > 0) out.info(renderIssues(problems, out.style));
  // NOTE: a plan at Stage 4 that is still incomplete gets its missing parts as a short list, like the gaps:
  // validate shows them in full.
  const blocked = byRequirementOrder(
    issues
      .filter((i) => isProposalBlock(i.code))
      .map((i) => ({ ...i, code: i.code.replace(PROPOSAL_BLOCKED, 'gate-') })),
  );
  if (blocked.length > 0) {
    out.info(
      out.style.yellow(
        `The Stage 4 proposal is blocked: ${blocked.length} thing${blocked.length > 1 ? 's' : ''} still missing (csp validate fails until they are filled in):`,
      ),
    );
    for (const g of blocked.slice(0, 10))
      out.info(
        `  - ${g.message.replace(/ \(required at [^)]*\)$/, '')}${g.hint ? out.style.dim(`  ->  ${g.hint}`) : ''}`,
      );
    if (blocked.length > 10) out.info(out.style.dim(`  ... and ${blocked.length - 10} more (csp validate lists them)`));
  }
  const gaps = byRequirementOrder(issues.filter((i) => i.severity === 'info'));
  if (gaps.length > 0) {
    out.info(out.style.cyan(`${gaps.length} gap${gaps.length > 1 ? 's' : ''} before the next phase:`));
    for (const g of gaps.slice(0, 10))
      out.info(
        `  - ${g.message.replace(/ \(needed before \w+\)$/, '')}${g.hint ? out.style.dim(`  ->  ${g.hint}`) : ''}`,
      );
    if (gaps.length > 10) out.info(out.style.dim(`  ... and ${gaps.length - 10} more (csp validate lists them)`));
  }
}
