// A fuzz worker (issue 8): runs one fast-check property against the BUILT csp modules (dist/) for
// a time budget, in a worker thread so that tests/e2e/fuzz.test.ts can stop it if a case hangs.
// It posts {type: 'case'} after every case, then {type: 'done', runs, stats} or {type: 'fail'}.
// Properties:
//   parse    parseYamlFast never throws, on random text and on YAML-shaped token soup;
//   validate checkData / validateText never throw, on random data and on mutated real plans;
//   edit     editYamlText on random documents with comments and random edits: the result parses
//            (with js-yaml, another parser) to exactly applyEditsToData(data, edits) and keeps
//            every comment outside the nodes the edits delete or replace, and holds no YAML alias
//            (values that share an object are written out in full), or the engine refuses
//            with YamlEditError (counted; at most 5% of cases; nothing is written then).
import { parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { isCollection, isMap, parseDocument, visit } from 'yaml';

const dist = new URL('../../dist/', import.meta.url);
const { parseYamlFast } = await import(new URL('yaml/read.js', dist).href);
const { checkData } = await import(new URL('validation/check.js', dist).href);
const { validateText } = await import(new URL('validation/file.js', dist).href);
const { editYamlText, renderNewYaml, YamlEditError } = await import(new URL('yaml/edit.js', dist).href);
const { applyEditsToData, sameData } = await import(new URL('domain/edit.js', dist).href);

const { property, seed, budgetMs, caseLimitMs, plans } = workerData;
const stats = { cases: 0, refused: 0, issues: 0, slowestMs: 0 };

/** Runs a case and enforces the per-case time bound. */
async function timed(fn) {
  const started = performance.now();
  const result = await fn();
  const ms = performance.now() - started;
  stats.cases++;
  stats.slowestMs = Math.max(stats.slowestMs, Math.round(ms));
  parentPort.postMessage({ type: 'case' });
  if (ms > caseLimitMs) throw new Error(`a case took ${Math.round(ms)} ms (limit ${caseLimitMs} ms)`);
  return result;
}

// ---- arbitraries ----------------------------------------------------------------------------
const TOKENS = [
  'a',
  'key',
  'meta',
  'risks',
  ':',
  ': ',
  '- ',
  '-',
  '[',
  ']',
  '{',
  '}',
  ',',
  '&x',
  '*x',
  '&y ',
  '*y',
  '!!str ',
  '!!binary ',
  '!tag ',
  '|',
  '|-',
  '>',
  '>+',
  '#',
  ' # c',
  '"',
  "'",
  '\\',
  '\n',
  '\n  ',
  '\n    ',
  '\t',
  ' ',
  '  ',
  '---\n',
  '...\n',
  '? ',
  '%YAML 1.2\n',
  '<<<<<<< HEAD\n',
  '=======\n',
  '>>>>>>> x\n',
  '\uFEFF',
  '\r\n',
  '2027-02-30',
  '1e400',
  '0x1F',
  '.nan',
  '~',
  'null',
  'yes',
  '\u0000',
  '\u202e',
  '😀',
  '<<: *x',
  '__proto__',
  'constructor',
];
const yamlSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 120 }).map((t) => t.join(''));
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), yamlSoup, fc.string({ maxLength: 400 }));

const KEYS = [
  'a',
  'b',
  'name',
  'title',
  'b c',
  'key:colon',
  '#hash',
  'yes',
  'null',
  '123',
  '-dash',
  'x-ext',
  'ü',
  'id',
  'due',
  'constructor',
];
const scalar = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    'a: b',
    '- x',
    '# not a comment',
    '&a',
    '*a',
    '!!binary',
    'yes',
    'no',
    'null',
    '~',
    '0x10',
    '1e3',
    '2026-01-01',
    'multi\nline',
    'trailing\n',
    ' lead',
    'quote"s',
    "it's",
    '|',
    '>',
    '---',
    '@x',
    '`x`',
    '%x',
    'tab\there',
    '😀',
    'ü',
  ),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).filter((n) => !Object.is(n, -0)),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('map'), tie('list')),
  map: fc.dictionary(fc.constantFrom(...KEYS), tie('node'), { maxKeys: 4 }),
  list: fc.array(tie('node'), { maxLength: 4 }),
})).map;
const document = fc.dictionary(fc.constantFrom(...KEYS), value.node ?? value, { minKeys: 1, maxKeys: 6 });

/** Every path in data: [path, value] pairs. */
function pathsOf(data, prefix = []) {
  const out = [[prefix, data]];
  if (data !== null && typeof data === 'object')
    for (const [k, v] of Object.entries(data))
      out.push(...pathsOf(v, [...prefix, Array.isArray(data) ? Number(k) : k]));
  return out;
}

/** Edits that are valid for data: set (existing or new key under a map), append (to a list or new key), delete (existing). */
function editsFor(data, picks) {
  let state = data;
  const edits = [];
  for (const { kind, i, key, v } of picks) {
    const paths = pathsOf(state);
    const [path, node] = paths[i % paths.length];
    let edit;
    if (kind === 'set' && path.length > 0) edit = { op: 'set', path, value: v };
    else if (kind === 'add' && node !== null && typeof node === 'object' && !Array.isArray(node))
      edit = { op: 'set', path: [...path, key], value: v };
    else if (kind === 'append' && Array.isArray(node) && path.length > 0) edit = { op: 'append', path, value: v };
    else if (kind === 'delete' && path.length > 0) edit = { op: 'delete', path };
    if (!edit) continue;
    edits.push(edit);
    state = applyEditsToData(state, [edit]);
  }
  return edits;
}
const pick = fc.record({
  kind: fc.constantFrom('set', 'add', 'append', 'delete'),
  i: fc.nat(),
  key: fc.constantFrom(...KEYS, 'new_key', 'other'),
  v: fc.oneof(scalar, value.node ?? value),
});

/** Puts comments into rendered YAML: after some values and on lines of their own; each with the line it is on. */
function withComments(text, where) {
  const lines = text.split('\n');
  const comments = [];
  const out = [];
  lines.forEach((line, n) => {
    const at = where[n % where.length];
    if (at === 1 && line.trim() && !/[|>][-+]?$/.test(line) && !line.trimStart().startsWith('#')) {
      const c = `# c${n}`;
      comments.push({ text: c, line: out.length });
      out.push(`${line} ${c}`);
    } else if (at === 2 && n > 0 && /^\s*[\w"'-]/.test(line)) {
      const c = `# own line ${n}`;
      comments.push({ text: c, line: out.length });
      out.push(`${line.match(/^\s*/)[0]}${c}`, line);
    } else out.push(line);
  });
  return { text: out.join('\n'), comments };
}

/**
 * The lines of the input that the edits remove: from the key of a deleted (or replaced-collection)
 * pair, or the item of a deleted list entry (and the comment lines right above it), to the end of
 * its value. Comments on other lines must
 * survive. Worked out on the parsed input, independently of the engine.
 */
function removedLines(text, edits) {
  const doc = parseDocument(text);
  const lineOf = (offset) => text.slice(0, offset).split('\n').length - 1;
  const textLines = text.split('\n');
  const lines = new Set();
  for (const edit of edits) {
    const parentPath = edit.path.slice(0, -1);
    const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
    const last = edit.path[edit.path.length - 1];
    const target = doc.getIn(edit.path, true);
    if (edit.op === 'delete' || (edit.op === 'set' && isCollection(target))) {
      const pair = isMap(parent) ? parent.items.find((p) => String(p.key?.value ?? p.key) === String(last)) : undefined;
      const start = pair ? pair.key?.range?.[0] : target?.range?.[0];
      const end =
        (pair ? (pair.value?.range?.[2] ?? pair.value?.range?.[1]) : (target?.range?.[2] ?? target?.range?.[1])) ??
        start;
      // A node an earlier edit created has no range (it is not in the input): nothing to mark,
      // but the edit is still applied below so that later paths resolve.
      if (start !== undefined && end !== undefined) {
        // Comment lines right above the key or item belong to it, and go with it.
        let first = lineOf(start);
        while (first > 0 && /^\s*#/.test(textLines[first - 1])) first--;
        for (let l = first; l <= lineOf(Math.max(start, end - 1)); l++) lines.add(l);
      }
    }
    const node = (v) => doc.createNode(v, { aliasDuplicateObjects: false });
    if (edit.op === 'delete') doc.deleteIn(edit.path);
    else if (edit.op === 'append') {
      const seq = doc.getIn(edit.path, true);
      if (seq?.items) seq.add(node(edit.value));
      else doc.setIn(edit.path, node([edit.value]));
    } else {
      // A value set in place of one in the input takes over its lines: the engine keeps the old
      // value's comment on the new one, and a later delete of the same path removes them together.
      const replacement = node(edit.value);
      if (target?.range) replacement.range = target.range;
      doc.setIn(edit.path, replacement);
    }
  }
  return lines;
}

// ---- properties ---------------------------------------------------------------------------
const properties = {
  parse: fc.asyncProperty(anyText, async (text) =>
    timed(() => {
      const r = parseYamlFast(text);
      if (!Array.isArray(r.issues)) throw new Error('no issues array');
      if (r.issues.length) stats.issues++;
      return true;
    }),
  ),
  validate: fc.asyncProperty(
    fc.oneof(
      fc.record({
        kind: fc.constantFrom('csp', 'action_tracker', 'risk_register', 'decision_log', 'config'),
        data: fc.oneof(fc.anything({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 4 })),
      }),
      fc
        .record({
          kind: fc.constant('csp'),
          plan: fc.constantFrom(...plans.map((_, i) => i)),
          at: fc.nat(),
          v: fc.oneof(scalar, fc.anything({ maxDepth: 2 })),
          text: anyText,
        })
        .map(({ plan, at, v, text }) => {
          const data = jsYaml.load(plans[plan], { schema: jsYaml.CORE_SCHEMA });
          const paths = pathsOf(data).filter(([p]) => p.length > 0);
          const [path] = paths[at % paths.length];
          return {
            kind: 'csp',
            data: applyEditsToData(data, [{ op: 'set', path, value: v }]),
            text: plans[plan].slice(0, at % plans[plan].length) + text,
          };
        }),
    ),
    async ({ kind, data, text }) =>
      timed(async () => {
        const issues = await checkData(kind, data, { expectedAccount: 'acme' });
        if (issues.length) stats.issues++;
        if (text !== undefined) await validateText('fuzz.yaml', text, kind);
        return true;
      }),
  ),
  edit: fc.asyncProperty(
    document,
    fc.array(pick, { minLength: 1, maxLength: 4 }),
    fc.array(fc.constantFrom(0, 0, 1, 2), { minLength: 1, maxLength: 7 }),
    async (data, picks, where) =>
      timed(() => {
        const rendered = withComments(renderNewYaml(data), where);
        const before = jsYaml.load(rendered.text, { schema: jsYaml.CORE_SCHEMA });
        if (!sameData(before, data)) return true; // a comment placement changed the document: not an input this property is about
        const edits = editsFor(data, picks);
        const expected = applyEditsToData(data, edits);
        let out;
        try {
          out = editYamlText(rendered.text, edits);
        } catch (error) {
          if (error instanceof YamlEditError) {
            stats.refused++;
            return true;
          }
          throw error;
        }
        const parsed = jsYaml.load(out, { schema: jsYaml.CORE_SCHEMA });
        if (!sameData(parsed, expected))
          throw new Error(
            `edited data differs.\n--- input\n${rendered.text}\n--- edits\n${JSON.stringify(edits)}\n--- output\n${out}`,
          );
        let aliases = 0;
        visit(parseDocument(out), { Alias: () => void aliases++ });
        if (aliases > 0)
          throw new Error(`the output has YAML aliases.\n--- edits\n${JSON.stringify(edits)}\n--- output\n${out}`);
        const gone = removedLines(rendered.text, edits);
        for (const c of rendered.comments)
          if (!gone.has(c.line) && !out.includes(c.text))
            throw new Error(
              `comment "${c.text}" lost.\n--- input\n${rendered.text}\n--- edits\n${JSON.stringify(edits)}\n--- output\n${out}`,
            );
        return true;
      }),
  ),
};

const result = await fc.check(properties[property], {
  seed,
  numRuns: 1_000_000,
  interruptAfterTimeLimit: budgetMs,
  markInterruptAsFailure: false,
  endOnFailure: true,
});
if (result.failed) {
  parentPort.postMessage({
    type: 'fail',
    message: `${property}: ${String(result.errorInstance?.message ?? result.error ?? 'property failed').slice(0, 4000)}`,
    counterexample: JSON.stringify(result.counterexample)?.slice(0, 4000),
    seed: result.seed,
    path: result.counterexamplePath,
  });
} else {
  parentPort.postMessage({ type: 'done', runs: result.numRuns, stats });
}
