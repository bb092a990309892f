/** `csp set` in the pure core (src/domain/set-field.ts): paths, managed fields, conversion per schema. */
import { describe, expect, it } from 'vitest';
import { SetFieldError, planSetField, resolveFieldPath } from '../../../src/domain/set-field.js';
import { applyEditsToData } from '../../../src/domain/edit.js';
import { loadSchema } from '../../../src/schema/schemas.js';
import { schemaAt } from '../../../src/schema/walk.js';
import { checkData } from '../../../src/validation/check.js';
import { ACCOUNT, plan } from '../helpers/plans.js';

const schema = loadSchema('csp');
const P = plan('finalize');

/** What csp set does: resolve the path, find its schema, plan the edit. */
function setField(field: string, value: string) {
  return planSetField(P, field, value, schemaAt(schema, resolveFieldPath(P, field)));
}

function setError(run: () => unknown): SetFieldError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SetFieldError);
    return error as SetFieldError;
  }
  throw new Error('no SetFieldError');
}

describe('resolveFieldPath', () => {
  it.each([
    ['a dotted path', 'customer_context.industry', ['customer_context', 'industry']],
    ['an index', 'risks.1.mitigation', ['risks', 1, 'mitigation']],
    ['an item id in place of the index', 'risks.rk-2.mitigation', ['risks', 1, 'mitigation']],
    [
      'ids at two levels',
      'adoption_journey.phases.ph-2.milestones.ms-3.due',
      ['adoption_journey', 'phases', 1, 'milestones', 1, 'due'],
    ],
    ['a stakeholder id', 'stakeholders.sh-3.engagement', ['stakeholders', 2, 'engagement']],
    ['a JSON pointer', '/risks/1/mitigation', ['risks', 1, 'mitigation']],
    ['a JSON pointer with ids', '/value_tracking/metrics/vm-2/target', ['value_tracking', 'metrics', 1, 'target']],
    ['a JSON pointer with an escaped /', '/meta/x-a~1b', ['meta', 'x-a/b']],
    ['a path into a missing section', 'internal_notes.commercial_notes', ['internal_notes', 'commercial_notes']],
    ['an index past the end (kept as written)', 'risks.7.title', ['risks', 7, 'title']],
  ])('%s: %s', (_, text, path) => {
    expect(resolveFieldPath(P, text)).toEqual(path);
  });

  it.each([
    ['an unknown id', 'risks.rk-9.mitigation', 'no item with id rk-9 at risks', 'ids there: rk-1, rk-2'],
    [
      'an unknown nested id',
      'adoption_journey.phases.ph-1.milestones.ms-3.due',
      'no item with id ms-3 at adoption_journey.phases.0.milestones',
      'ids there: ms-1',
    ],
    [
      'an empty segment',
      'customer_context..industry',
      '"customer_context..industry" is not a field path',
      'write it like customer_context.industry or risks.rk-1.mitigation',
    ],
    ['an empty path', '', '"" is not a field path', 'write it like customer_context.industry or risks.rk-1.mitigation'],
    [
      'the root pointer',
      '/',
      '"/" is not a field path',
      'write it like customer_context.industry or risks.rk-1.mitigation',
    ],
  ])('refuses %s', (_, text, message, hint) => {
    const e = setError(() => resolveFieldPath(P, text));
    expect([e.message, e.hint]).toEqual([message, hint]);
  });
});

describe('planSetField: managed fields are refused with the command to use', () => {
  it.each([
    [
      'meta.phase',
      'execute',
      `the lifecycle commands move the phase: csp develop ${ACCOUNT} (then finalize, then handoff)`,
    ],
    [
      'meta.status',
      'active',
      `the status follows the lifecycle: csp review ${ACCOUNT} --customer "<name>" --signed-off, csp approve ${ACCOUNT} --by "<manager>"`,
    ],
    ['meta.customer_sign_off', 'null', `csp review ${ACCOUNT} --customer "<name>" --signed-off records it`],
    ['meta.customer_sign_off.by', 'x', `csp review ${ACCOUNT} --customer "<name>" --signed-off records it`],
    ['meta.manager_approval.date', '2026-11-22', `csp approve ${ACCOUNT} --by "<manager>" records it`],
    ['meta.account', 'other', 'csp keeps it'],
    ['meta.created', '2026-01-01', 'csp keeps it'],
    ['meta.updated', '2026-01-01', 'csp keeps it'],
    ['schema_version', '2', 'csp keeps it'],
    ['handoff.accepted', 'true', `csp handoff ${ACCOUNT} --accept --by "<CA>" records it`],
    ['handoff.accepted_by', 'x', `csp handoff ${ACCOUNT} --accept --by "<CA>" records it`],
    ['handoff.accepted_date', '2026-11-22', `csp handoff ${ACCOUNT} --accept --by "<CA>" records it`],
    ['risks.rk-1.id', 'rk-7', 'ids are stable: csp add assigns them'],
    ['/stakeholders/0/id', 'sh-9', 'ids are stable: csp add assigns them'],
    ['adoption_journey.phases.0.milestones.0.id', 'ms-9', 'ids are stable: csp add assigns them'],
  ])('%s', (field, value, hint) => {
    const e = setError(() => setField(field, value));
    expect(e.message).toBe(`${field} cannot be set directly`);
    expect(e.hint).toBe(hint);
  });

  it.each([
    ['handoff.to (the SA can correct it)', 'handoff.to', 'Dana Kim', 'Dana Kim'],
    ['meta.plan_end', 'meta.plan_end', '2027-07-31', '2027-07-31'],
    ['a field whose name ends in id but is not "id"', 'meta.crm.account_id', '001XYZ', '001XYZ'],
  ])('allows %s', (_, field, value, expected) => {
    expect(setField(field, value).value).toBe(expected);
  });
});

describe('planSetField: conversion to the schema type', () => {
  it.each<[string, string, string, unknown]>([
    ['number', 'meta.arr_usd', '300000', 300000],
    ['number with decimals', 'meta.arr_usd', '858378.07', 858378.07],
    ['number with thousands separators', 'meta.arr_usd', '1,250,000', 1250000],
    ['number with underscores', 'meta.arr_usd', '1_000', 1000],
    ['integer', 'customer_context.employees', '40857', 40857],
    ['integer written with .0', 'stakeholders.sh-2.relationship_score', '61.0', 61],
    ['boolean true', 'meta.strategic', 'true', true],
    ['boolean yes (any case)', 'meta.strategic', 'Yes', true],
    ['boolean false', 'meta.strategic', 'false', false],
    ['boolean no', 'adoption_journey.phases.ph-2.milestones.ms-3.major', 'NO', false],
    ['enum', 'adoption_journey.phases.ph-2.milestones.ms-3.status', 'in_progress', 'in_progress'],
    ['enum stage', 'meta.opportunity_stage', 'Closed Won', 'Closed Won'],
    ['enum level', 'stakeholders.sh-3.engagement', 'low', 'low'],
    ['nullable date to null', 'customer_context.contract.renewal_date', 'null', null],
    ['nullable date to a date', 'customer_context.contract.renewal_date', '2028-02-29', '2028-02-29'],
    ['date', 'meta.plan_end', '2027-07-31', '2027-07-31'],
    ['measure as a number', 'value_tracking.metrics.vm-2.baseline', '12.5', 12.5],
    ['measure as text', 'success_criteria.sc-1.target', '80%', '80%'],
    ['text', 'business_outcomes.current_state', 'Three tools, no shared view.', 'Three tools, no shared view.'],
    ['text that looks like a number stays text', 'customer_context.industry', '42', '42'],
    ['text "null" where null is not allowed', 'customer_context.industry', 'null', 'null'],
    ['nullable string to null', 'handoff.to', 'null', null],
    ['a RACI role (additionalProperties schema)', 'governance.raci.0.csm', 'R/A', 'R/A'],
    [
      'a new field in a missing section',
      'internal_notes.commercial_notes',
      'Multi-year discussed',
      'Multi-year discussed',
    ],
  ])('%s: %s %s', async (_, field, text, value) => {
    const out = setField(field, text);
    expect(out.value).toEqual(value);
    expect(out.edit).toEqual({ op: 'set', path: out.path, value });
    const after = applyEditsToData(P, [out.edit]);
    expect((await checkData('csp', after)).filter((i) => i.code.startsWith('schema-'))).toEqual([]);
  });

  it.each([
    ['a number', 'meta.arr_usd', '$250k', 'meta.arr_usd must be a number (found "$250k")'],
    ['a number (empty)', 'meta.arr_usd', '', 'meta.arr_usd must be a number (found "")'],
    ['a number (Infinity)', 'meta.arr_usd', 'Infinity', 'meta.arr_usd must be a number (found "Infinity")'],
    [
      'an integer',
      'customer_context.employees',
      '12.5',
      'customer_context.employees must be a whole number (found "12.5")',
    ],
    ['a boolean', 'meta.strategic', 'maybe', 'meta.strategic must be true or false (found "maybe")'],
    [
      'an enum',
      'adoption_journey.phases.ph-2.milestones.ms-3.status',
      'Done',
      'adoption_journey.phases.ph-2.milestones.ms-3.status must be one of: not_started, in_progress, done, blocked, missed (found "Done")',
    ],
    [
      'a date that does not exist',
      'meta.plan_end',
      '2027-02-30',
      'meta.plan_end must be a real date written YYYY-MM-DD (found "2027-02-30")',
    ],
    [
      'a 29 February outside a leap year',
      'customer_context.contract.renewal_date',
      '2027-02-29',
      'customer_context.contract.renewal_date must be a real date written YYYY-MM-DD (found "2027-02-29")',
    ],
    [
      'a date in another format',
      'meta.plan_start',
      '12/01/2026',
      'meta.plan_start must be a real date written YYYY-MM-DD (found "12/01/2026")',
    ],
    [
      'null where null is not allowed',
      'meta.plan_end',
      'null',
      'meta.plan_end must be a real date written YYYY-MM-DD (found "null")',
    ],
  ])('refuses a value that is not %s', (_, field, text, message) => {
    expect(setError(() => setField(field, text)).message).toBe(message);
  });

  it.each([
    [
      'a section (object)',
      'technical_evaluation.timeline',
      'technical_evaluation.timeline is a section, not a single value',
    ],
    ['a whole section', 'customer_context', 'customer_context is a section, not a single value'],
    [
      'a list (array)',
      'technical_evaluation.resources',
      'technical_evaluation.resources is a list, not a single value',
    ],
    ['a list item (object)', 'risks.rk-1', 'risks.rk-1 is a section, not a single value'],
  ])('refuses %s, pointing to csp add', (_, field, message) => {
    const e = setError(() => setField(field, 'x'));
    expect(e.message).toBe(message);
    expect(e.hint).toMatch(/^csp add adds items to lists; set one of its fields instead/);
  });

  it('names the fields of a section in the hint', () => {
    const e = setError(() => setField('technical_evaluation.timeline', 'x'));
    expect(e.hint).toContain('technical_evaluation.timeline.start');
    expect(e.hint).not.toContain('(e.g.');
  });

  it.each([
    ['an unknown field', 'customer_context.colour'],
    ['an unknown section', 'commercials.discount'],
    ['a team extension key (x-)', 'meta.x-region'],
  ])('refuses %s (not a field of the plan)', (_, field) => {
    const e = setError(() => setField(field, 'x'));
    expect(e.message).toBe(`${field} is not a field of the plan`);
    expect(e.hint).toContain('schemas/csp.schema.json');
  });
});

describe('issue 15: a path may start with an item id (the hints csp prints use it)', () => {
  const P2 = plan('finalize');
  it.each([
    ['rk-1.mitigation', ['risks', 0, 'mitigation']],
    ['obj-1.statement', ['business_outcomes', 'objectives', 0, 'statement']],
  ] as const)('%s', (field, prefix) => {
    const path = resolveFieldPath(P2, field);
    expect(path.slice(0, prefix.length)).toEqual(prefix);
    expect(path.at(-1)).toBe(field.split('.').at(-1));
  });
  it('sets a milestone status by its id alone', () => {
    const ms = P2.adoption_journey!.phases!.flatMap((ph) => ph.milestones ?? [])[0].id;
    const { path, value } = planSetField(
      P2,
      `${ms}.status`,
      'done',
      schemaAt(schema, resolveFieldPath(P2, `${ms}.status`)),
    );
    expect(value).toBe('done');
    expect(path.slice(0, 2)).toEqual(['adoption_journey', 'phases']);
  });
  it('names the ids there are when the id is unknown', () => {
    expect(() => resolveFieldPath(P2, 'ms-99.status')).toThrow(/no item with id ms-99 in the plan/);
  });
});
