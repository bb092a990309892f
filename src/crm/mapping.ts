/**
 * CRM mappings: the YAML files (playbooks/crm/<source>.yaml) that say how one CRM's export becomes
 * the normalised model. The shape is schemas/crm_mapping.schema.json; these types mirror it.
 */
import { readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { LineCounter, isMap, isNode, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { fromPointer, toPointer } from '../domain/issue.js';
import type { OpportunityStage } from '../domain/stage.js';
import { createAjv } from '../schema/ajv-setup.js';
import { CrmReadError } from './read-error.js';
import { MAPPING_SCHEMA_FILE } from './shipped-files.js';

/** Where a value comes from: a column name (shorthand for {column}) or a rule. */
export type CrmFieldSpec = string | CrmFieldRule;

/**
 * A field rule, one of:
 * - column: a CSV column, or a dotted field path in sf-tree records (matched ignoring case);
 * - template: text with {column} placeholders and {#}, the record's 1-based position in its file;
 * - lookup + key + column: `column` of the lookup table's row whose key equals this row's `key` column.
 * scale multiplies a number (1000000 for USD millions); stripPrefix removes a prefix ("@");
 * fallback is tried when this rule gives no value.
 */
export interface CrmFieldRule {
  column?: string;
  template?: string;
  lookup?: string;
  key?: string;
  scale?: number;
  stripPrefix?: string;
  fallback?: CrmFieldSpec;
}

/** Normalised account fields a mapping can fill. */
export type CrmAccountField =
  | 'id'
  | 'name'
  | 'industry'
  | 'employees'
  | 'annualRevenueUsd'
  | 'region'
  | 'description'
  | 'website'
  | 'parent';
/** Normalised contact fields a mapping can fill. */
export type CrmContactField = 'id' | 'name' | 'firstName' | 'lastName' | 'title' | 'email' | 'phone';
/** Normalised opportunity fields a mapping can fill. */
export type CrmOpportunityField =
  | 'id'
  | 'name'
  | 'stage'
  | 'amountUsd'
  | 'closeDate'
  | 'engageDate'
  | 'owner'
  | 'ownerId'
  | 'ownerManager'
  | 'ownerOffice'
  | 'product'
  | 'description'
  | 'saValidated';

/** One entity's source: its file, the data-plan sObject (sf-tree), value aliases, and its fields. */
export interface CrmEntityMapping<F extends string> {
  /** File name in the export folder, matched ignoring case. */
  file: string;
  sobject?: string;
  /** column -> {exported value: value to use}, matched ignoring case. */
  aliases?: Record<string, Record<string, string>>;
  fields: { id: CrmFieldSpec; name: CrmFieldSpec } & Partial<Record<F, CrmFieldSpec>>;
}

/** An entity that belongs to an account: `account` must give the account's id. */
export interface CrmLinkedEntityMapping<F extends string> extends CrmEntityMapping<F> {
  account: CrmFieldSpec;
}

/** Opportunities also map the CRM's stage names to csp's stages. */
export interface CrmOpportunityMapping extends CrmLinkedEntityMapping<CrmOpportunityField> {
  fields: CrmLinkedEntityMapping<CrmOpportunityField>['fields'] & { stage: CrmFieldSpec };
  /** CRM stage name -> normalised stage, matched ignoring case and extra spaces. */
  stages: Record<string, OpportunityStage>;
}

/** A side table read through {lookup, key, column}: its file and the column identifying a row. */
export interface CrmLookupMapping {
  file: string;
  key: string;
}

/** A loaded, validated mapping (the YAML document) plus the path it was read from. */
export interface CrmMapping {
  version: 1;
  /** Recorded as CrmAccount.source. */
  source: string;
  description?: string;
  format: 'sf-tree' | 'csv';
  /** sf-tree: the data plan file, whose entries name each sObject's files. */
  plan?: string;
  /** Detection priority when a folder matches several mappings (default 0). */
  priority?: number;
  /** Values meaning "absent" besides "", compared ignoring case (default ["n/a"]). */
  absentValues?: string[];
  lookups?: Record<string, CrmLookupMapping>;
  accounts: CrmEntityMapping<CrmAccountField>;
  contacts?: CrmLinkedEntityMapping<CrmContactField>;
  opportunities?: CrmOpportunityMapping;
  /** Path of the mapping file (set by loadCrmMapping; not part of the YAML). */
  file: string;
}

let validator: ValidateFunction | undefined;

function mappingValidator(): ValidateFunction {
  if (!validator) {
    const schema: unknown = JSON.parse(readFileSync(MAPPING_SCHEMA_FILE, 'utf8'));
    validator = createAjv().compile(schema as object);
  }
  return validator;
}

/** One thing wrong with a mapping: a JSON pointer and a message. */
interface MappingFault {
  path: Array<string | number>;
  message: string;
}

/**
 * Parses and validates a mapping's YAML text against schemas/crm_mapping.schema.json, then checks
 * what the schema cannot (each field rule has exactly one of column/template/lookup; lookups
 * exist; `plan` only with sf-tree). Reads the schema file once.
 * @param file the mapping's path, used in messages and kept as CrmMapping.file
 * @throws CrmReadError listing every fault with its line, or the YAML syntax error
 */
export function loadCrmMapping(text: string, file: string): CrmMapping {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const hint =
    'Fix the mapping file; its shape is schemas/crm_mapping.schema.json (editors check it through the modeline).';
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const line = lineCounter.linePos(error.pos[0]).line;
    throw new CrmReadError(`CRM mapping ${file} is not valid YAML (line ${line}): ${error.message}`, {
      file,
      line,
      hint,
      cause: error,
    });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    // NOTE: yaml raises a ReferenceError past maxAliasCount (an alias bomb); report it, do not crash.
    throw new CrmReadError(`CRM mapping ${file} could not be read: ${(cause as Error).message}`, { file, hint, cause });
  }
  const validate = mappingValidator();
  const faults = validate(data) ? semanticFaults(data as CrmMapping) : schemaFaults(validate.errors ?? []);
  if (faults.length > 0) {
    const located = faults
      .map((f) => ({ ...f, line: lineOf(doc, lineCounter, f.path) }))
      .sort((a, b) => a.line - b.line);
    const list = located.map((f) => `  line ${f.line}: ${toPointer(f.path) || '(document)'} ${f.message}`).join('\n');
    throw new CrmReadError(`CRM mapping ${file} is invalid:\n${list}`, { file, line: located[0].line, hint });
  }
  return { ...(data as Omit<CrmMapping, 'file'>), file };
}

function schemaFaults(errors: ErrorObject[]): MappingFault[] {
  return errors.map((e) => {
    const path = fromPointer(e.instancePath);
    if (e.keyword === 'additionalProperties') {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      return { path: [...path, key], message: `is not a known key here` };
    }
    if (e.keyword === 'enum') {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ');
      return { path, message: `must be one of ${allowed}` };
    }
    return { path, message: e.message ?? e.keyword };
  });
}

function semanticFaults(mapping: CrmMapping): MappingFault[] {
  const faults: MappingFault[] = [];
  if (mapping.plan !== undefined && mapping.format !== 'sf-tree') {
    faults.push({ path: ['plan'], message: 'is only read with format: sf-tree' });
  }
  const lookups = Object.keys(mapping.lookups ?? {});
  const checkSpec = (spec: CrmFieldSpec, path: Array<string | number>): void => {
    if (typeof spec === 'string') return;
    // NOTE: a lookup rule's `column` names the lookup table's column, so it is not a second source.
    const kinds =
      spec.lookup !== undefined
        ? ['lookup', ...(spec.template !== undefined ? ['template'] : [])]
        : (['column', 'template'] as const).filter((k) => spec[k] !== undefined);
    if (kinds.length !== 1) {
      faults.push({
        path,
        message: `needs exactly one of column, template, lookup (has ${kinds.join(', ') || 'none'})`,
      });
    }
    if (spec.lookup !== undefined && !lookups.includes(spec.lookup)) {
      faults.push({
        path: [...path, 'lookup'],
        message: `names lookup "${spec.lookup}", which is not under lookups (${lookups.join(', ') || 'none'})`,
      });
    }
    if (spec.fallback !== undefined) checkSpec(spec.fallback, [...path, 'fallback']);
  };
  for (const entity of ['accounts', 'contacts', 'opportunities'] as const) {
    const section = mapping[entity];
    if (!section) continue;
    for (const [field, spec] of Object.entries(section.fields)) {
      if (spec !== undefined) checkSpec(spec, [entity, 'fields', field]);
    }
    if ('account' in section) checkSpec(section.account, [entity, 'account']);
  }
  return faults;
}

/** The line of the deepest existing key (or item) on the path: a map entry's key line, not its value's. */
function lineOf(doc: Document, lineCounter: LineCounter, path: Array<string | number>): number {
  for (let depth = path.length; depth > 0; depth--) {
    const parent = depth === 1 ? doc.contents : doc.getIn(path.slice(0, depth - 1), true);
    const segment = path[depth - 1];
    const node = isMap(parent)
      ? parent.items.find((pair) => (isScalar(pair.key) ? pair.key.value : pair.key) === segment)?.key
      : isSeq(parent) && typeof segment === 'number'
        ? parent.items[segment]
        : undefined;
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return 1;
}
