#!/usr/bin/env node
/**
 * Lists every function in src/ longer than a limit (default 100 lines, from the line of its
 * declaration to its closing brace), longest first: `node scripts/long-functions.mjs [limit]`.
 * Counts function declarations, methods, accessors, constructors, function expressions and arrow
 * functions (a nested function counts on its own and inside its parent). Exits 0; it reports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const limit = Number(process.argv[2] ?? 100);

/** Every .ts file under `dir`, sorted. */
function tsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? tsFiles(join(dir, e.name))
        : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')
          ? [join(dir, e.name)]
          : [],
    )
    .sort();
}

/** A readable name for a function node: its own name, or the variable/property it is assigned to. */
function nameOf(node, sf) {
  if (node.name) return node.name.getText(sf);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (
    parent &&
    (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))
  ) {
    return parent.name.getText(sf);
  }
  return '(anonymous)';
}

const found = [];
for (const file of tsFiles(join(root, 'src'))) {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
      const lines = end - start + 1;
      if (lines > limit) found.push({ file: relative(root, file), line: start, name: nameOf(node, sf), lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}
found.sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file) || a.line - b.line);
for (const f of found) console.log(`${String(f.lines).padStart(4)}  ${f.name}  ${f.file}:${f.line}`);
console.log(`${found.length} function(s) over ${limit} lines in src/`);
