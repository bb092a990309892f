/**
 * Team configuration, loaded once per command: built-in defaults, then `.csp.yaml` at the
 * InfoHub root (validated against schemas/config.schema.json, its problems reported like plan
 * problems), then CSP_* environment variables, then the flags the user gave (applied by each
 * command). The result is frozen.
 */
import { join, resolve } from 'node:path';
import type { CspConfigFile } from '../domain/types.gen.js';
import { PlanInvalidError, UsageError } from '../errors.js';
import { exists, readTextFile } from '../storage/files.js';
import { validateText } from '../validation/file.js';

/** The effective configuration. Money in US dollars, sizes in bytes, times in milliseconds. */
export interface Config {
  defaultPlanType: 'onboarding' | 'expansion' | 'renewal' | 'recovery';
  /** A CSP is required from this ARR (SPEC: $100K). */
  minArrUsd: number;
  requireManagerApproval: boolean;
  /** The CSM managers who may approve plans (csp approve); empty: anyone but the plan's owners. */
  managers?: readonly string[];
  /** Team playbooks folder (absolute) that overrides the shipped playbooks, if any. */
  playbooksDir?: string;
  /** CRM stage mapping file (absolute), if the team has its own. */
  stageMapping?: string;
  /** Customer health model file (absolute), if the team has its own. */
  healthModel?: string;
  /** Who escalations go to (csp remind); default: the plan owner's manager. */
  escalateTo?: string;
  /** Largest YAML file csp reads. */
  maxFileBytes: number;
  /** The Chrome or Chromium binary csp export --format pdf prints with (absolute); found on the system when unset. */
  chromiumPath?: string;
  /** How long a command waits for another csp process to release an account's lock before it gives up (exit 3). */
  lockTimeoutMs: number;
  /** When a lock whose holder stopped refreshing it counts as abandoned (a holder refreshes it every half of this). */
  lockStaleMs: number;
  ai: { model: string; maxTokens: number; timeoutMs: number; maxRetries: number };
  /** Commercial fields customer exports show (.csp.yaml customer_export.show: dotted paths the csp schema marks x-commercial); none by default. */
  customerExportShow: readonly string[];
  /** The .csp.yaml file that was read, if any. */
  file?: string;
}

/** Built-in defaults (SPEC: $100K trigger). */
export const DEFAULTS: Config = Object.freeze({
  defaultPlanType: 'onboarding',
  minArrUsd: 100_000,
  requireManagerApproval: false,
  maxFileBytes: 5 * 1024 * 1024,
  lockTimeoutMs: 10_000,
  lockStaleMs: 10_000,
  customerExportShow: Object.freeze([]) as readonly string[],
  ai: Object.freeze({ model: 'claude-sonnet-5', maxTokens: 8192, timeoutMs: 60_000, maxRetries: 2 }),
}) as Config;

/**
 * Loads the configuration for an InfoHub root. Throws PlanInvalidError when .csp.yaml is invalid
 * (with file:line:col), UsageError when a CSP_* variable has a bad value.
 */
export async function loadConfig(root: string | undefined, env: Record<string, string | undefined>): Promise<Config> {
  let config: Config = { ...DEFAULTS, ai: { ...DEFAULTS.ai } };
  const file = root ? join(root, '.csp.yaml') : undefined;
  if (file && exists(file)) {
    const text = readTextFile(file, DEFAULTS.maxFileBytes);
    const { data, issues } = await validateText(file, text, 'config');
    const errors = issues.filter((i) => i.severity === 'error');
    if (errors.length > 0)
      throw new PlanInvalidError(`${file} is not a valid csp configuration`, errors, { code: 'config-invalid' });
    config = merge(config, (data ?? {}) as CspConfigFile, root!);
    config.file = file;
  }
  return Object.freeze(fromEnv(config, env));
}

function merge(base: Config, file: CspConfigFile, root: string): Config {
  return {
    ...base,
    ...(file.default_plan_type ? { defaultPlanType: file.default_plan_type } : {}),
    ...(file.min_arr_usd !== undefined ? { minArrUsd: file.min_arr_usd } : {}),
    ...(file.require_manager_approval !== undefined ? { requireManagerApproval: file.require_manager_approval } : {}),
    ...(file.managers?.length ? { managers: Object.freeze(file.managers.map((m) => m.trim())) } : {}),
    ...(file.playbooks_dir ? { playbooksDir: join(root, file.playbooks_dir) } : {}),
    ...(file.stage_mapping ? { stageMapping: join(root, file.stage_mapping) } : {}),
    ...(file.health_model ? { healthModel: join(root, file.health_model) } : {}),
    ...(file.escalate_to ? { escalateTo: file.escalate_to } : {}),
    ...(file.max_file_bytes ? { maxFileBytes: file.max_file_bytes } : {}),
    ...(file.chromium_path ? { chromiumPath: resolve(root, file.chromium_path) } : {}),
    ...(file.lock_timeout_ms !== undefined ? { lockTimeoutMs: file.lock_timeout_ms } : {}),
    ...(file.lock_stale_ms !== undefined ? { lockStaleMs: file.lock_stale_ms } : {}),
    ...(file.customer_export?.show ? { customerExportShow: Object.freeze([...file.customer_export.show]) } : {}),
    ai: {
      model: file.ai?.model ?? base.ai.model,
      maxTokens: file.ai?.max_tokens ?? base.ai.maxTokens,
      timeoutMs: file.ai?.timeout_ms ?? base.ai.timeoutMs,
      maxRetries: file.ai?.max_retries ?? base.ai.maxRetries,
    },
  };
}

function fromEnv(config: Config, env: Record<string, string | undefined>): Config {
  const num = (name: string): number | undefined => {
    const v = env[name];
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new UsageError(`${name} must be a non-negative number (found "${v}")`);
    return n;
  };
  const bool = (name: string): boolean | undefined => {
    const v = env[name];
    if (v === undefined || v === '') return undefined;
    if (/^(1|true|yes)$/i.test(v)) return true;
    if (/^(0|false|no)$/i.test(v)) return false;
    throw new UsageError(`${name} must be true or false (found "${v}")`);
  };
  return {
    ...config,
    minArrUsd: num('CSP_MIN_ARR') ?? config.minArrUsd,
    requireManagerApproval: bool('CSP_REQUIRE_MANAGER_APPROVAL') ?? config.requireManagerApproval,
    chromiumPath: env.CSP_CHROMIUM || config.chromiumPath,
    lockTimeoutMs: num('CSP_LOCK_TIMEOUT_MS') ?? config.lockTimeoutMs,
    // NOTE: proper-lockfile treats anything under 2 s as 2 s.
    lockStaleMs: Math.max(2000, num('CSP_LOCK_STALE_MS') ?? config.lockStaleMs),
    ai: {
      ...config.ai,
      model: env.CSP_AI_MODEL || config.ai.model,
      maxTokens: num('CSP_AI_MAX_TOKENS') ?? config.ai.maxTokens,
      timeoutMs: num('CSP_AI_TIMEOUT_MS') ?? config.ai.timeoutMs,
      maxRetries: num('CSP_AI_MAX_RETRIES') ?? config.ai.maxRetries,
    },
  };
}
