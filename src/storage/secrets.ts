/**
 * The one secret check of csp (issue 8, issue 19): what counts as a secret, and the gate every
 * output passes. The Anthropic API key (and any other *_API_KEY / *_ACCESS_KEY / *_TOKEN /
 * *_CREDENTIALS variable, or one naming a secret or password) and anything shaped like an
 * Anthropic key (`sk-ant-...`) is a secret.
 * - Documents (every file csp writes, text or binary, and plan content printed to stdout by
 *   export) are refused when they hold one: `assertNoSecrets` (text) and `assertNoSecretsIn`
 *   (the data a document is rendered from, so that escaping, line folding or a compressed PDF
 *   cannot hide a key from the check).
 * - Messages (output, errors, logs) are masked instead: `redactSecrets`.
 * Pure apart from the registered values (set once per process by the CLI context).
 */
import { UsageError } from '../errors.js';

/** An Anthropic key, pasted anywhere (a flag, a file, a plan value). */
const KEY_SHAPE = /sk-ant-[A-Za-z0-9_-]{8,}/;
const KEY_SHAPE_ALL = new RegExp(KEY_SHAPE.source, 'g');

/** The values of the secret environment variables (8 characters or more). */
export function secretValues(env: Record<string, string | undefined>): string[] {
  return Object.entries(env)
    .filter(
      ([name, value]) =>
        !!value && value.length >= 8 && /(API_?KEY|ACCESS_KEY|TOKEN|CREDENTIALS?)$|SECRET|PASSWORD|PASSWD/i.test(name),
    )
    .map(([, value]) => value!);
}

/** Replaces the values of secret environment variables in text with "***", and key-shaped strings with "sk-ant-***". */
export function redactSecrets(text: string, env: Record<string, string | undefined>): string {
  let out = text;
  for (const value of secretValues(env)) out = out.split(value).join('***');
  // Keys that are not in the environment (a key pasted into a flag or a file) still look like keys.
  return out.replace(KEY_SHAPE_ALL, 'sk-ant-***');
}

/** Secret values no output may contain (set once per process by the CLI context). */
let registered: readonly string[] = [];

/** Registers the secret values (e.g. ANTHROPIC_API_KEY) that no document csp writes may hold. */
export function guardSecrets(values: readonly string[]): void {
  registered = values.filter((v) => v.length >= 8);
}

/** True when text holds a registered secret value or an Anthropic-key-shaped string. */
export function holdsSecret(text: string): boolean {
  return KEY_SHAPE.test(text) || registered.some((v) => text.includes(v));
}

/** How a refused document is named and what to do about it. */
export interface SecretRefusal {
  /** The fix shown to the user; default: remove the key from the value passed. */
  hint?: string;
}

const DEFAULT_HINT =
  'csp never writes a secret to a file: remove the key from the value you passed (keep it in ANTHROPIC_API_KEY only)';

/**
 * Throws UsageError (exit 2, code secret-in-text) when text holds a secret; `where` names the
 * document (a file, or "the export of acme (stdout)"). The secret itself is never echoed.
 */
export function assertNoSecrets(where: string, text: string | Uint8Array, refusal: SecretRefusal = {}): void {
  // NOTE: bytes (a PDF) are read as Latin-1, so an uncompressed key is seen; compressed streams hide
  // it, which is why a binary document is also checked through the data it is rendered from.
  const asText =
    typeof text === 'string' ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('latin1');
  if (!holdsSecret(asText)) return;
  throw new UsageError(`${where} was not written: the text holds an API key`, {
    code: 'secret-in-text',
    hint: refusal.hint ?? DEFAULT_HINT,
  });
}

/**
 * The JSON pointer of the first string (a value or a key) in value that holds a secret, or null.
 * Walks arrays and plain objects; other values are not text.
 */
export function findSecret(value: unknown, pointer = ''): string | null {
  if (typeof value === 'string') return holdsSecret(value) ? pointer || '/' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findSecret(value[i], `${pointer}/${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (holdsSecret(key)) return at;
      const found = findSecret(v, at);
      if (found !== null) return found;
    }
  }
  return null;
}

/**
 * Throws UsageError (exit 2, code secret-in-text) when any string in the data a document is
 * rendered from holds a secret, naming where (`at /customer_context/background`) but not the value.
 */
export function assertNoSecretsIn(where: string, value: unknown, refusal: SecretRefusal = {}): void {
  const at = findSecret(value);
  if (at === null) return;
  throw new UsageError(`${where} was not written: the value at ${at} holds an API key`, {
    code: 'secret-in-text',
    hint: refusal.hint ?? DEFAULT_HINT,
  });
}
