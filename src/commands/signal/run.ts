/**
 * `csp signal <account>`: read the flags -> decide (health/signals.ts: the entry, merged into
 * today's entry from csp signal when there is one) -> write <account>/health_signals.yaml
 * (created for an account that has a folder, or with --create; under the account's lock, with
 * the schema copy as one transaction) -> report the entry and the account's health score with it.
 */
import { resolve } from 'node:path';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { AppContext } from '../../cli/context.js';
import type { SignalCli } from './register.js';
import { openHub } from '../../infohub/hub.js';
import { UsageError, PreconditionError } from '../../errors.js';
import { measure } from '../../domain/add.js';
import { scoreHealth, type HealthScore } from '../../customer-health/score.js';
import {
  newSignalsDocument,
  recordSignalEdits,
  SIGNALS,
  type HealthSignals,
  type SignalRecord,
  type SignalSpec,
  type SignalValue,
} from '../../customer-health/signals.js';
import { readDocument } from '../../storage/documents.js';
import { exists } from '../../storage/files.js';
import { changeAccount } from '../shared/locked.js';
import { parseDateFlag, parseUsd } from '../shared/flags.js';
import { loadHealthModel, writeSignals } from '../shared/health.js';
import { healthDetail, healthHeadline } from '../shared/health-text.js';

/** Options of csp signal, normalised. */
export interface SignalOptions {
  account: string;
  record: Omit<SignalRecord, 'date'> & { date?: string };
  create: boolean;
  model?: string;
  dryRun: boolean;
}

/** What csp signal did. */
export interface SignalResult {
  account: string;
  file: string;
  created: boolean;
  changed: boolean;
  record: SignalRecord;
  health: HealthScore;
}

/** The source csp signal writes on its entries. */
const MANUAL_SOURCE = 'csp signal';

/** Records the signals. Throws PreconditionError for an unknown account without --create. */
export async function runSignal(options: SignalOptions, ctx: AppContext): Promise<SignalResult> {
  const hub = await openHub(ctx);
  const paths = hub.paths(options.account);
  const file = paths.healthSignals;
  const record: SignalRecord = { ...options.record, date: options.record.date ?? hub.today };
  const { model } = await loadHealthModel(
    hub,
    options.model === undefined ? undefined : resolve(ctx.cwd, options.model),
  );
  if (!exists(file) && !exists(paths.dir) && !options.create) {
    throw new PreconditionError(`there is no account "${options.account}" in ${hub.display(hub.root)}`, {
      code: 'no-account',
      hint: `check the name, or pass --create to start its health signals without a plan`,
    });
  }
  return changeAccount(
    ctx,
    hub,
    options.account,
    'csp signal',
    async () => {
      const created = !exists(file);
      let change: Parameters<typeof writeSignals>[2];
      if (created) change = { create: newSignalsDocument(options.account, record) };
      else {
        const doc = await readDocument<HealthSignals>(file, 'health_signals', hub.store);
        change = { doc, edits: recordSignalEdits(doc.data, record) };
      }
      const { data, changed } = await writeSignals(hub, options.account, change, {
        dryRun: options.dryRun,
        command: 'csp signal',
      });
      return {
        account: options.account,
        file: hub.display(file),
        created,
        changed,
        record,
        health: scoreHealth(data, model, record.date),
      };
    },
    { dryRun: options.dryRun },
  );
}

/** Parses one signal flag's text. Throws UsageError naming the flag. */
export function parseSignalFlag(spec: SignalSpec, text: string): SignalValue {
  const t = text.trim();
  const bad = (what: string) =>
    new UsageError(`--${spec.flag} must be ${what} (found "${text}")`, { code: 'bad-value' });
  switch (spec.type) {
    case 'date':
      return parseDateFlag(t, spec.flag);
    case 'payment':
      if (!['current', 'late', 'overdue'].includes(t.toLowerCase())) throw bad('current, late or overdue');
      return t.toLowerCase();
    case 'boolean':
      if (/^(yes|y|true|1)$/i.test(t)) return true;
      if (/^(no|n|false|0)$/i.test(t)) return false;
      throw bad('yes or no');
    default: {
      // NOTE: a comma is refused, not dropped: "2,5" may mean 2.5 or 25.
      const measured = measure(t);
      const n = spec.flag === 'arr' ? parseUsd(t, spec.flag) : typeof measured === 'number' ? measured : NaN;
      if (!Number.isFinite(n)) throw bad('a number');
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max))
        throw bad(`between ${spec.min ?? '-'} and ${spec.max ?? '-'}`);
      return n;
    }
  }
}

/** Parses --set x_name=value (a number, yes/no, or text). Throws UsageError. */
function parseTeamSignal(text: string): [string, SignalValue] {
  const m = /^(x_[a-z0-9_]{1,60})=(.*)$/.exec(text.trim());
  if (!m)
    throw new UsageError(`--set must be written x_<name>=<value>, e.g. --set x_sponsor_meetings=2 (found "${text}")`, {
      code: 'bad-value',
    });
  const v = m[2].trim();
  const measured = measure(v);
  return [
    m[1],
    typeof measured === 'number' ? measured : /^(yes|true)$/i.test(v) ? true : /^(no|false)$/i.test(v) ? false : v,
  ];
}

/**
 * The text given to a per-signal flag (--active-users 85), read by its SIGNALS entry: commander
 * adds those flags at run time (register.ts), so they are not in SignalCli's type.
 */
function signalFlagText(options: OptionsOf<SignalCli>, spec: SignalSpec): string | undefined {
  const given: unknown = Reflect.get(
    options,
    spec.flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()),
  );
  return typeof given === 'string' ? given : undefined;
}

/** CLI entry: normalise options, run, report. */
export async function main(
  [account]: ArgsOf<SignalCli>,
  options: OptionsOf<SignalCli>,
  ctx: AppContext,
): Promise<void> {
  const values: Record<string, SignalValue> = {};
  for (const spec of SIGNALS) {
    const text = signalFlagText(options, spec);
    if (text !== undefined) values[spec.name] = parseSignalFlag(spec, text);
  }
  for (const item of options.set ?? []) {
    const [k, v] = parseTeamSignal(item);
    values[k] = v;
  }
  if (Object.keys(values).length === 0) {
    throw new UsageError('no signal given', {
      code: 'missing-flag',
      hint: `csp signal ${account} --active-users 85 --licensed-users 100 --nps 8   (csp signal --help lists every signal)`,
    });
  }
  const { date, periodDays, note, model } = options;
  const dryRun = options.dryRun ?? false;
  const result = await runSignal(
    {
      account,
      record: {
        values,
        source: MANUAL_SOURCE,
        ...(date !== undefined ? { date } : {}),
        ...(periodDays !== undefined ? { periodDays } : {}),
        ...(note !== undefined ? { note } : {}),
      },
      create: options.create ?? false,
      ...(model !== undefined ? { model } : {}),
      dryRun,
    },
    ctx,
  );
  const out = ctx.out;
  if (ctx.flags.json) {
    out.data({ ok: true, dryRun, ...result });
    return;
  }
  const n = Object.keys(result.record.values).length;
  out.result(
    `${result.account}: ${options.dryRun ? 'would record' : result.changed ? 'recorded' : 'already had'} ${n} signal${n === 1 ? '' : 's'} on ${result.record.date} in ${result.file}${result.created ? ' (new file)' : ''}`,
  );
  out.info(healthHeadline(result.health, out.style));
  for (const line of healthDetail(result.health, out.style, { inputs: false })) out.info(line);
}
