/**
 * Comment- and layout-preserving edits of YAML text (STYLE "YAML edits go through yaml
 * Documents"; ECOSYSTEM "yaml 2.9 round trips are not byte-identical").
 *
 * A full `yaml` re-render changes lines nobody touched: it collapses the spaces before comments,
 * refolds `>-` scalars, pads flow sequences and moves comments after keys. So each edit is first
 * tried as a splice: only the bytes of the changed node are replaced, or new lines are inserted
 * beside their siblings with the siblings' indentation and style. What a splice cannot do (rare:
 * replacing a whole collection) falls back to editing the `yaml` Document and re-rendering it,
 * after which every line that did not really change is put back as it was (a line diff).
 * Either way the result is verified before it is returned: it must parse without errors, hold
 * exactly the edited data, and keep every comment of the original.
 *
 * Pure: text in, text out.
 */
import { Document, isCollection, isMap, parseDocument, type Node } from 'yaml';
import { applyEditsToData, getAt, sameData, type DocPath, type Edit } from '../domain/edit.js';
import {
  type EditOptions,
  YamlEditError,
  YamlEditRefused,
  NO_ALIASES,
  PARSE_OPTIONS,
  isPlainObject,
  detectStyle,
} from './edit/common.js';
import { renderAll } from './edit/fallback.js';
import { quoteDates } from './edit/render.js';
import { applyEach } from './edit/splice.js';
import { verify, collectComments, subtract } from './edit/verify.js';

export { YamlEditError, YamlEditRefused, type EditOptions } from './edit/common.js';

/**
 * Applies edits to YAML text and returns the new text, keeping comments, key order, quoting and
 * layout of everything the edits do not touch. Throws YamlEditError when the text has YAML errors
 * or the result could not be verified (then nothing must be written).
 */
export function editYamlText(original: string, edits: readonly Edit[], options: EditOptions = {}): string {
  const bom = original.startsWith('\uFEFF') ? '\uFEFF' : '';
  const crlf = /\r\n/.test(original);
  // NOTE: a lone CR ends a line in YAML (old Mac files), and the reading parser (js-yaml) reads it
  // so; the Document layer does not, and would see one long comment line. Such a file is edited
  // with LF line ends and written back with CR; one that mixes CR with LF or CRLF is refused
  // (which line end would the new lines get?).
  const lone = /\r(?!\n)/.test(original);
  if (lone && /\n/.test(original))
    throw new YamlEditRefused(
      'the file mixes line ends (CR alone on some lines, LF on others): save it with one kind of line end (LF) and run the command again',
    );
  const cr = lone;
  const text = original.slice(bom.length).replace(/\r\n/g, '\n').replace(/\r/g, '\n');
  const base = parseDocument(text, PARSE_OPTIONS);
  if (base.errors.length > 0) throw new YamlEditError(`the file has YAML errors: ${base.errors[0].message}`);
  const minimal = minimalEdits(base.toJS(), edits);
  const expected = applyEditsToData(base.toJS(), minimal);
  // NOTE: every comment must survive, except those inside a node the edits delete or replace
  // by a different kind of value (they go with it, as they would by hand): applyEach and
  // renderAll count those as `dropped`.
  const comments = collectComments(base);
  const style = detectStyle(text);

  // Each edit is spliced when it can be; one that cannot is applied alone through the Document
  // API, so a fallback only ever touches the part of the file its own edit concerns.
  let { text: result, dropped } = applyEach(text, minimal, options, style);
  // NOTE: should one step leave the text unparsable or unverifiable, all the edits are redone in
  // one pass through the Document API, from the original text.
  if (result === null || !verify(result, expected, subtract(comments, dropped))) {
    try {
      ({ text: result, dropped } = renderAll(text, minimal, options, style));
    } catch (error) {
      // NOTE: the Document API throws on shapes it cannot edit in place; that is a refusal to
      // edit (nothing is written), not a crash.
      throw new YamlEditError(`the edit could not be applied to this file's structure: ${(error as Error).message}`);
    }
    if (!verify(result, expected, subtract(comments, dropped))) {
      throw new YamlEditError('the edited file could not be verified (its data or comments would change unexpectedly)');
    }
  }
  if (options.modeline && !/^# yaml-language-server:/.test(result)) result = `${options.modeline}\n${result}`;
  if (crlf) result = result.replace(/\n/g, '\r\n');
  else if (cr) result = result.replace(/\n/g, '\r');
  return bom + result;
}

/** Renders a new document: keys in the order given, a blank line between top-level sections, dates quoted, the modeline first. */
export function renderNewYaml(data: unknown, options: { modeline?: string; header?: string } = {}): string {
  const doc = new Document(data, NO_ALIASES);
  quoteDates(doc);
  if (isMap(doc.contents))
    doc.contents.items.forEach(
      (pair, i) => i > 0 && isCollection(pair.value) && ((pair.key as Node).spaceBefore = true),
    );
  const head = [options.modeline, options.header].filter(Boolean).join('\n');
  return (head ? head + '\n' : '') + doc.toString({ lineWidth: 0 });
}

/**
 * Rewrites edits so that each touches the smallest node: a `set` of a map onto an existing map
 * becomes one `set` per changed key (and a `delete` per dropped key); a `set` of a list onto an
 * existing list becomes per-item edits plus appends; a `set` that changes nothing disappears.
 * The result holds the same data, and comments inside the unchanged parts survive.
 */
export function minimalEdits(data: unknown, edits: readonly Edit[]): Edit[] {
  const out: Edit[] = [];
  let state = data;
  for (const edit of edits) {
    const parts = edit.op === 'set' ? decompose(getAt(state, edit.path), edit.value, edit.path) : [edit];
    out.push(...parts);
    state = applyEditsToData(state, parts);
  }
  return out;
}

function decompose(current: unknown, value: unknown, path: DocPath): Edit[] {
  if (sameData(current, value)) return [];
  if (isPlainObject(current) && isPlainObject(value)) {
    const edits: Edit[] = [];
    // NOTE: own keys only: `k in value` is true for "constructor" or "toString" on any object.
    for (const [k, v] of Object.entries(value))
      edits.push(
        ...(Object.hasOwn(current, k)
          ? decompose(current[k], v, [...path, k])
          : [{ op: 'set' as const, path: [...path, k], value: v }]),
      );
    for (const k of Object.keys(current))
      if (!Object.hasOwn(value, k)) edits.push({ op: 'delete', path: [...path, k] });
    return edits;
  }
  if (Array.isArray(current) && Array.isArray(value)) {
    const edits: Edit[] = [];
    const common = Math.min(current.length, value.length);
    for (let i = 0; i < common; i++) edits.push(...decompose(current[i], value[i], [...path, i]));
    for (let i = common; i < value.length; i++) edits.push({ op: 'append', path, value: value[i] });
    for (let i = current.length - 1; i >= value.length; i--) edits.push({ op: 'delete', path: [...path, i] });
    return edits;
  }
  return [{ op: 'set', path, value }];
}
