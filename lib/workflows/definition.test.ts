import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { conditionGroupSchema, emptyDefinition, workflowDefinitionSchema } from './definition';
import { saveDraftInput } from './manage-workflows';
import { startRunInput } from './start-run';

const issuesOf = (r: { error?: z.ZodError }) => (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

function nestedGroup(levels: number): unknown {
  let g: unknown = { combinator: 'and', conditions: [{ field: 'name', op: 'is_empty' }] };
  for (let i = 0; i < levels; i++) g = { combinator: 'or', conditions: [g] };
  return g;
}

describe('workflow definition bounds (shared with the builder)', () => {
  it('a 10,000-level filter is refused by name, not a stack overflow', () => {
    const def = { ...emptyDefinition(), trigger: { type: 'record', collection: 'deals', events: ['update'], filter: nestedGroup(10_000) } };
    expect(issuesOf(workflowDefinitionSchema.safeParse(def))).toEqual(['trigger.filter: conditions are nested too deeply (at most 16 levels)']);
    expect(conditionGroupSchema.safeParse(nestedGroup(10)).success).toBe(true);
  });

  it('text refuses NUL and lone surrogates, naming the field', () => {
    const def = { ...emptyDefinition(), steps: [{ id: 's1', type: 'notify', name: 'Tell\u0000', recipient: { type: 'record_owner' }, message: 'hi \ud800' }] };
    expect(issuesOf(workflowDefinitionSchema.safeParse(def))).toEqual([
      'steps.0.name: must not contain NUL characters or unpaired UTF-16 surrogates',
      'steps.0.message: must not contain NUL characters or unpaired UTF-16 surrogates',
    ]);
  });

  it('a draft revision beyond the integer column is refused', () => {
    expect(issuesOf(saveDraftInput.safeParse({ definition: emptyDefinition(), revision: 2 ** 31 }))).toEqual([expect.stringMatching(/^revision: Too big/)]);
    expect(saveDraftInput.safeParse({ definition: emptyDefinition(), revision: 2 ** 31 - 1 }).success).toBe(true);
  });

  it('run input is bounded JSON', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expect(issuesOf(startRunInput.safeParse({ input: deep }))[0]).toMatch(/^input(\.a)+: nests deeper than 64/);
    expect(issuesOf(startRunInput.safeParse({ input: { note: 'x\u0000' } }))).toEqual(['input.note: must not contain NUL characters or unpaired UTF-16 surrogates']);
    expect(startRunInput.safeParse({ input: { note: 'fine', n: [1, 2] } }).success).toBe(true);
  });
});
