/**
 * `csp notes <account> <file>`: read (the plan, its tracker and decision log, the notes) ->
 * decide (findings from the rule-based extractor or the model, notes/extract.ts and
 * ai/notes-request.ts; the proposal, notes/proposal.ts) -> choose (--apply: all; --accept: the ids
 * given; a terminal: item by item; otherwise nothing) -> show the diff of every file -> write
 * (under the account's lock, taken after the prompts; each file re-read first; the plan, tracker
 * and decision log as one transaction: all or none, even if csp is killed halfway) -> report.
 */
import { resolve } from 'node:path';
import { applyEditsToData } from '../../domain/edit.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { AppContext } from '../../cli/context.js';
import type { NotesCli } from './register.js';
import { openHub, planStore, type Hub } from '../../infohub/hub.js';
import { renderTextDiff } from '../../cli/text-diff.js';
import type { Styles } from '../../cli/render.js';
import type { Issue } from '../../domain/issue.js';
import { milestonesOf, type Plan } from '../../domain/plan.js';
import { CheckFailedError, CspError, InternalError, PreconditionError, UsageError } from '../../errors.js';
import { extractFindings, mergeWindowFindings, type NotesFinding } from '../../notes/extract.js';
import { addUsage, type TokenUsage } from '../../ai/port.js';
import { NOTES_FORMATS, NotesFormatError, parseNotes, type Transcript } from '../../notes/parse.js';
import {
  notesEdits,
  notesEditsOutside,
  notesLimitProblem,
  proposeItems,
  type NotesItem,
  type NotesSource,
  type NotesTarget,
} from '../../notes/proposal.js';
import { loadSchema } from '../../schema/schemas.js';
import type { ActionTracker, DecisionLog } from '../../domain/types.gen.js';
import { prepareCreate, prepareUpdate, readDocument, type LoadedDocument } from '../../storage/documents.js';
import { exists } from '../../storage/files.js';
import { readFileSync, statSync } from 'node:fs';
import { transaction } from '../../storage/journal.js';
import { changeAccount } from '../shared/locked.js';
import { askModel, chooseEngine, decideWrite, errorsIntroducedBy, type Engine } from '../shared/ai.js';
import { loadPlan, reportRemaining } from '../shared/plans.js';
import { parseDateFlag } from '../shared/flags.js';

/** Options of csp notes, normalised. */
export interface NotesOptions {
  account: string;
  file: string;
  ai?: boolean;
  offline?: boolean;
  apply: boolean;
  /** Item ids to accept (--accept). */
  accept?: string[];
  date?: string;
  dryRun: boolean;
}

/** What csp notes did. */
export interface NotesResult {
  account: string;
  notes: string;
  format: Transcript['format'];
  meetingDate: string;
  engine: 'anthropic' | 'offline';
  offlineReason?: string;
  model: string | null;
  items: Array<{
    id: string;
    kind: NotesFinding['kind'];
    target: NotesTarget;
    summary: string;
    evidence: string;
    turn: number | null /** Every turn the item rests on. */;
    turns: number[];
    confidence: number;
    accepted: boolean;
    created?: string;
  }>;
  /** The AI path: the windows the meeting was sent in (turn ranges), and how each went. */
  windows?: Array<{ from: number; to: number; ok: boolean; items?: number; error?: string }>;
  /** The AI path: tokens of every request together (Messages API usage). */
  usage?: TokenUsage;
  /** Unified diffs per file (no colour). */
  diffs: Array<{ file: string; diff: string }>;
  written: string[];
  why?: 'dry-run' | 'declined' | 'no-terminal' | 'none-accepted';
  issues: Issue[];
}

/** What the read step gives: the InfoHub, the account's documents, the notes and the engine. */
interface NotesInput {
  hub: Hub;
  planDoc: LoadedDocument<Plan>;
  plan: Plan;
  paths: ReturnType<Hub['paths']>;
  store: ReturnType<typeof planStore>;
  engine: Engine;
  /** The notes file as the InfoHub displays it. */
  notesName: string;
  transcript: Transcript;
  meetingDate: string;
  tracker?: LoadedDocument<ActionTracker>;
  log?: LoadedDocument<DecisionLog>;
}

/** What the engine found in the notes, with the model's name, usage and windows on the AI path. */
interface Findings {
  findings: NotesFinding[];
  model: string | null;
  usage?: TokenUsage;
  windows?: NonNullable<NotesResult['windows']>;
}

/** A file the accepted items change: its text before and after. */
interface NotesPreview {
  target: NotesTarget;
  path: string;
  before: string;
  after: string;
  created: boolean;
}

/** Proposes (and, when accepted, applies) the updates. Throws UsageError, PreconditionError, ExternalError (the model). */
export async function runNotes(options: NotesOptions, ctx: AppContext): Promise<NotesResult> {
  const input = await readInput(options, ctx);
  const found = await findInNotes(input, ctx);
  const { items, result } = propose(options, input, found);
  if (items.length === 0) return result;
  if (!ctx.flags.json) ctx.out.result(renderItems(items, ctx.out.style));

  const chosen = await chooseItems(options, ctx, items);
  const show = options.dryRun || chosen.length > 0;
  if (!show) return { ...result, why: ctx.interactive ? 'none-accepted' : 'no-terminal' };

  const { hub } = input;
  const source = {
    file: input.notesName,
    meetingDate: input.meetingDate,
    today: hub.today,
    engine: input.engine.kind,
    model: found.model,
  };
  const previews = await previewChange(options, input, chosen, source, result);
  if (!ctx.flags.json)
    for (const p of previews) ctx.out.document(renderTextDiff(hub.display(p.path), p.before, p.after, ctx.out.style));
  const decision = await decideWrite(ctx, {
    apply: options.apply || !!options.accept?.length,
    dryRun: options.dryRun,
    question: `Write the ${chosen.length} accepted update${chosen.length === 1 ? '' : 's'}?`,
  });
  if (!decision.write) return { ...result, why: decision.why };
  return writeChange(options, ctx, hub, previews, result);
}

/** Read: the plan, the engine, the notes (UsageError when unreadable or missing), the tracker and decision log. */
async function readInput(options: NotesOptions, ctx: AppContext): Promise<NotesInput> {
  const hub = await openHub(ctx);
  const planDoc = await loadPlan(hub, options.account);
  const plan = planDoc.data;
  const paths = hub.paths(options.account);
  const store = planStore(hub, options.account);
  const engine = chooseEngine(ctx, hub, options);
  const notesPath = resolve(ctx.cwd, options.file);
  const notesName = hub.display(notesPath);
  let transcript: Transcript;
  try {
    transcript = await readNotes(notesPath, hub.config.maxFileBytes);
  } catch (error) {
    if (error instanceof NotesFormatError)
      throw new UsageError(`${notesName}: ${error.message}`, {
        code: 'bad-notes',
        hint: `csp notes reads ${NOTES_FORMATS}`,
      });
    if (error instanceof CspError && error.code === 'file-missing')
      throw new UsageError(`${notesName} does not exist`, {
        code: 'no-such-file',
        hint: 'give the path of the notes file',
      });
    throw error;
  }
  const meetingDate = options.date ? parseDateFlag(options.date, 'date') : (transcript.date ?? hub.today);
  const tracker = exists(paths.actionTracker)
    ? await readDocument<ActionTracker>(paths.actionTracker, 'action_tracker', hub.store)
    : undefined;
  const log = exists(paths.decisionLog)
    ? await readDocument<DecisionLog>(paths.decisionLog, 'decision_log', hub.store)
    : undefined;
  return { hub, planDoc, plan, paths, store, engine, notesName, transcript, meetingDate, tracker, log };
}

/** The findings of the engine: the rule-based extractor offline, else the model window by window. */
async function findInNotes(input: NotesInput, ctx: AppContext): Promise<Findings> {
  const { engine, plan, transcript, meetingDate } = input;
  if (engine.kind === 'anthropic') return askModelForFindings(input, engine, ctx);
  const findings = await extractFindings(transcript, {
    meetingDate,
    milestones: milestonesOf(plan).map((m) => ({
      id: m.milestone.id,
      title: m.milestone.title,
      status: m.milestone.status,
    })),
    people: [
      ...(plan.stakeholders ?? []).map((s) => ({ name: s.name, title: s.title })),
      { name: plan.meta.owner.name },
    ],
  });
  return { findings, model: null };
}

/**
 * The AI path: each window's reply checked against its window and the plan; a failed window is
 * warned about and the others kept. Throws the first window's error when every window failed.
 */
async function askModelForFindings(
  input: NotesInput,
  engine: Extract<Engine, { kind: 'anthropic' }>,
  ctx: AppContext,
): Promise<Findings> {
  const { plan, transcript, meetingDate, hub, store, tracker, log } = input;
  const ai = await import('../../ai/notes-request.js');
  const source = {
    file: input.notesName,
    meetingDate,
    today: hub.today,
    engine: 'anthropic' as const,
    model: engine.settings.model,
  };
  // NOTE: a long meeting goes as overlapping windows (issue 17); each reply is checked against
  // its own window (evidence quoted from it) and the plan; a window that fails is named and the
  // others' proposals are kept; only when every window fails does the command fail.
  const windows = ai.notesWindows(transcript);
  const lists: NotesFinding[][] = [];
  const failures: unknown[] = [];
  const resultWindows: NonNullable<NotesResult['windows']> = [];
  let model: string | null = null;
  let usage: TokenUsage | undefined;
  for (const [n, window] of windows.entries()) {
    const range = { from: window.turns[0]?.index ?? 0, to: window.turns.at(-1)?.index ?? 0 };
    const request = ai.notesRequest({
      cspSchema: loadSchema('csp'),
      decisionLogSchema: loadSchema('decision_log'),
      plan,
      transcript: window,
      meetingDate,
      maxTokens: engine.settings.maxTokens,
      window: { nth: n + 1, count: windows.length },
    });
    try {
      const answer = await askModel(ctx, engine.settings, request, async (toolInput) => {
        const reply = toolInput as import('../../ai/notes-request.js').NotesToolInput;
        const errors = ai.notesReplyErrors(reply, window);
        if (errors.length) return { ok: false as const, errors };
        const proposed = ai.findingsFromReply(reply, window);
        const change = notesEdits(
          proposeItems(proposed, plan),
          { plan, tracker: tracker?.data, log: log?.data },
          source,
        );
        const problems = await errorsIntroducedBy('csp', plan, change.edits.csp, store.check);
        return problems.length ? { ok: false as const, errors: problems } : { ok: true as const, value: proposed };
      });
      lists.push(answer.value);
      model = answer.reply.model;
      usage = addUsage(usage, answer.usage);
      resultWindows.push({ ...range, ok: true, items: answer.value.length });
    } catch (error) {
      if (!(error instanceof CspError)) throw error;
      failures.push(error);
      resultWindows.push({ ...range, ok: false, error: error.message });
      if (!ctx.flags.json)
        ctx.out.warn(
          `window ${n + 1} of ${windows.length} (turns ${range.from}-${range.to}) failed: ${error.message}; the other windows' proposals are kept`,
        );
    }
  }
  if (lists.length === 0) throw failures[0];
  return { findings: mergeWindowFindings(lists), model, usage, windows: resultWindows };
}

/** Decide (pure): the proposed items and the result before any choice. Throws UsageError when the notes give too many. */
function propose(
  options: NotesOptions,
  input: NotesInput,
  found: Findings,
): { items: NotesItem[]; result: NotesResult } {
  const { engine, notesName } = input;
  const { findings, model, usage } = found;
  // NOTE: one bound for both engines (the model's tool has the same maxItems): a proposal this big
  // is not a meeting's worth, and applying it would hold the account's lock for long (issue 19).
  const tooMany = notesLimitProblem(findings);
  if (tooMany)
    throw new UsageError(`${notesName} gives ${tooMany}`, {
      code: 'notes-too-many',
      hint: `split the notes into smaller files (one meeting each) and run csp notes ${options.account} <file> on each`,
    });
  const items = proposeItems(findings, input.plan);
  const result: NotesResult = {
    account: options.account,
    notes: notesName,
    format: input.transcript.format,
    meetingDate: input.meetingDate,
    engine: engine.kind,
    ...(engine.kind === 'offline' ? { offlineReason: engine.reason } : {}),
    ...(found.windows ? { windows: found.windows } : {}),
    ...(usage ? { usage } : {}),
    model: model ?? (engine.kind === 'anthropic' ? engine.settings.model : null),
    items: items.map((i) => ({
      id: i.id,
      kind: i.finding.kind,
      target: i.target,
      summary: i.summary,
      evidence: i.finding.evidence,
      turn: i.finding.turn,
      turns: i.finding.turns ?? (i.finding.turn === null ? [] : [i.finding.turn]),
      confidence: i.finding.confidence,
      accepted: false,
    })),
    diffs: [],
    written: [],
    issues: [],
  };
  return { items, result };
}

/** Ask: --apply takes all, --accept the ids given (UsageError for an unknown one), a terminal asks item by item; a dry run shows all. */
async function chooseItems(options: NotesOptions, ctx: AppContext, items: NotesItem[]): Promise<NotesItem[]> {
  const unknown = (options.accept ?? []).filter((id) => !items.some((i) => i.id === id));
  if (unknown.length)
    throw new UsageError(`--accept: no proposed update ${unknown.join(', ')}`, {
      code: 'bad-accept',
      hint: `the proposal has ${items.map((i) => i.id).join(', ')}`,
    });
  if (options.apply) return items;
  if (options.accept?.length) return items.filter((i) => options.accept!.includes(i.id));
  if (ctx.interactive && !options.dryRun) {
    const answers = await (await ctx.prompter()).ask(
      items.map((i) => ({
        name: i.id,
        flag: 'accept',
        message: `Accept ${i.id}: ${i.summary.slice(0, 150)}?`,
        type: 'confirm' as const,
        default: i.finding.confidence >= 0.6,
      })),
    );
    return items.filter((i) => answers[i.id] === true);
  }
  return options.dryRun ? items : [];
}

/**
 * Render: the change of the chosen items as the new text of each file (checked: InternalError
 * if it reaches outside what notes may change). Marks the accepted items, the plan's remaining
 * issues and the diffs in `result`.
 */
async function previewChange(
  options: NotesOptions,
  input: NotesInput,
  chosen: NotesItem[],
  source: NotesSource,
  result: NotesResult,
): Promise<NotesPreview[]> {
  const { hub, plan, tracker, log, paths, planDoc, store } = input;
  const change = notesEdits(chosen, { plan, tracker: tracker?.data, log: log?.data }, source);
  const outside = notesEditsOutside(change, { plan, tracker: tracker?.data, log: log?.data });
  if (outside.length > 0)
    throw new InternalError(
      `the notes proposal would change ${outside.map((o) => `${o.target}:${o.edit.path.join('.')}`).join(', ')}`,
    );
  result.items = result.items.map((i) => ({
    ...i,
    accepted: chosen.some((c) => c.id === i.id),
    ...(change.created[i.id] ? { created: change.created[i.id] } : {}),
  }));
  const targets: Array<{ target: NotesTarget; path: string; doc?: LoadedDocument<unknown>; empty?: unknown }> = [
    {
      target: 'decision_log',
      path: paths.decisionLog,
      doc: log,
      empty: { schema_version: 1, account: options.account, decisions: [] },
    },
    {
      target: 'action_tracker',
      path: paths.actionTracker,
      doc: tracker,
      empty: { schema_version: 1, account: options.account, actions: [] },
    },
    { target: 'csp', path: planDoc.path, doc: planDoc as LoadedDocument<unknown> },
  ];
  const previews: NotesPreview[] = [];
  for (const t of targets) {
    const edits = change.edits[t.target];
    if (edits.length === 0) continue;
    if (t.doc) {
      const preview = await prepareUpdate(t.doc, edits, t.target === 'csp' ? store : hub.store, { today: hub.today });
      previews.push({ target: t.target, path: t.path, before: t.doc.text, after: preview.text, created: false });
      if (t.target === 'csp') result.issues = preview.issues;
    } else {
      const data = applyEditsToData(t.empty, edits);
      const created = await prepareCreate(t.path, t.target, data, hub.store);
      previews.push({ target: t.target, path: t.path, before: '', after: created.text, created: true });
    }
  }
  result.diffs = previews.map((p) => ({
    file: hub.display(p.path),
    diff: renderTextDiff(hub.display(p.path), p.before, p.after),
  }));
  return previews;
}

/** Write, all or nothing: under the account's lock (taken only now, after the prompts), as one transaction. */
function writeChange(
  options: NotesOptions,
  ctx: AppContext,
  hub: Hub,
  previews: NotesPreview[],
  result: NotesResult,
): Promise<NotesResult> {
  return changeAccount(ctx, hub, options.account, 'csp notes', async () => {
    // NOTE: the transaction refuses every write if a file changed while the proposal was reviewed.
    await transaction(
      hub,
      options.account,
      previews.map((p) => ({ path: p.path, before: p.created ? null : p.before, after: p.after })),
      { command: 'csp notes', rerun: `csp notes ${options.account} ${options.file}` },
    );
    return { ...result, written: previews.map((p) => hub.display(p.path)) };
  });
}

/**
 * Reads the notes whatever their format, told by content: a DOCX (a zip: its text through
 * mammoth, loaded only then), else UTF-8 text for parseNotes. Throws NotesFormatError for content
 * csp notes does not read, CspError file-missing when there is no file, CheckFailedError when the
 * file is larger than max_file_bytes.
 */
async function readNotes(path: string, maxBytes: number): Promise<Transcript> {
  if (!exists(path)) throw new PreconditionError(`${path} does not exist`, { code: 'file-missing' });
  const size = statSync(path).size;
  if (size > maxBytes)
    throw new CheckFailedError(
      `${path} is ${Math.round(size / 1024)} KB, larger than the ${Math.round(maxBytes / 1024)} KB csp reads`,
      {
        code: 'file-too-large',
        file: path,
        hint: 'split the notes into smaller files (one meeting each), or raise max_file_bytes in .csp.yaml',
      },
    );
  const bytes = readFileSync(path);
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    const mammoth = (await import('mammoth')).default;
    let text: string;
    try {
      text = (await mammoth.extractRawText({ buffer: bytes })).value;
    } catch (error) {
      throw new NotesFormatError(
        `a zip file that is not a Word document (${(error as Error).message}); csp notes reads ${NOTES_FORMATS}`,
      );
    }
    return { ...parseNotes(text.replace(/\n{2,}/g, '\n'), 'notes.txt'), format: 'docx' };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new NotesFormatError(`not text (not UTF-8) and not a Word document; csp notes reads ${NOTES_FORMATS}`);
  }
  return parseNotes(text, path);
}

/** The proposal as a numbered list with the words each update comes from. */
function renderItems(items: readonly NotesItem[], style: Styles): string {
  const lines = [style.bold(`${items.length} proposed update${items.length === 1 ? '' : 's'}:`)];
  for (const i of items) {
    lines.push(`  ${style.cyan(i.id.padEnd(5))} ${i.summary}${style.dim(` (${i.finding.confidence})`)}`);
    lines.push(
      style.dim(
        `        "${i.finding.evidence.slice(0, 160)}${i.finding.evidence.length > 160 ? '...' : ''}"${i.finding.turns && i.finding.turns.length > 1 ? ` (turns ${i.finding.turns.join(', ')})` : i.finding.turn !== null ? ` (${i.finding.turn})` : ''}`,
      ),
    );
  }
  return lines.join('\n');
}

/** CLI entry: normalise options, run, report. */
export async function main(
  [account, file]: ArgsOf<NotesCli>,
  options: OptionsOf<NotesCli>,
  ctx: AppContext,
): Promise<void> {
  const accept = (options.accept ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  if (options.apply && accept.length)
    throw new UsageError('--apply accepts everything; --accept picks some: pass one of them', { code: 'bad-flags' });
  const result = await runNotes(
    {
      account,
      file,
      ai: options.ai ?? false,
      offline: options.offline ?? false,
      apply: options.apply ?? false,
      accept,
      date: options.date,
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
    out.info(out.style.dim(`${result.offlineReason}: using the rule-based extractor`));
  if (result.items.length === 0) {
    out.info(`nothing to propose from ${result.notes} (${result.format}, meeting of ${result.meetingDate})`);
    return;
  }
  if (result.written.length) {
    const accepted = result.items.filter((i) => i.accepted);
    out.info(
      out.style.green(
        `applied ${accepted.length} update${accepted.length === 1 ? '' : 's'}: ${accepted.map((i) => `${i.id} -> ${i.created ?? '?'}`).join(', ')}`,
      ),
    );
    out.info(`written: ${result.written.join(', ')}`);
    reportRemaining(ctx, result.issues);
  } else if (result.why === 'dry-run') out.info('(dry run: nothing was written)');
  else if (result.why === 'declined' || result.why === 'none-accepted') out.info('not written');
  else
    out.info(
      `not written: accept all with csp notes ${result.account} ${file} --apply, or some with --accept ${result.items
        .slice(0, 2)
        .map((i) => i.id)
        .join(',')}`,
    );
}
