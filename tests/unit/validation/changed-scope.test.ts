import { describe, expect, it } from 'vitest';
import { changeScope } from '../../../src/validation/changed-scope.js';

describe('changeScope (csp validate --changed-since)', () => {
  it.each([
    ['a plan', ['acme/success_plan/csp.yaml'], [], ['acme']],
    ['a tracker affects its plan', ['acme/action_tracker.yaml'], ['acme/action_tracker.yaml'], ['acme']],
    ['a risk register affects its plan', ['acme/risk_register.yaml'], ['acme/risk_register.yaml'], ['acme']],
    ['a decision log affects its plan', ['beta/decision_log.yaml'], ['beta/decision_log.yaml'], ['beta']],
    ['health signals affect the plan', ['beta/health_signals.yaml'], ['beta/health_signals.yaml'], ['beta']],
    [
      'an account plan is checked alone',
      ['acme/account_plan/account_plan_FY2027.yaml'],
      ['acme/account_plan/account_plan_FY2027.yaml'],
      [],
    ],
    [
      'snapshots, artifacts and files outside the InfoHub are not checked',
      ['acme/success_plan/csp_history/csp_v1_2026-01-01.yaml', 'acme/artifacts/deck.pdf', '../README.md', 'README.md'],
      [],
      [],
    ],
    [
      'several accounts, sorted and once each',
      ['beta/risk_register.yaml', 'acme/success_plan/csp.yaml', 'acme/action_tracker.yaml'],
      ['acme/action_tracker.yaml', 'beta/risk_register.yaml'],
      ['acme', 'beta'],
    ],
  ])('%s', (_, changed, documents, plans) => {
    expect(changeScope(changed)).toEqual({ whole: false, documents, plans });
  });

  it.each([
    ['.csp.yaml', {}],
    ['.csp/schemas/csp.schema.json', {}],
    ['team-playbooks/onboarding.yaml', { playbooksDir: 'team-playbooks' }],
    ['../shared/playbooks/renewal.yaml', { playbooksDir: '../shared/playbooks/' }],
    ['config/health_model.yaml', { healthModel: 'config/health_model.yaml' }],
  ])('a change to %s affects every document', (path, settings) => {
    expect(changeScope(['acme/success_plan/csp.yaml', path], settings)).toEqual({ whole: true, because: path });
  });

  it('a folder merely named like the playbooks folder does not count', () => {
    expect(changeScope(['team-playbooks-old/x.yaml'], { playbooksDir: 'team-playbooks' })).toEqual({
      whole: false,
      documents: [],
      plans: [],
    });
  });
});
