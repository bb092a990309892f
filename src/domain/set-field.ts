/**
 * `csp set <account> <field path> <value>`: one scalar field that the schema allows, with the
 * value converted to the type the schema gives it (number, boolean, date, enum, null). Paths are
 * dotted (`customer_context.industry`), may use item ids in place of indexes
 * (`risks.rk-2.mitigation`), or are JSON pointers (`/risks/1/mitigation`). Fields that the
 * lifecycle commands own (phase, status, sign-off, approval, handoff acceptance, ids) are refused
 * with the command to use instead. Pure: plan, schema and text in, an edit out.
 */
import { set, UNSAFE_KEYS, type DocPath, type Edit } from './edit.js';
import { fromPointer } from './issue.js';
import { isIsoDate } from './dates.js';
import type { Plan } from './plan.js';

/** A field path or value that cannot be set (usage error, exit 2). */
export class SetFieldError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A schema node, loosely typed (what schema/walk.ts schemaAt returns). */
type SchemaNode = { [key: string]: unknown } | undefined;

const MANAGED: Array<[RegExp, string]> = [
  [/^meta\.phase$/, 'the lifecycle commands move the phase: csp develop <account> (then finalize, then handoff)'],
  [
    /^meta\.status$/,
    'the status follows the lifecycle: csp review <account> --customer "<name>" --signed-off, csp approve <account> --by "<manager>"',
  ],
  [/^meta\.customer_sign_off(\.|$)/, 'csp review <account> --customer "<name>" --signed-off records it'],
  [/^meta\.manager_approval(\.|$)/, 'csp approve <account> --by "<manager>" records it'],
  [/^meta\.(account|created|updated)$/, 'csp keeps it'],
  [/^schema_version$/, 'csp keeps it'],
  [
    /^handoff\.(accepted|accepted_by|accepted_date|accepted_open|owners_moved)$/,
    'csp handoff <account> --accept --by "<CA>" records it',
  ],
  [/^meta\.approvals(\.|$)/, 'csp approve <account> --by "<manager>" records it'],
  [/(^|\.)id$/, 'ids are stable: csp add assigns them'],
];

/**
 * Splits a dotted path or JSON pointer and replaces item ids (rk-2, sh-1) by their index. A path
 * may also start with an item's unique id (ms-2.status), which stands for that item's full path.
 */
export function resolveFieldPath(plan: Plan, text: string): DocPath {
  const raw: Array<string | number> = text.startsWith('/')
    ? fromPointer(text)
    : text.split('.').map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
  if (raw.length === 0 || raw.some((s) => s === ''))
    throw new SetFieldError(
      `"${text}" is not a field path`,
      'write it like customer_context.industry or risks.rk-1.mitigation',
    );
  if (raw.some((s) => typeof s === 'string' && UNSAFE_KEYS.has(s)))
    throw new SetFieldError(
      `${text} is not a field of the plan`,
      'csp validate --format json, or the schema in schemas/csp.schema.json, lists the fields',
    );
  const path: Array<string | number> = [];
  let node: unknown = plan;
  // An item's unique id may start the path (ms-2.status, rk-1.mitigation): the hints csp prints use it.
  if (typeof raw[0] === 'string' && ITEM_ID.test(raw[0]) && !Object.hasOwn(plan, raw[0])) {
    const found = itemPaths(plan, raw[0]);
    if (found.length === 0)
      throw new SetFieldError(
        `no item with id ${raw[0]} in the plan`,
        `ids in the plan: ${allIds(plan).slice(0, 20).join(', ') || 'none'}`,
      );
    if (found.length > 1)
      throw new SetFieldError(
        `the id ${raw[0]} is used by ${found.length} items`,
        `give the whole path, e.g. ${found[0].join('.')}.${raw.slice(1).join('.')}`,
      );
    path.push(...found[0]);
    node = found[0].reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], plan);
    raw.shift();
  }
  for (const seg of raw) {
    let key: string | number = seg;
    if (Array.isArray(node) && typeof seg === 'string') {
      const i = node.findIndex((item) => item && typeof item === 'object' && (item as { id?: unknown }).id === seg);
      if (i === -1)
        throw new SetFieldError(
          `no item with id ${seg} at ${path.join('.') || 'the top level'}`,
          `ids there: ${
            node
              .map((x) => (x as { id?: string })?.id)
              .filter(Boolean)
              .join(', ') || 'none'
          }`,
        );
      key = i;
    }
    path.push(key);
    node =
      node && typeof node === 'object' && Object.hasOwn(node, key)
        ? (node as Record<string | number, unknown>)[key]
        : undefined;
  }
  return path;
}

/** What an item id looks like: ms-2, rk-1, obj-3, vm-1, sh-4. */
const ITEM_ID = /^[a-z]+-[0-9]+$/;

/** The paths of every list item with this id, anywhere in the plan. */
function itemPaths(plan: Plan, id: string): DocPath[] {
  const out: DocPath[] = [];
  const walk = (node: unknown, at: DocPath): void => {
    if (Array.isArray(node))
      node.forEach((item, i) => {
        if (item && typeof item === 'object' && (item as { id?: unknown }).id === id) out.push([...at, i]);
        walk(item, [...at, i]);
      });
    else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) if (v && typeof v === 'object') walk(v, [...at, k]);
  };
  walk(plan, []);
  return out;
}

function allIds(plan: Plan): string[] {
  const ids: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const id = (node as { id?: unknown }).id;
      if (typeof id === 'string' && ITEM_ID.test(id)) ids.push(id);
      Object.values(node).forEach(walk);
    }
  };
  walk(plan);
  return ids;
}

/**
 * Builds the edit that sets a field. `schema` is the subschema of the field (schemaAt). Throws
 * SetFieldError for a field csp manages, a field the schema does not know, a field that is not a
 * scalar, or a value of the wrong type.
 */
export function planSetField(
  plan: Plan,
  pathText: string,
  value: string,
  schema: SchemaNode,
): { path: DocPath; value: unknown; edit: Edit } {
  const path = resolveFieldPath(plan, pathText);
  const dotted = path.map((s) => (typeof s === 'number' ? '#' : s)).join('.');
  for (const [re, why] of MANAGED)
    if (re.test(dotted))
      throw new SetFieldError(`${pathText} cannot be set directly`, why.replaceAll('<account>', plan.meta.account));
  if (!schema)
    throw new SetFieldError(
      `${pathText} is not a field of the plan`,
      'csp validate --format json, or the schema in schemas/csp.schema.json, lists the fields',
    );
  const converted = convert(value, schema, pathText);
  return { path, value: converted, edit: set(path, converted) };
}

function types(schema: NonNullable<SchemaNode>): string[] {
  const t = schema.type;
  if (Array.isArray(t)) return t as string[];
  if (typeof t === 'string') return [t];
  if (Array.isArray(schema.enum))
    return [...new Set((schema.enum as unknown[]).map((v) => (v === null ? 'null' : typeof v)))];
  return [];
}

function convert(text: string, schema: NonNullable<SchemaNode>, field: string): unknown {
  const allowed = types(schema);
  if (allowed.some((t) => t === 'object' || t === 'array')) {
    // A section's own fields are named, so the fix is one copy and paste away.
    const fields = allowed.includes('array')
      ? []
      : Object.keys((schema.properties as Record<string, unknown> | undefined) ?? {});
    const instead =
      fields.length > 0
        ? `: ${fields
            .slice(0, 6)
            .map((f) => `${field}.${f}`)
            .join(', ')}${fields.length > 6 ? ', ...' : ''}`
        : ' (e.g. technical_evaluation.timeline.start)';
    throw new SetFieldError(
      `${field} is a ${allowed.includes('array') ? 'list' : 'section'}, not a single value`,
      `csp add adds items to lists; set one of its fields instead${instead}`,
    );
  }
  if (allowed.includes('null') && text === 'null') return null;
  if (Array.isArray(schema.enum)) {
    const match = (schema.enum as unknown[]).find((v) => String(v) === text);
    if (match === undefined)
      throw new SetFieldError(
        `${field} must be one of: ${(schema.enum as unknown[]).filter((v) => v !== null).join(', ')} (found "${text}")`,
      );
    return match;
  }
  if (allowed.includes('integer') || allowed.includes('number')) {
    // Decimal numbers only (thousands separators allowed): "0x10" or "1e3" are not what a person means.
    const plain = /^-?(?:[0-9]{1,3}(?:[,_][0-9]{3})+|[0-9]+)(?:\.[0-9]+)?$/.test(text.trim());
    const n = Number(text.trim().replace(/[,_]/g, ''));
    if (
      plain &&
      Number.isFinite(n) &&
      (!allowed.includes('integer') || allowed.includes('number') || Number.isInteger(n))
    )
      return n;
    if (!allowed.includes('string'))
      throw new SetFieldError(
        `${field} must be a ${allowed.includes('integer') && !allowed.includes('number') ? 'whole number' : 'number'} (found "${text}")`,
      );
  }
  if (allowed.includes('boolean')) {
    if (/^(true|yes)$/i.test(text)) return true;
    if (/^(false|no)$/i.test(text)) return false;
    if (!allowed.includes('string')) throw new SetFieldError(`${field} must be true or false (found "${text}")`);
  }
  if (schema.format === 'date' && !isIsoDate(text))
    throw new SetFieldError(`${field} must be a real date written YYYY-MM-DD (found "${text}")`);
  return text;
}
