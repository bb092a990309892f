/**
 * `csp draft <account>`: read (the plan, its playbook, the other accounts) -> decide (what is
 * missing, drafting/draft.ts; the offline drafter, or the model with a checked reply; the edits, kept
 * inside the requested sections) -> show the diff -> write only on --apply or a yes at a prompt
 * (under the account's lock, taken after the prompt; the plan is re-read first: a file changed
 * meanwhile is not overwritten) -> report.
 * On any failure nothing is written: the plan stays byte for byte as it was.
 */
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { DraftCli } from './register.js';
import { openHub, planStore } from '../../infohub/hub.js';
import { renderTextDiff } from '../../cli/text-diff.js';
import {
  DRAFT_SECTIONS,
  DraftError,
  draftEdits,
  draftInputs,
  draftNeeds,
  draftOffline,
  editsOutside,
  parseSections,
  similarRecord,
  type DraftContent,
  type DraftItem,
  type DraftNeed,
  type DraftSection,
  type GenerationInput,
  type OfflineDraftInput,
} from '../../drafting/draft.js';
import { rankSimilarAccounts, type SimilarAccount } from '../../similarity/similar.js';
import type { Edit } from '../../domain/edit.js';
import type { Issue } from '../../domain/issue.js';
import { InternalError, UsageError } from '../../errors.js';
import { loadSchema } from '../../schema/schemas.js';
import { prepareUpdate, type StoreOptions } from '../../storage/documents.js';
import { writeChecked } from '../../storage/journal.js';
import { changeAccount } from '../shared/locked.js';
import { readOtherAccounts } from '../shared/accounts.js';
import {
  askModel,
  chooseEngine,
  decideWrite,
  errorsIntroducedBy,
  type Engine,
  type WriteDecision,
} from '../shared/ai.js';
import { loadPlan, loadPlaybook, reportRemaining } from '../shared/plans.js';

/** Options of csp draft, normalised. */
export interface DraftOptions {
  account: string;
  sections: DraftSection[];
  ai?: boolean;
  offline?: boolean;
  apply: boolean;
  dryRun: boolean;
}

/** What csp draft did. */
export interface DraftResult {
  account: string;
  file: string;
  engine: 'anthropic' | 'offline';
  /** Why the offline drafter ran (--offline, no key). */
  offlineReason?: string;
  model: string | null;
  needs: DraftNeed[];
  items: DraftItem[];
  confidence: number;
  similar: Array<{ account: string; because: string[]; health: string }>;
  /** The unified diff of csp.yaml (no colour); '' when there is nothing to draft. */
  diff: string;
  decision: WriteDecision | null;
  written: boolean;
  issues: Issue[];
}

/** Drafts the missing sections. Throws UsageError, PreconditionError, ExternalError (the model), PlanInvalidError (a draft that would break the plan). */
export async function runDraft(options: DraftOptions, ctx: AppContext): Promise<DraftResult> {
  const hub = await openHub(ctx);
  const doc = await loadPlan(hub, options.account);
  const plan = doc.data;
  const engine = chooseEngine(ctx, hub, options);
  const playbook = await loadPlaybook(hub, plan.meta.plan_type);
  const needs = draftNeeds(plan, options.sections);
  const store = planStore(hub, options.account);
  const base: DraftResult = {
    account: options.account,
    file: doc.display,
    engine: engine.kind,
    ...(engine.kind === 'offline' ? { offlineReason: engine.reason } : {}),
    model: engine.kind === 'anthropic' ? engine.settings.model : null,
    needs,
    items: [],
    confidence: 0,
    similar: [],
    diff: '',
    decision: null,
    written: false,
    issues: [],
  };
  if (needs.length === 0) return base;

  const { candidates } = readOtherAccounts(hub, options.account, plan);
  const similar: SimilarAccount[] = rankSimilarAccounts(plan, candidates);
  const generation = (engineName: 'anthropic' | 'offline', model: string | null): GenerationInput => ({
    date: hub.today,
    engine: engineName,
    model,
    inputs: draftInputs(plan, playbook),
    similar_accounts: similar.map(similarRecord),
  });
  const input: OfflineDraftInput = { plan, playbook, similar, needs, today: hub.today };
  const { content, confidence, model } =
    engine.kind === 'offline'
      ? { ...draftOffline(input), model: null }
      : await draftWithModel(
          ctx,
          engine.settings,
          input,
          (c, proposed) => draftEdits(plan, proposed, generation('anthropic', engine.settings.model), c),
          store,
        );

  const made = draftEdits(
    plan,
    content,
    generation(engine.kind, model ?? (engine.kind === 'anthropic' ? engine.settings.model : null)),
    confidence,
  );
  assertInsideSections(made.edits, needs);
  if (made.edits.length === 0) return { ...base, similar: similar.map(summarySimilar) };

  const preview = await prepareUpdate(doc, made.edits, store, { today: hub.today });
  const result: DraftResult = {
    ...base,
    model: model ?? base.model,
    items: made.items,
    confidence: made.record.confidence ?? confidence,
    similar: similar.map(summarySimilar),
    diff: renderTextDiff(doc.display, doc.text, preview.text),
    issues: preview.issues,
  };
  if (!ctx.flags.json) ctx.out.document(renderTextDiff(doc.display, doc.text, preview.text, ctx.out.style));
  const decision = await decideWrite(ctx, {
    apply: options.apply,
    dryRun: options.dryRun,
    question: `Write these ${made.items.length} drafted items to ${doc.display}?`,
  });
  result.decision = decision;
  if (!decision.write) return result;
  // NOTE: the lock is taken only now, after the person answered (never held while someone types).
  return changeAccount(ctx, hub, options.account, 'csp draft', async () => {
    // NOTE: writeChecked refuses the write if the plan changed while the draft was reviewed.
    if (preview.changed)
      writeChecked(hub.root, { path: doc.path, before: doc.text, after: preview.text }, `csp draft ${options.account}`);
    return { ...result, written: preview.changed, issues: preview.issues };
  });
}

/**
 * Asks the model for the missing sections; a reply whose edits (made by `edit`) would add a
 * validation error to the plan is sent back with the errors (askModel retries). Throws
 * ExternalError when the service fails or never sends a valid reply.
 */
async function draftWithModel(
  ctx: AppContext,
  settings: Extract<Engine, { kind: 'anthropic' }>['settings'],
  input: OfflineDraftInput,
  edit: (confidence: number, proposed: DraftContent) => { edits: Edit[] },
  store: StoreOptions,
): Promise<{ content: DraftContent; confidence: number; model: string | null }> {
  const { draftRequest } = await import('../../ai/draft-request.js');
  const request = draftRequest({
    cspSchema: loadSchema('csp'),
    ...input,
    maxTokens: settings.maxTokens,
  });
  const answer = await askModel(ctx, settings, request, async (reply) => {
    const {
      confidence: c,
      rationale: _rationale,
      ...proposed
    } = reply as DraftContent & { confidence: number; rationale?: string };
    const errors = await errorsIntroducedBy('csp', input.plan, edit(c, proposed).edits, store.check);
    return errors.length
      ? { ok: false as const, errors }
      : { ok: true as const, value: { content: proposed as DraftContent, confidence: c } };
  });
  return { ...answer.value, model: answer.reply.model };
}

/** Throws InternalError when a draft's edits reach outside the sections asked for. */
function assertInsideSections(edits: readonly Edit[], needs: readonly DraftNeed[]): void {
  const outside = editsOutside(
    edits,
    needs.map((n) => n.section),
  );
  if (outside.length > 0) {
    // NOTE: the tool schema already refuses other sections; this guards the offline drafter and any future engine.
    throw new InternalError(
      `the draft would change ${outside.map((e) => e.path.join('.')).join(', ')}, outside the requested sections`,
    );
  }
}

function summarySimilar(s: SimilarAccount): { account: string; because: string[]; health: string } {
  return { account: s.account, because: s.because, health: s.health };
}

/** CLI entry: normalise options, run, report. */
export async function main([account]: ArgsOf<DraftCli>, options: OptionsOf<DraftCli>, ctx: AppContext): Promise<void> {
  let sections: DraftSection[];
  try {
    sections = options.sections ? parseSections(options.sections) : [...DRAFT_SECTIONS];
  } catch (error) {
    if (error instanceof DraftError)
      throw new UsageError(`--sections: ${error.message}`, { code: 'bad-section', hint: error.hint });
    throw error;
  }
  const result = await runDraft(
    {
      account,
      sections,
      ai: options.ai ?? false,
      offline: options.offline ?? false,
      apply: options.apply ?? false,
      dryRun: options.dryRun ?? false,
    },
    ctx,
  );
  const out = ctx.out;
  if (ctx.flags.json) {
    out.data({ ok: true, ...result });
    return;
  }
  if (result.offlineReason && result.offlineReason !== '--offline')
    out.info(out.style.dim(`${result.offlineReason}: drafting offline from the playbook and similar accounts`));
  if (result.needs.length === 0) {
    out.info(
      `nothing to draft: ${sections.length === DRAFT_SECTIONS.length ? 'every section csp drafts is filled in' : `${sections.join(', ')} ${sections.length === 1 ? 'is' : 'are'} filled in`} (csp draft never replaces what is there)`,
    );
    return;
  }
  if (result.items.length === 0) {
    out.info(
      `nothing to draft: the playbook and similar accounts have nothing for ${result.needs.map((n) => n.section).join(', ')}`,
    );
    return;
  }
  const by = result.engine === 'anthropic' ? `model ${result.model}` : 'offline drafter';
  out.info(
    `${result.items.length} item${result.items.length === 1 ? '' : 's'} drafted by the ${by}, confidence ${result.confidence}`,
  );
  for (const item of result.items)
    out.info(`  + ${item.summary}${item.confidence !== undefined ? out.style.dim(` (${item.confidence})`) : ''}`);
  if (result.similar.length)
    out.info(
      out.style.dim(`similar accounts used: ${result.similar.map((s) => `${s.account} (${s.health})`).join(', ')}`),
    );
  const decision = result.decision;
  if (decision?.write) {
    out.info(out.style.green(`written to ${result.file}`));
    reportRemaining(ctx, result.issues);
  } else if (decision?.why === 'dry-run') out.info('(dry run: nothing was written)');
  else if (decision?.why === 'declined') out.info('not written');
  else
    out.info(
      `not written: review the diff, then run csp draft ${result.account} --apply${result.engine === 'anthropic' ? ' (the model may draft differently next time; --offline is repeatable)' : ''}`,
    );
}
