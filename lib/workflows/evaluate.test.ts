import { describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateGroup, quotePlaceholders, renderJsonTemplate, renderTemplate, webhookBody } from './evaluate';

const deal = { name: 'Big deal', amountCents: 6_000_000, stageId: 'negotiation', closeDate: '2026-12-01', ownerId: null, status: 'open' };

describe('evaluateCondition', () => {
  it('compares numbers, text and dates', () => {
    const ctx = { record: deal };
    expect(evaluateCondition({ field: 'amountCents', op: 'gt', value: 5_000_000 }, ctx)).toBe(true);
    expect(evaluateCondition({ field: 'amountCents', op: 'lte', value: 5_000_000 }, ctx)).toBe(false);
    expect(evaluateCondition({ field: 'closeDate', op: 'lt', value: '2026-12-02' }, ctx)).toBe(true);
    expect(evaluateCondition({ field: 'closeDate', op: 'gte', value: '2027-01-01' }, ctx)).toBe(false);
    expect(evaluateCondition({ field: 'name', op: 'contains', value: 'BIG' }, ctx)).toBe(true);
    expect(evaluateCondition({ field: 'stageId', op: 'neq', value: 'won' }, ctx)).toBe(true);
    expect(evaluateCondition({ field: 'ownerId', op: 'is_empty' }, ctx)).toBe(true);
    expect(evaluateCondition({ field: 'name', op: 'is_not_empty' }, ctx)).toBe(true);
  });

  it('never treats a number and a string as equal', () => {
    expect(evaluateCondition({ field: 'amountCents', op: 'eq', value: '6000000' }, { record: deal })).toBe(false);
  });

  it('knows what changed, from changed_fields or by comparing before and after', () => {
    const before = { ...deal, stageId: 'proposal' };
    expect(evaluateCondition({ field: 'stageId', op: 'changed_to', value: 'negotiation' }, { record: deal, before, changedFields: ['stageId'] })).toBe(true);
    expect(evaluateCondition({ field: 'stageId', op: 'changed_to', value: 'negotiation' }, { record: deal, before })).toBe(true);
    expect(evaluateCondition({ field: 'stageId', op: 'changed_to', value: 'negotiation' }, { record: deal, before: deal })).toBe(false);
    expect(evaluateCondition({ field: 'stageId', op: 'changed', value: undefined }, { record: deal, changedFields: ['name'] })).toBe(false);
  });
});

describe('evaluateGroup', () => {
  it('combines AND and OR groups', () => {
    const ctx = { record: deal };
    const big = { field: 'amountCents', op: 'gt' as const, value: 5_000_000 };
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
  const scope = { record: { name: 'Big deal","approved":true,"x":"', amountCents: 600, closed: false, note: null, tags: ['a'] }, workflow: { id: 'w', name: 'Flow' }, run: { id: 'r1' } };

  it('fills placeholders inside string values only, so values stay data', () => {
    const body = renderJsonTemplate('{"deal":"{{record.name}}","text":"{{record.name}} ({{run.id}})","approved":false,"nested":[{"w":"{{workflow.name}}"}]}', scope);
    expect(body).toEqual({ deal: scope.record.name, text: `${scope.record.name} (r1)`, approved: false, nested: [{ w: 'Flow' }] });
    expect(JSON.parse(JSON.stringify(body))).toEqual(body);
  });

  it('a string that is one placeholder keeps the value type; missing values are null; keys are never filled', () => {
    expect(renderJsonTemplate('{"a":"{{record.amountCents}}","b":"{{ record.closed }}","c":"{{record.note}}","d":"{{record.nope}}","e":"{{record.tags}}","{{record.name}}":1}', scope)).toEqual({
      a: 600, b: false, c: null, d: null, e: ['a'], '{{record.name}}': 1,
    });
  });

  it('renders published bodies with bare placeholders: the value keeps its type, text stays one string', () => {
    // Issue 13 review: bodies like this were valid before bodies were built as data and then
    // failed every run ("the body template is not valid JSON").
    const body = renderJsonTemplate('{"amount": {{record.amountCents}}, "deal": {{ record.name }}, "closed": {{record.closed}}, "list": [{{record.tags}}, {{record.nope}}], "run": {{run.id}}}', scope);
    expect(body).toEqual({ amount: 600, deal: scope.record.name, closed: false, list: [['a'], null], run: 'r1' });
    expect(JSON.parse(JSON.stringify(body))).toEqual({ amount: 600, deal: 'Big deal","approved":true,"x":"', closed: false, list: [['a'], null], run: 'r1' });
    expect(Object.keys(body as object)).not.toContain('approved');
  });

  it('quotes only placeholders outside strings: escapes, quotes and braces inside strings are left alone', () => {
    expect(quotePlaceholders('{"a": {{record.x}}}')).toBe('{"a": "{{record.x}}"}');
    expect(quotePlaceholders('{"a": "say \\"{{record.x}}\\" {{run.id}}", "b": {{run.id}}}')).toBe('{"a": "say \\"{{record.x}}\\" {{run.id}}", "b": "{{run.id}}"}');
    expect(quotePlaceholders('{"a\\\\": {{run.id}}}')).toBe('{"a\\\\": "{{run.id}}"}');
    expect(quotePlaceholders('{"a": {"b": [1, {}]}}')).toBe('{"a": {"b": [1, {}]}}');
    expect(quotePlaceholders('{"a": {{not a placeholder}}}')).toBe('{"a": {{not a placeholder}}}');
    expect(renderJsonTemplate('{"a": "x {{record.amountCents}} y", "b": {{record.amountCents}}}', scope)).toEqual({ a: 'x 600 y', b: 600 });
  });

  it('throws on a template that is not JSON', () => {
    expect(() => renderJsonTemplate('{"amount": {{record.amountCents}}{{run.id}}}', scope)).toThrow(SyntaxError);
    expect(() => renderJsonTemplate('{"amount": x{{record.amountCents}}}', scope)).toThrow(SyntaxError);
  });
});

describe('webhookBody', () => {
  it('without a template: {workflowId, runId, record}, for the engine and the dry-run alike', () => {
    expect(webhookBody(undefined, { record: deal, workflow: { id: 'w', name: 'Flow' }, run: { id: 'r1' } })).toEqual({ workflowId: 'w', runId: 'r1', record: deal });
  });
});
