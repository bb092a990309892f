/**
 * `csp add <kind> <account>`: read the plan -> decide (domain/add.ts: the item, its id, its
 * references checked) -> write (the YAML edited in place, refused if it would add an error) ->
 * report (the id on stdout). Decisions go to decision_log.yaml instead of the plan.
 */
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { AddCli } from './register.js';
import { openHub, planStore, type Hub } from '../../infohub/hub.js';
import { applyEditsToData } from '../../domain/edit.js';
import {
  ADD_KINDS,
  AddError,
  planAdd,
  planDecision,
  REQUIRED_FLAGS,
  type AddInput,
  type AddKind,
} from '../../domain/add.js';
import type { DecisionLog } from '../../domain/types.gen.js';
import { PlanInvalidError, UsageError } from '../../errors.js';
import { createDocument, readDocument, updateDocument } from '../../storage/documents.js';
import { exists } from '../../storage/files.js';
import type { Issue, IssueCode } from '../../domain/issue.js';
import { askMissing, usageFromAddError } from '../shared/flags.js';
import { loadPlan, reportRemaining } from '../shared/plans.js';
import { changeAccount } from '../shared/locked.js';

/** Options of csp add, normalised. */
export interface AddOptions {
  kind: AddKind | 'decision';
  account: string;
  input: AddInput;
  dryRun: boolean;
}

/** What csp add did. */
export interface AddResult {
  kind: string;
  account: string;
  id: string;
  summary: string;
  file: string;
  changed: boolean;
  issues: Issue[];
}

/** Adds the item. Throws UsageError for a bad value or reference (naming the flag), PlanInvalidError when the plan would get an error, AccountLockedError (3) when another csp holds the account too long. */
export async function runAdd(options: AddOptions, ctx: AppContext): Promise<AddResult> {
  const hub = await openHub(ctx);
  hub.existingAccount(options.account);
  return changeAccount(ctx, hub, options.account, `csp add ${options.kind}`, () => addUnderLock(hub, options), {
    dryRun: options.dryRun,
  });
}

async function addUnderLock(hub: Hub, options: AddOptions): Promise<AddResult> {
  const doc = await loadPlan(hub, options.account);
  const input = { ...options.input, today: hub.today };
  try {
    if (options.kind === 'decision') {
      const paths = hub.paths(options.account);
      const log = exists(paths.decisionLog)
        ? await readDocument<DecisionLog>(paths.decisionLog, 'decision_log', hub.store)
        : undefined;
      const added = planDecision(doc.data, log?.data, input, hub.today);
      // NOTE: a missing log is created with the decision in it: one write, never an empty log
      // left behind by an interrupted run.
      const result = log
        ? await updateDocument(log, added.edits, hub.store, { dryRun: options.dryRun })
        : {
            ...(await createDocument(
              paths.decisionLog,
              'decision_log',
              applyEditsToData<DecisionLog>(
                { schema_version: 1, account: options.account, decisions: [] },
                added.edits,
              ),
              hub.store,
              { dryRun: options.dryRun },
            )),
            changed: true,
          };
      return {
        kind: options.kind,
        account: options.account,
        id: added.id,
        summary: added.summary,
        file: paths.decisionLog,
        changed: result.changed,
        issues: result.issues,
      };
    }
    const added = planAdd(doc.data, options.kind, input);
    let result;
    try {
      result = await updateDocument(doc, added.edits, planStore(hub, options.account), {
        dryRun: options.dryRun,
        today: hub.today,
      });
    } catch (error) {
      if (error instanceof PlanInvalidError && error.code === 'change-refused')
        throw refusedAdd(error, options, added.id);
      throw error;
    }
    return {
      kind: options.kind,
      account: options.account,
      id: added.id,
      summary: added.summary,
      file: doc.path,
      changed: result.changed,
      issues: result.issues,
    };
  } catch (error) {
    if (error instanceof AddError) throw usageFromAddError(error);
    throw error;
  }
}

/** The flag of csp add that fills in the field a refused item lacks, by the issue's code. */
const FLAG_FOR_CODE: Readonly<Partial<Record<IssueCode, string>>> = {
  'risk-red-unmitigated': 'mitigation',
  'gate-risk-mitigations': 'mitigation',
};

/** The flag of csp add that fills in the field a refused item lacks, by the last segment of the issue's path. */
const FLAG_FOR_FIELD: Readonly<Record<string, string>> = {
  mitigation: 'mitigation',
  owner: 'owner',
  who: 'who',
  due: 'due',
};

/**
 * A refused add names fixes of an item that was never created (csp set ... rk-2.mitigation): its
 * fix is the same csp add with the missing flag. Issues about other items keep their own fix.
 */
function refusedAdd(error: PlanInvalidError, options: AddOptions, id: string): PlanInvalidError {
  const mentions = (text: string | undefined) => !!text && new RegExp(`(^|[^a-z0-9-])${id}([^0-9]|$)`).test(text);
  const again = (flag: string | undefined) => {
    const given = Object.entries(options.input)
      .filter(([k, v]) => k !== 'today' && v !== undefined && v !== false && k !== flag)
      .flatMap(([k, v]) =>
        (Array.isArray(v) ? v : [v]).map((x) => (x === true ? `--${k}` : `--${k} ${JSON.stringify(String(x))}`)),
      );
    return `csp add ${options.kind} ${options.account} ${[...given, ...(flag ? [`--${flag} "..."`] : [])].join(' ')}`;
  };
  const issues = error.issues.map((i) => {
    if (!mentions(i.hint) && !mentions(i.message)) return i;
    const flag =
      FLAG_FOR_CODE[i.code] ??
      FLAG_FOR_FIELD[
        String(i.path ?? '')
          .split('/')
          .pop() ?? ''
      ];
    return {
      ...i,
      hint: flag
        ? `${id} was not added; add it again with --${flag}: ${again(flag)}`
        : `${id} was not added; add it again once the plan can hold it: ${again(undefined)}`,
    };
  });
  return new PlanInvalidError(`csp add ${options.kind} refused: ${error.message}`, issues, {
    code: error.code,
    hint: error.hint,
  });
}

const PROMPTS: Record<string, { message: string; type?: 'select'; choices?: string[] }> = {
  name: { message: 'Name:' },
  role: {
    message: 'Role:',
    type: 'select',
    choices: [
      'champion',
      'executive_sponsor',
      'technical_buyer',
      'economic_buyer',
      'decision_maker',
      'influencer',
      'admin',
      'end_user',
      'SA',
      'CA',
      'AE',
      'other',
    ],
  },
  side: { message: 'Side:', type: 'select', choices: ['customer', 'vendor'] },
  probability: { message: 'Probability:', type: 'select', choices: ['high', 'medium', 'low'] },
  impact: { message: 'Impact:', type: 'select', choices: ['high', 'medium', 'low'] },
};

/** CLI entry: normalise options, prompt for what is missing on a terminal, run, report. */
export async function main(
  [kindText, account]: ArgsOf<AddCli>,
  options: OptionsOf<AddCli>,
  ctx: AppContext,
): Promise<void> {
  const kind = ADD_KINDS.find(
    (k) => k === kindText.toLowerCase() || k.replace('-', '') === kindText.toLowerCase().replace(/[-_]/g, ''),
  );
  if (!kind)
    throw new UsageError(`unknown kind "${kindText}"`, {
      code: 'bad-kind',
      hint: `csp add <kind> <account>, where kind is one of: ${ADD_KINDS.join(', ')}`,
    });
  const input: AddInput = {};
  for (const [key, value] of Object.entries(options)) {
    if (['infohub', 'json', 'debug', 'color', 'dryRun'].includes(key)) continue;
    input[key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())] = value;
  }
  // NOTE: --role is repeatable for raci; a stakeholder has one role.
  if (kind !== 'raci' && Array.isArray(input.role)) input.role = input.role[input.role.length - 1];
  const questions = REQUIRED_FLAGS[kind].map((flag) => ({
    name: flag,
    flag,
    message: PROMPTS[flag]?.message ?? `${flag.replace(/-/g, ' ')}:`,
    type: PROMPTS[flag]?.type ?? ('input' as const),
    choices: PROMPTS[flag]?.choices,
  }));
  const answers = await askMissing(
    ctx,
    questions,
    input,
    `csp add ${kind} ${account} ${REQUIRED_FLAGS[kind].map((f) => `--${f} ...`).join(' ')}`,
  );
  const result = await runAdd({ kind, account, input: { ...input, ...answers }, dryRun: options.dryRun ?? false }, ctx);
  const out = ctx.out;
  if (ctx.flags.json) {
    out.data({
      ok: true,
      kind: result.kind,
      account: result.account,
      id: result.id,
      summary: result.summary,
      changed: result.changed,
      dryRun: options.dryRun ?? false,
      issues: result.issues,
    });
    return;
  }
  out.result(result.id);
  out.info(`${options.dryRun ? 'would add' : 'added'} ${result.summary}`);
  reportRemaining(
    ctx,
    result.issues.filter((i) => i.severity !== 'info'),
  );
}
