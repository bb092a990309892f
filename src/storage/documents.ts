/**
 * Reading, creating and editing InfoHub documents: the one path every write takes.
 *
 * Read: the file must be inside the InfoHub, UTF-8, under the size cap, and parse.
 * Edit: the edits are applied to the data and the result is checked first; an edit that would
 * add an error is refused (nothing is written) unless the caller allows it; then the YAML text is
 * edited in place (comments and layout kept, yaml/edit.ts) and written atomically. CSPs get
 * meta.updated set to today on every change.
 * Writes to an account's files need the account's lock (lock.ts) and refuse to overwrite a file
 * that changed since it was read. prepareUpdate / prepareCreate decide without writing, for
 * commands that write several files as one transaction (journal.ts).
 */
import { CheckFailedError, PlanInvalidError, InternalError } from '../errors.js';
import { issueKey, newErrors, type Issue } from '../domain/issue.js';
import { isProposalBlock } from '../domain/gates.js';
import { applyEditsToData, set, type DocPath, type Edit } from '../domain/edit.js';
import type { DocKind } from '../schema/documents.js';
import { loadSchema } from '../schema/schemas.js';
import { keyOrderAt } from '../schema/walk.js';
import { parseYamlFast, DEFAULT_LIMITS } from '../yaml/read.js';
import { editYamlText, renderNewYaml, YamlEditError, YamlEditRefused } from '../yaml/edit.js';
import { checkData, type CheckOptions } from '../validation/check.js';
import { describeParseIssues, placeIssues } from '../validation/file.js';
import { structuralIssues } from '../validation/structure.js';
import { assertInside, modelineFor } from './infohub.js';
import { readTextFile } from './files.js';
import { writeChecked } from './journal.js';

/** A document read for editing: where it is, its exact text and its data. */
export interface LoadedDocument<T> {
  path: string;
  /** How the file is named in messages (relative to the InfoHub or the repository). */
  display: string;
  kind: DocKind;
  text: string;
  data: T;
}

/** Where documents live and how to check them. */
export interface StoreOptions {
  root: string;
  maxBytes: number;
  check: CheckOptions;
  /** Turns an absolute path into the name shown in messages. */
  display: (path: string) => string;
}

/**
 * Reads a document for editing. Throws PreconditionError when it is missing or outside the
 * InfoHub, CheckFailedError when it is too large or not UTF-8, PlanInvalidError (with positions)
 * when it does not parse or its structure is broken (validation/structure.ts).
 */
export async function readDocument<T>(path: string, kind: DocKind, store: StoreOptions): Promise<LoadedDocument<T>> {
  assertInside(store.root, path);
  const text = readTextFile(path, store.maxBytes);
  const display = store.display(path);
  const parsed = parseYamlFast(text, { ...DEFAULT_LIMITS, maxBytes: store.maxBytes });
  if (parsed.issues.length > 0) {
    throw new PlanInvalidError(
      `${display} cannot be read: fix it first`,
      await describeParseIssues(display, text, parsed.issues),
      { code: 'unreadable' },
    );
  }
  const broken = await structuralIssues(kind, parsed.data);
  if (broken.length > 0) {
    throw new PlanInvalidError(
      `${display} cannot be changed until its structure is fixed`,
      await placeIssues(display, text, broken),
      { code: 'unreadable' },
    );
  }
  return { path, display, kind, text, data: parsed.data as T };
}

/** What an update did. */
export interface UpdateResult<T> {
  text: string;
  data: T;
  /** Every issue of the updated document (warnings and gaps included). */
  issues: Issue[];
  /** False when the edits changed nothing (the file was not written). */
  changed: boolean;
}

/** How strict an update is. */
export interface UpdateOptions {
  /** Refuse the update when the result has any error at all (phase transitions), not only new ones. */
  requireValid?: boolean;
  /** Decide and check, but do not write. */
  dryRun?: boolean;
  /** Today's date, for meta.updated of a CSP. */
  today?: string;
}

/**
 * Applies edits to a loaded document: checks the result, edits the YAML text keeping comments
 * and layout, writes it atomically. Throws PlanInvalidError when the result would have a new
 * error (or any error, with requireValid); nothing is written then. Writing an account's file
 * needs the account's lock; a file changed since it was read is not overwritten
 * (PreconditionError).
 */
export async function updateDocument<T>(
  doc: LoadedDocument<T>,
  edits: readonly Edit[],
  store: StoreOptions,
  options: UpdateOptions = {},
): Promise<UpdateResult<T>> {
  const result = await prepareUpdate(doc, edits, store, options);
  if (result.changed && !options.dryRun)
    writeChecked(store.root, { path: doc.path, before: doc.text, after: result.text });
  return result;
}

/** Decides an update without writing it: the new text, data and issues (updateDocument's checks and errors). */
export async function prepareUpdate<T>(
  doc: LoadedDocument<T>,
  edits: readonly Edit[],
  store: StoreOptions,
  options: UpdateOptions = {},
): Promise<UpdateResult<T>> {
  const all = [...edits];
  if (
    doc.kind === 'csp' &&
    options.today &&
    edits.length > 0 &&
    !edits.some((e) => e.path.join('.') === 'meta.updated')
  ) {
    all.push(set(['meta', 'updated'], options.today));
  }
  const after = applyEditsToData(doc.data, all);
  const [before, found] = await Promise.all([
    checkData(doc.kind, doc.data, store.check),
    checkData(doc.kind, after, store.check),
  ]);
  // NOTE: a proposal blocked by an incomplete plan fails validation, but the edits and steps that
  // fill the plan in must go through (domain/gates.ts isProposalBlock).
  const blocking = (
    options.requireValid ? found.filter((i) => i.severity === 'error') : newErrors(before, found)
  ).filter((i) => !isProposalBlock(i.code));

  let text: string;
  try {
    text = editYamlText(doc.text, all, {
      keyOrder: keyOrderFor(doc.kind),
      modeline: modelineFor(store.root, doc.path, doc.kind),
    });
  } catch (error) {
    if (error instanceof YamlEditRefused)
      throw new CheckFailedError(`${doc.display} was not changed: ${error.message}`, {
        code: 'not-editable',
        file: doc.display,
        cause: error,
      });
    if (error instanceof YamlEditError)
      throw new InternalError(`could not edit ${doc.display} safely: ${error.message}`, { cause: error });
    throw error;
  }
  const issues = await placeIssues(doc.display, text, found);
  if (blocking.length > 0) {
    const blockingKeys = new Set(blocking.map(issueKey));
    throw new PlanInvalidError(
      `${doc.display} was not changed: the change would leave ${blocking.length} error${blocking.length > 1 ? 's' : ''}`,
      issues.filter((i) => blockingKeys.has(issueKey(i))),
      { code: 'change-refused' },
    );
  }
  return { text, data: after, issues, changed: text !== doc.text };
}

/**
 * Creates a new document from data (keys in the order given), with the modeline. Throws
 * PreconditionError when the file exists (csp never overwrites), PlanInvalidError when the data
 * has errors. Creating an account's file needs the account's lock.
 */
export async function createDocument<T>(
  path: string,
  kind: DocKind,
  data: T,
  store: StoreOptions,
  options: { dryRun?: boolean; header?: string } = {},
): Promise<{ text: string; issues: Issue[] }> {
  const created = await prepareCreate(path, kind, data, store, options);
  if (!options.dryRun) writeChecked(store.root, { path, before: null, after: created.text });
  return created;
}

/** Renders and checks a new document without writing it (createDocument's checks and errors, but not whether the file exists). */
export async function prepareCreate<T>(
  path: string,
  kind: DocKind,
  data: T,
  store: StoreOptions,
  options: { header?: string } = {},
): Promise<{ text: string; issues: Issue[] }> {
  assertInside(store.root, path);
  const text = renderNewYaml(data, { modeline: modelineFor(store.root, path, kind), header: options.header });
  const display = store.display(path);
  const raw = await checkData(kind, data, store.check);
  const issues = await placeIssues(display, text, raw);
  // NOTE: a plan created at Stage 4 records the CRM faithfully; that its proposal is blocked is
  // what validate and status then say (domain/gates.ts isProposalBlock).
  const errors = issues.filter((i) => i.severity === 'error' && !isProposalBlock(i.code));
  if (errors.length > 0)
    throw new PlanInvalidError(
      `${display} was not created: it would have ${errors.length} error${errors.length > 1 ? 's' : ''}`,
      errors,
      { code: 'create-refused' },
    );
  return { text, issues };
}

/** The schema's key order for a document kind (new keys are written in this order). */
export function keyOrderFor(kind: DocKind): (path: DocPath) => readonly string[] | undefined {
  const schema = loadSchema(kind);
  return (path) => keyOrderAt(schema, path);
}
