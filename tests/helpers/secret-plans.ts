/**
 * Plans with secrets in every internal field, for the property tests of the customer export.
 * Where the secrets go is read from the schema (every property annotated x-visibility: internal,
 * at any depth, plus team x- keys), so a field newly annotated in the schema gets secrets too.
 * Each string planted holds a unique token (letters and digits only, so escaping cannot hide it)
 * between random characters; a test then looks for the tokens in the export.
 */
import fc from 'fast-check';
import type { Plan } from '../../src/domain/plan.js';
import type { JsonSchema } from '../../src/schema/schemas.js';
import { deref } from '../../src/schema/walk.js';

/** The imperative generator fast-check's fc.gen() hands to a property. */
export type Gen = fc.GeneratorValue;

/** A plan with secrets planted, and the tokens that must never reach a customer export. */
export interface SecretPlan {
  plan: Plan;
  tokens: string[];
}

const TOKEN = fc.stringMatching(/^[a-z0-9]{10}$/).map((s) => `qz${s}x`);
const NOISE = fc.string({ maxLength: 6, unit: fc.constantFrom(...' <>&"\'|*_#[]()`\n:;%-'.split('')) });

/**
 * Copies `base`, adds 0-3 more stakeholders and risks (so arrays vary), then fills every
 * internal property the schema describes, and adds x- keys where the schema allows them.
 */
export function plantSecrets(base: Plan, schema: JsonSchema, g: Gen): SecretPlan {
  const plan = structuredClone(base) as unknown as Record<string, any>;
  const tokens: string[] = [];
  for (const [list, prefix] of [
    ['stakeholders', 'sh'],
    ['risks', 'rk'],
  ] as const) {
    const items = plan[list] as any[] | undefined;
    if (!items?.length) continue;
    const extra = g(fc.integer, { min: 0, max: 3 });
    for (let i = 0; i < extra; i++)
      items.push({ ...structuredClone(items[i % items.length]), id: `${prefix}-${100 + i}` });
  }
  plant(plan, deref(schema, schema)!, schema, g, tokens, 0);
  return { plan: plan as unknown as Plan, tokens };
}

function plant(node: unknown, s: JsonSchema, root: JsonSchema, g: Gen, tokens: string[], depth: number): void {
  if (depth > 10 || !node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    const items =
      s.items && typeof s.items === 'object' && !Array.isArray(s.items)
        ? deref(root, s.items as JsonSchema)!
        : undefined;
    if (items) node.forEach((item) => plant(item, items, root, g, tokens, depth + 1));
    return;
  }
  const obj = node as Record<string, unknown>;
  const props = (s.properties as Record<string, JsonSchema> | undefined) ?? {};
  for (const [key, sub] of Object.entries(props)) {
    const child = deref(root, sub)!;
    if (child['x-visibility'] === 'internal') obj[key] = value(child, root, g, tokens, depth + 1);
    else if (obj[key] !== undefined) plant(obj[key], child, root, g, tokens, depth + 1);
  }
  const teamKeys = s.patternProperties && Object.keys(s.patternProperties as object).includes('^x-');
  if (teamKeys && g(fc.boolean)) {
    const key = `x-${g(() => TOKEN)}`;
    tokens.push(key.slice(2));
    obj[key] = g(fc.boolean) ? secretText(g, tokens) : { note: secretText(g, tokens), n: g(fc.integer) };
  }
}

/** A value that satisfies schema `s` (the subset of draft-07 the CSP schema uses), strings holding tokens. */
function value(s: JsonSchema, root: JsonSchema, g: Gen, tokens: string[], depth: number): unknown {
  if (Array.isArray(s.enum)) return g(fc.constantFrom, ...(s.enum as unknown[]));
  const types = Array.isArray(s.type) ? (s.type as string[]) : s.type ? [s.type as string] : ['string'];
  const type = types.length > 1 ? g(fc.constantFrom, ...types) : types[0];
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return g(fc.boolean);
    case 'integer':
    case 'number':
      return g(fc.integer, {
        min: typeof s.minimum === 'number' ? s.minimum : 0,
        max: typeof s.maximum === 'number' ? s.maximum : 1000,
      });
    case 'array': {
      const items = deref(root, (s.items as JsonSchema) ?? {})!;
      return Array.from({ length: g(fc.integer, { min: 0, max: 3 }) }, () => value(items, root, g, tokens, depth + 1));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set((s.required as string[] | undefined) ?? []);
      for (const [key, sub] of Object.entries((s.properties as Record<string, JsonSchema>) ?? {})) {
        if (required.has(key) || g(fc.boolean)) out[key] = value(deref(root, sub)!, root, g, tokens, depth + 1);
      }
      return out;
    }
    default:
      if (s.format === 'date') return g(fc.constantFrom, '2026-01-15', '2027-03-31', '2026-12-24');
      return secretText(g, tokens);
  }
}

function secretText(g: Gen, tokens: string[]): string {
  const token = g(() => TOKEN);
  tokens.push(token);
  return `${g(() => NOISE)}${token}${g(() => NOISE)}`.trim() || token;
}

/** The tokens found in a text (case-insensitive; whitespace inside a token, as PDF line breaks make, ignored when `squash`). */
export function leakedTokens(text: string, tokens: readonly string[], squash = false): string[] {
  const hay = (squash ? text.replace(/\s+/g, '') : text).toLowerCase();
  return tokens.filter((t) => hay.includes(t.toLowerCase()));
}
