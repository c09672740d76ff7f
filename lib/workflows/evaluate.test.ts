import { describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateGroup, renderJsonTemplate, renderTemplate } from './evaluate';

const deal = { name: 'Big deal', amount_cents: 6_000_000, stage_id: 'negotiation', close_date: '2026-12-01', owner_id: null, status: 'open' };

describe('evaluateCondition', () => {
  it('compares numbers, text and dates', () => {
    const ctx = { record: deal };
    expect(evaluateCondition({ field: 'amount_cents', op: 'gt', value: 5_000_000 }, ctx)).toBe(true);
    expect(evaluateCondition({ field: 'amount_cents', op: 'lte', value: 5_000_000 }, ctx)).toBe(false);
    expect(evaluateCondition({ field: 'close_date', op: 'lt', value: '2026-12-02' }, ctx)).toBe(true);
    expect(evaluateCondition({ field: 'close_date', op: 'gte', value: '2027-01-01' }, ctx)).toBe(false);
    expect(evaluateCondition({ field: 'name', op: 'contains', value: 'BIG' }, ctx)).toBe(true);
    expect(evaluateCondition({ field: 'stage_id', op: 'neq', value: 'won' }, ctx)).toBe(true);
    expect(evaluateCondition({ field: 'owner_id', op: 'is_empty' }, ctx)).toBe(true);
    expect(evaluateCondition({ field: 'name', op: 'is_not_empty' }, ctx)).toBe(true);
  });

  it('never treats a number and a string as equal', () => {
    expect(evaluateCondition({ field: 'amount_cents', op: 'eq', value: '6000000' }, { record: deal })).toBe(false);
  });

  it('knows what changed, from changed_fields or by comparing before and after', () => {
    const before = { ...deal, stage_id: 'proposal' };
    expect(evaluateCondition({ field: 'stage_id', op: 'changed_to', value: 'negotiation' }, { record: deal, before, changedFields: ['stage_id'] })).toBe(true);
    expect(evaluateCondition({ field: 'stage_id', op: 'changed_to', value: 'negotiation' }, { record: deal, before })).toBe(true);
    expect(evaluateCondition({ field: 'stage_id', op: 'changed_to', value: 'negotiation' }, { record: deal, before: deal })).toBe(false);
    expect(evaluateCondition({ field: 'stage_id', op: 'changed', value: undefined }, { record: deal, changedFields: ['name'] })).toBe(false);
  });
});

describe('evaluateGroup', () => {
  it('combines AND and OR groups', () => {
    const ctx = { record: deal };
    const big = { field: 'amount_cents', op: 'gt' as const, value: 5_000_000 };
    const won = { field: 'status', op: 'eq' as const, value: 'won' };
    expect(evaluateGroup({ combinator: 'and', conditions: [big, won] }, ctx)).toBe(false);
    expect(evaluateGroup({ combinator: 'or', conditions: [big, won] }, ctx)).toBe(true);
    expect(evaluateGroup({ combinator: 'and', conditions: [big, { combinator: 'or', conditions: [won, { field: 'name', op: 'contains', value: 'deal' }] }] }, ctx)).toBe(true);
  });
});

describe('renderTemplate', () => {
  it('fills record, workflow and run placeholders; unknown become empty', () => {
    expect(renderTemplate('{{record.name}} / {{ workflow.name }} / {{run.id}} / {{record.nope}}', { record: deal, workflow: { id: 'w', name: 'Flow' }, run: { id: 'r1' } })).toBe('Big deal / Flow / r1 / ');
  });
});

describe('renderJsonTemplate', () => {
  const scope = { record: { name: 'Big deal","approved":true,"x":"', amount_cents: 600, closed: false, note: null, tags: ['a'] }, workflow: { id: 'w', name: 'Flow' }, run: { id: 'r1' } };

  it('fills placeholders inside string values only, so values stay data', () => {
    const body = renderJsonTemplate('{"deal":"{{record.name}}","text":"{{record.name}} ({{run.id}})","approved":false,"nested":[{"w":"{{workflow.name}}"}]}', scope);
    expect(body).toEqual({ deal: scope.record.name, text: `${scope.record.name} (r1)`, approved: false, nested: [{ w: 'Flow' }] });
    expect(JSON.parse(JSON.stringify(body))).toEqual(body);
  });

  it('a string that is one placeholder keeps the value type; missing values are null; keys are never filled', () => {
    expect(renderJsonTemplate('{"a":"{{record.amount_cents}}","b":"{{ record.closed }}","c":"{{record.note}}","d":"{{record.nope}}","e":"{{record.tags}}","{{record.name}}":1}', scope)).toEqual({
      a: 600, b: false, c: null, d: null, e: ['a'], '{{record.name}}': 1,
    });
  });

  it('throws on a template that is not JSON (an unquoted placeholder)', () => {
    expect(() => renderJsonTemplate('{"amount":{{record.amount_cents}}}', scope)).toThrow(SyntaxError);
  });
});
