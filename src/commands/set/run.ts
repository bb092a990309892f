/**
 * `csp set`: read the plan -> decide (domain/set-field.ts: the path resolved, the value converted
 * to the schema's type) -> write (refused if it adds an error) -> report (old and new value).
 */
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { SetCli } from './register.js';
import { openHub, planStore } from '../../infohub/hub.js';
import { getAt } from '../../domain/edit.js';
import { planSetField, resolveFieldPath, SetFieldError } from '../../domain/set-field.js';
import type { Issue } from '../../domain/issue.js';
import { UsageError } from '../../errors.js';
import { loadSchema } from '../../schema/schemas.js';
import { schemaAt } from '../../schema/walk.js';
import { updateDocument } from '../../storage/documents.js';
import { loadPlan, reportRemaining } from '../shared/plans.js';
import { changeAccount } from '../shared/locked.js';

/** What csp set did. */
export interface SetResult {
  account: string;
  field: string;
  before: unknown;
  after: unknown;
  changed: boolean;
  issues: Issue[];
}

/** Sets the field. Throws UsageError for a field or value the schema does not allow, PlanInvalidError when the plan would get an error, AccountLockedError (3) when another csp holds the account too long. */
export async function runSet(
  options: { account: string; field: string; value: string; dryRun: boolean },
  ctx: AppContext,
): Promise<SetResult> {
  const hub = await openHub(ctx);
  hub.existingAccount(options.account);
  return changeAccount(
    ctx,
    hub,
    options.account,
    'csp set',
    async () => {
      const doc = await loadPlan(hub, options.account);
      try {
        const path = resolveFieldPath(doc.data, options.field);
        const { value, edit } = planSetField(doc.data, options.field, options.value, schemaAt(loadSchema('csp'), path));
        const before = getAt(doc.data, path);
        const result = await updateDocument(doc, [edit], planStore(hub, options.account), {
          dryRun: options.dryRun,
          today: hub.today,
        });
        return {
          account: options.account,
          field: options.field,
          before,
          after: value,
          changed: result.changed,
          issues: result.issues,
        };
      } catch (error) {
        if (error instanceof SetFieldError)
          throw new UsageError(error.message, { code: 'bad-field', hint: error.hint });
        throw error;
      }
    },
    { dryRun: options.dryRun },
  );
}

/** CLI entry. */
export async function main(
  [account, field, value]: ArgsOf<SetCli>,
  options: OptionsOf<SetCli>,
  ctx: AppContext,
): Promise<void> {
  const result = await runSet({ account, field, value, dryRun: options.dryRun ?? false }, ctx);
  if (ctx.flags.json) {
    ctx.out.data({ ok: true, ...result, dryRun: options.dryRun ?? false });
    return;
  }
  const show = (v: unknown) => (v === undefined ? '(unset)' : JSON.stringify(v));
  ctx.out.result(
    `${field}: ${show(result.before)} -> ${show(result.after)}${options.dryRun ? ' (dry run)' : result.changed ? '' : ' (unchanged)'}`,
  );
  reportRemaining(
    ctx,
    result.issues.filter((i) => i.severity !== 'info'),
  );
}
