/**
 * The layers of src/ (docs/architecture.md), checked by `npm run lint` (depcruise src).
 *
 * LAYERS lists the folders from the bottom up. A folder may import its own files and folders of
 * lower layers, never a higher one: so nothing below commands/ imports cli/ or commands/, and no
 * two folders can import each other (no cycles between folders). cli/ and commands/ share the top
 * layer (the program registers the commands; a command uses the reporter and the context type).
 * A new folder must be added here, or `npm run lint` fails (rule "layer-unknown-folder").
 */
const LAYERS = [
  ['domain'], // the plan and its rules: pure
  ['errors.ts', 'package-root.ts'],
  ['similarity', 'calendar'],
  ['schema'],
  ['yaml'],
  ['drafting'],
  ['git'],
  ['prompts'],
  ['crm'],
  ['customer-health'],
  ['status'],
  ['validation'],
  ['storage'],
  ['merge'],
  ['notes'],
  ['ai'],
  ['export'],
  ['site'], // the portfolio dashboard, built from exports and health
  ['config'],
  ['infohub'],
  ['history'],
  ['sync'],
  ['ci'],
  ['commands', 'cli'],
];

/** Folders (and root files) whose code is pure: no node:* module, no npm package that does I/O. */
const PURE = ['domain', 'similarity', 'calendar', 'drafting', 'status'];
/** Packages pure code may use (no I/O). */
const PURE_PACKAGES = ['date-fns'];

const re = (name) => name.replace(/[.]/g, '\\.');
const entry = (name) => (name.endsWith('.ts') ? `^src/${re(name)}$` : `^src/${re(name)}/`);
const any = (names) => `(${names.map(entry).join('|')})`;

const upward = LAYERS.slice(0, -1).map((layer, i) => {
  const higher = LAYERS.slice(i + 1).flat();
  return {
    name: `layer-${layer.join('+').replace(/\.ts/g, '')}`,
    comment: `${layer.join(', ')} may import only lower layers (.dependency-cruiser.cjs LAYERS), not ${higher.join(', ')}`,
    severity: 'error',
    from: { path: any(layer) },
    to: { path: any(higher) },
  };
});

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'layer-unknown-folder',
      comment: 'every folder of src/ has a place in LAYERS (.dependency-cruiser.cjs)',
      severity: 'error',
      from: { path: '^src/', pathNot: any(LAYERS.flat()) },
      to: {},
    },
    {
      name: 'layer-unknown-target',
      comment: 'every folder of src/ has a place in LAYERS (.dependency-cruiser.cjs)',
      severity: 'error',
      from: {},
      to: { path: '^src/', pathNot: any(LAYERS.flat()) },
    },
    {
      name: 'pure-core-no-node',
      comment: `${PURE.join(', ')} are pure (data in, data out): no node:* modules`,
      severity: 'error',
      from: { path: any(PURE) },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'pure-core-no-io-package',
      comment: `${PURE.join(', ')} are pure: no npm package except ${PURE_PACKAGES.join(', ')}`,
      severity: 'error',
      from: { path: any(PURE) },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'],
        pathNot: `node_modules/(${PURE_PACKAGES.join('|')})/`,
      },
    },
    {
      name: 'no-dev-dependency-in-src',
      comment:
        'src/ ships: it imports only dependencies of package.json, not devDependencies (date-fns is a test oracle only)',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'port-not-adapter',
      comment:
        'a port (git/port.ts, prompts/port.ts) declares the interface only: it imports no adapter and no package',
      severity: 'error',
      from: { path: '^src/(git|prompts)/port\\.ts$' },
      to: { pathNot: '^src/(git|prompts)/port\\.ts$|^src/(domain|errors\\.ts)' },
    },
    {
      name: 'no-circular',
      comment:
        'no import cycles between modules at load time (a cycle of type-only imports inside a folder is harmless, and so is one closed by a lazy import(), as csp completion reading the command registry that loads it; between folders the layer rules forbid it)',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only', 'dynamic-import'] } },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'every import resolves',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
