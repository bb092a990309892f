/** `csp health backtest`: registration (options, help, example). */
import type { Command } from 'commander';
import { typedAction, typed, type Program } from '../../cli/action.js';

/** csp health (a group) and csp health backtest's arguments, flags and help; returns backtest. */
function defineBacktest(program: Program) {
  const health = program
    .command('health')
    .description('customer health model tools')
    .addHelpText('after', '\nExample:\n  $ csp health backtest --labels churn.csv');
  return health
    .command('backtest')
    .description(
      'how well a health model separates the accounts that churned from those that did not: ROC AUC and churn rate per band',
    )
    .option('--labels <csv>', 'a CSV with one row per account: its id (slug or external id) and whether it churned')
    .option('--model <file>', 'the health model to test (default: config health_model, else the shipped one)')
    .option('--as-of <date>', 'score as of this date (default: the newest signal of the labelled accounts)')
    .option('--id-column <name>', 'the account column of the labels (default: account, slug, account_id or id)')
    .option('--label-column <name>', 'the churn column of the labels (default: churned, churn, churn_flag or label)')
    .option('--fit', 'also fit component weights on half of the accounts and test them on the other half')
    .option('--write-model <file>', 'with --fit: write the fitted model there (a new file)')
    .addHelpText(
      'after',
      `
AUC 0.5 is a coin toss; the 95% interval says how sure the figure is. A team checks its weights
on its own history before trusting them.

Examples:
  $ csp health backtest --labels ../shared/data/ravenstack-saas/ravenstack_accounts.csv
  $ csp health backtest --labels churn.csv --fit --write-model playbooks/health-model.fitted.yaml`,
    );
}

/** csp health backtest as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type BacktestCli = ReturnType<typeof defineBacktest>;

/** Registers csp health and its subcommand backtest. */
export function registerHealth(program: Command): void {
  typedAction(defineBacktest(typed(program)), () => import('./backtest.js'));
}
