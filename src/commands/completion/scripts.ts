/**
 * Shell completion scripts for bash, zsh and fish, generated from the command tree (pure: a tree
 * in, the script's text out). The tree is read from commander's definitions (run.ts), so a
 * command or flag added to a register module completes without further work.
 *
 * Account names complete from the InfoHub that the shell can see cheaply: $CSP_INFOHUB, else
 * ./infohub, else the current folder (a folder with success_plan/ or health_signals.yaml is an
 * account). That is a guess the shell makes at each <TAB>, not csp's own InfoHub search, which
 * would cost a Node start-up per keystroke.
 */

/** A command as completion sees it: its name, what it does, its flags, arguments and subcommands. */
export interface CompletionNode {
  name: string;
  description: string;
  /** Long and short flags (`--dry-run`, `-m`), with whether each takes a value. */
  flags: Array<{ names: string[]; description: string; takesValue: boolean }>;
  /** True when the command's first argument is an account slug (`<account>` or `[accounts...]`). */
  takesAccount: boolean;
  subcommands: CompletionNode[];
}

/** The shells csp writes completion for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
/** A shell csp writes completion for. */
export type Shell = (typeof SHELLS)[number];

/** The completion script for a shell, for the program's tree (root: csp with its global flags). */
export function completionScript(shell: Shell, root: CompletionNode): string {
  return shell === 'fish' ? fishScript(root) : shell === 'zsh' ? zshScript(root) : bashScript(root);
}

const ACCOUNTS_SH = `_csp_accounts() {
  local hub="\${CSP_INFOHUB:-}" d
  if [[ -z "$hub" ]]; then if [[ -d infohub ]]; then hub=infohub; else hub=.; fi; fi
  for d in "$hub"/*/; do
    [[ -d "\${d}success_plan" || -f "\${d}health_signals.yaml" ]] && basename "$d"
  done 2>/dev/null
}`;

/** A shell word: the text single-quoted. */
const sq = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

const flagWords = (node: CompletionNode): string[] => node.flags.flatMap((f) => f.names);
const valueFlags = (root: CompletionNode): string[] => {
  const all = new Set<string>();
  const walk = (n: CompletionNode) => {
    for (const f of n.flags) if (f.takesValue) for (const name of f.names) all.add(name);
    n.subcommands.forEach(walk);
  };
  walk(root);
  return [...all].sort();
};

/** The bash function: finds the command and subcommand typed so far, then offers their words. */
function bashScript(root: CompletionNode): string {
  const global = flagWords(root).filter((f) => f !== '--version' && f !== '-V');
  const globalValues = root.flags.filter((f) => f.takesValue).flatMap((f) => f.names);
  const set = (n: CompletionNode, words: string[]): string => {
    const values = [
      '',
      ...new Set([...n.flags.filter((f) => f.takesValue).flatMap((f) => f.names), ...globalValues]),
      '',
    ].join('|');
    return `words=${sq(words.join(' '))}; values=${sq(values)}${n.takesAccount ? '; accounts=1' : ''}`;
  };
  const caseFor = (n: CompletionNode): string => {
    const words = [...n.subcommands.map((s) => s.name), ...flagWords(n), ...global, '--help'];
    if (n.subcommands.length === 0) return `    ${sq(n.name)}) ${set(n, words)};;`;
    const subs = n.subcommands
      .map((s) => `        ${sq(s.name)}) ${set(s, [...flagWords(s), ...global, '--help'])};;`)
      .join('\n');
    return `    ${sq(n.name)})\n      case "$sub" in\n${subs}\n        *) ${set(n, words)};;\n      esac;;`;
  };
  return `# csp completion for bash. Install: csp completion bash > ~/.local/share/bash-completion/completions/csp
# (or add  eval "$(csp completion bash)"  to ~/.bashrc)
${ACCOUNTS_SH}

_csp() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmd="" sub="" words="" values="" accounts=0 i w
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$w" in
      -*) continue;;
    esac
    case "\${COMP_WORDS[i-1]}" in
      ${valueFlags(root).join('|')}) continue;;
    esac
    if [[ -z "$cmd" ]]; then cmd="$w"; elif [[ -z "$sub" ]]; then sub="$w"; fi
  done
  case "$cmd" in
    '') ${set(root, [...root.subcommands.map((s) => s.name), 'help', ...flagWords(root), '--help'])};;
${root.subcommands.map(caseFor).join('\n')}
  esac
  if [[ "$prev" == --infohub ]]; then COMPREPLY=( $(compgen -d -- "$cur") ); return 0; fi
  if [[ "$values" == *"|$prev|"* ]]; then COMPREPLY=( $(compgen -f -- "$cur") ); return 0; fi
  if [[ "$cur" != -* && $accounts -eq 1 ]]; then words="$words $(_csp_accounts)"; fi
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -F _csp csp
`;
}

/** zsh runs the bash function through bashcompinit (part of zsh), so both shells complete alike. */
function zshScript(root: CompletionNode): string {
  return `#compdef csp
# csp completion for zsh. Install: csp completion zsh > "\${fpath[1]}/_csp"
# (or add  eval "$(csp completion zsh)"  to ~/.zshrc, after compinit)
autoload -U +X bashcompinit && bashcompinit
${bashScript(root).split('\n').slice(2).join('\n')}`;
}

/** fish: one `complete` line per command, subcommand and flag. */
function fishScript(root: CompletionNode): string {
  const fq = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const flagLine = (condition: string, f: CompletionNode['flags'][number]): string => {
    const parts = f.names.map((n) => (n.startsWith('--') ? `-l ${n.slice(2)}` : `-s ${n.slice(1)}`)).join(' ');
    return `complete -c csp -n ${fq(condition)} ${parts}${f.takesValue ? ' -r' : ''} -d ${fq(f.description)}`;
  };
  const lines = [
    '# csp completion for fish. Install: csp completion fish > ~/.config/fish/completions/csp.fish',
    'complete -c csp -f',
  ];
  lines.push(`function __csp_accounts
    set -l hub $CSP_INFOHUB
    if test -z "$hub"; if test -d infohub; set hub infohub; else; set hub .; end; end
    for d in $hub/*/
        if test -d $d/success_plan -o -f $d/health_signals.yaml; basename $d; end
    end
end`);
  for (const f of root.flags) lines.push(flagLine('true', f));
  const top = root.subcommands.map((s) => s.name).join(' ');
  for (const c of root.subcommands) {
    lines.push(
      `complete -c csp -n ${fq(`not __fish_seen_subcommand_from ${top}`)} -a ${fq(c.name)} -d ${fq(c.description)}`,
    );
    const inC = `__fish_seen_subcommand_from ${c.name}`;
    if (c.takesAccount) lines.push(`complete -c csp -n ${fq(inC)} -a '(__csp_accounts)'`);
    for (const f of c.flags) lines.push(flagLine(inC, f));
    const subs = c.subcommands.map((s) => s.name).join(' ');
    for (const s of c.subcommands) {
      lines.push(
        `complete -c csp -n ${fq(`${inC}; and not __fish_seen_subcommand_from ${subs}`)} -a ${fq(s.name)} -d ${fq(s.description)}`,
      );
      const inS = `${inC}; and __fish_seen_subcommand_from ${s.name}`;
      if (s.takesAccount) lines.push(`complete -c csp -n ${fq(inS)} -a '(__csp_accounts)'`);
      for (const f of s.flags) lines.push(flagLine(inS, f));
    }
  }
  return lines.join('\n') + '\n';
}
