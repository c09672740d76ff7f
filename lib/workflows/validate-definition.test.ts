import { describe, expect, it } from 'vitest';
import type { Step, WorkflowDefinition } from './definition';
import { negotiationFollowUp } from './example-definitions';
import { validateDefinition } from './validate-definition';
import { fieldSpec, fieldSpecs } from './record-fields';
import { COLLECTIONS } from '@/sync/schema/collections';

const MANAGER = '0190a000-0000-7000-8000-000000000001';
const SECRET = '0190a000-0000-7000-8000-0000000000aa';

function example(): WorkflowDefinition {
  return negotiationFollowUp({ stageId: 'negotiation', managerId: MANAGER, secretId: SECRET, url: 'https://hooks.example.test/deal' });
}

function messages(input: unknown): string[] {
  const result = validateDefinition(input);
  return result.issues.map((i) => i.message);
}

function withStep(def: WorkflowDefinition, index: number, patch: Partial<Step>): WorkflowDefinition {
  const steps = def.steps.map((s, i) => (i === index ? ({ ...s, ...patch } as Step) : s));
  return { ...def, steps };
}

describe('validateDefinition: accepted definitions', () => {
  it('accepts the issue example and applies defaults', () => {
    const result = validateDefinition(example());
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('accepts an empty draft (manual trigger, no steps)', () => {
    expect(validateDefinition({ schemaVersion: 2, trigger: { type: 'manual' }, steps: [], edges: [] }).ok).toBe(true);
  });

  it('fills schedule timezone and webhook timeout defaults', () => {
    const result = validateDefinition({
      schemaVersion: 2,
      trigger: { type: 'schedule', cron: '0 9 * * 1' },
      steps: [{ id: 'h', name: 'Ping', type: 'webhook', url: 'http://127.0.0.1/x', secretId: SECRET }],
      edges: [{ id: 'e', source: 'trigger', target: 'h' }],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.definition.trigger).toEqual({ type: 'schedule', cron: '0 9 * * 1', timezone: 'UTC' });
    expect(result.definition.steps[0]).toMatchObject({ timeoutMs: 10_000 });
  });
});

describe('validateDefinition: graph rules', () => {
  it('rejects a cycle and names the step that closes it', () => {
    const def = example();
    def.edges = def.edges.filter((e) => e.id !== 'e3');
    def.edges.push({ id: 'loop', source: 'still', target: 'task', branch: 'true' });
    def.steps = def.steps.filter((s) => s.id !== 'hook');
    const msgs = messages(def);
    expect(msgs).toContainEqual(expect.stringMatching(/Step "Task for the manager" \(task\) is part of a loop \(Step "Still in negotiation\?" \(still\) leads back to it\)/));
  });

  it('rejects a self-loop', () => {
    const def = example();
    def.edges.push({ id: 'self', source: 'end', target: 'end' });
    const msgs = messages(def);
    expect(msgs).toContainEqual(expect.stringContaining('Step "Done" (end) is a stop step and cannot lead anywhere'));
    expect(msgs).toContainEqual(expect.stringContaining('Step "Done" (end) is part of a loop'));
  });

  it('rejects an unreachable step, naming it', () => {
    const def = example();
    def.steps.push({ id: 'orphan', name: 'Lonely note', type: 'stop' });
    const result = validateDefinition(def);
    expect(result.ok).toBe(false);
    expect(result.issues).toEqual([{ stepId: 'orphan', path: 'edges', message: 'Step "Lonely note" (orphan) cannot be reached from the trigger' }]);
  });

  it('rejects a missing or doubled entry edge', () => {
    const def = example();
    def.edges = def.edges.filter((e) => e.source !== 'trigger');
    expect(messages(def)).toContain('The trigger is not connected to a first step');
    const two = example();
    two.edges.push({ id: 'e9', source: 'trigger', target: 'wait' });
    expect(messages(two)).toContain('The trigger connects to more than one step; connect it to one first step');
  });

  it('rejects edges to steps that do not exist', () => {
    const def = example();
    def.edges.push({ id: 'ghost', source: 'end', target: 'nowhere' });
    expect(messages(def)).toContain('Step "Done" (end) connects to a step that does not exist (nowhere)');
  });

  it('rejects duplicate step ids and the reserved id "trigger"', () => {
    const def = example();
    def.steps.push({ id: 'task', name: 'Second', type: 'stop' });
    expect(messages(def)).toContainEqual(expect.stringContaining('Step "Second" (task): the id "task" is already used'));
    const reserved = example();
    reserved.steps.push({ id: 'trigger', name: 'Bad', type: 'stop' });
    expect(messages(reserved)).toContainEqual(expect.stringContaining('the id "trigger" is already used'));
  });

  it('enforces branch rules on conditions and plain steps', () => {
    const def = example();
    def.edges.push({ id: 'dup', source: 'still', target: 'end', branch: 'true' });
    def.edges.push({ id: 'nb', source: 'wait', target: 'end', branch: 'false' });
    const msgs = messages(def);
    expect(msgs).toContain('Step "Still in negotiation?" (still) has 2 "yes" connections; keep one');
    expect(msgs).toContain('Step "Wait 2 days" (wait) is not a condition, so its connection cannot be a yes/no branch');
    expect(msgs).toContain('Step "Wait 2 days" (wait) connects to 2 steps; a step leads to at most one next step');
  });

  it('requires a condition\'s connections to be branches', () => {
    const def = example();
    def.edges = def.edges.map((e) => (e.id === 'e4' ? { id: 'e4', source: 'still', target: 'end' } : e));
    expect(messages(def)).toContain('Step "Still in negotiation?" (still) is a condition: each of its connections must be the "yes" or the "no" branch');
  });
});

describe('validateDefinition: missing fields (shape)', () => {
  it('names the step whose required setting is missing', () => {
    const def = example() as unknown as { steps: Record<string, unknown>[] };
    delete (def.steps[0] as Record<string, unknown>).subject;
    const result = validateDefinition(def);
    expect(result.ok).toBe(false);
    expect(result.issues[0]).toMatchObject({ stepId: 'task', path: 'steps.0.subject' });
    expect(result.issues[0]?.message).toMatch(/^Step "Task for the manager" \(task\): subject: /);
  });

  it('rejects an empty step name, a bad URL and an unknown step type', () => {
    expect(messages(withStep(example(), 0, { name: '  ' }))).toContainEqual(expect.stringContaining('a step needs a name'));
    expect(messages(withStep(example(), 3, { url: 'ftp://x' } as Partial<Step>))).toContainEqual(
      expect.stringContaining('Step "Post to webhook" (hook): url: an http(s) URL is required'),
    );
    const def = example() as unknown as { steps: Record<string, unknown>[] };
    (def.steps[4] as Record<string, unknown>).type = 'teleport';
    expect(validateDefinition(def).issues[0]).toMatchObject({ stepId: 'end' });
  });

  it('rejects a wrong schema version and a bad cron', () => {
    expect(validateDefinition({ ...example(), schemaVersion: 3 }).ok).toBe(false);
    expect(messages({ ...example(), trigger: { type: 'schedule', cron: '* *' } })).toContainEqual(expect.stringContaining('five fields'));
  });

  it('rejects non-objects without throwing', () => {
    expect(validateDefinition(null).ok).toBe(false);
    expect(validateDefinition('x').ok).toBe(false);
  });
});

describe('validateDefinition: fields and types', () => {
  it('rejects a condition on a field the collection does not have', () => {
    const def = example();
    def.steps[2] = { id: 'still', name: 'Still in negotiation?', type: 'condition', group: { combinator: 'and', conditions: [{ field: 'stage', op: 'eq', value: 'x' }] } };
    expect(messages(def)).toContain('Step "Still in negotiation?" (still): the field "stage" does not exist on deals');
  });

  it('rejects value type mismatches', () => {
    const def = example();
    def.steps[2] = {
      id: 'still',
      name: 'Big?',
      type: 'condition',
      group: { combinator: 'or', conditions: [{ field: 'amountCents', op: 'gt', value: 'lots' }, { combinator: 'and', conditions: [{ field: 'status', op: 'eq', value: 'pending' }] }] },
    };
    const msgs = messages(def);
    expect(msgs).toContain('Step "Big?" (still): "amountCents" expects a number, got "lots"');
    expect(msgs).toContain('Step "Big?" (still): "status" expects one of open, won, lost, got "pending"');
  });

  it('rejects operators that do not fit the field type', () => {
    const def = example();
    def.trigger = { type: 'record', collection: 'deals', events: ['create'], filter: { combinator: 'and', conditions: [{ field: 'name', op: 'gt', value: 'a' }, { field: 'amountCents', op: 'contains', value: '5' }, { field: 'stageId', op: 'changed' }] } };
    const msgs = messages(def);
    expect(msgs).toContain('Trigger filter: "name" is string, which cannot be compared with greater/less than');
    expect(msgs).toContain('Trigger filter: "contains" works on text, but "amountCents" is number');
    expect(msgs).toContain('Trigger filter: "changed" needs a trigger on record updates');
  });

  it('checks update_record fields, writability and value types', () => {
    const def = example();
    def.steps[0] = { id: 'task', name: 'Set', type: 'update_record', set: [{ field: 'amountCents', value: 'x' }, { field: 'createdAt', value: '2026-01-01T00:00:00Z' }, { field: 'nope', value: 1 }, { field: 'closeDate', value: '2026-13-45' }, { field: 'name', value: '' }, { field: 'currency', value: null }] };
    const msgs = messages(def);
    expect(msgs).toContain('Step "Set" (task): "amountCents" expects a number, got "x"');
    expect(msgs).toContain('Step "Set" (task): the field "createdAt" cannot be changed by a workflow');
    expect(msgs).toContain('Step "Set" (task): the field "nope" does not exist on deals');
    expect(msgs).toContain('Step "Set" (task): "closeDate" expects a date (YYYY-MM-DD), got "2026-13-45"');
    // The collection's own validator: what a phone would refuse, a workflow cannot store.
    expect(msgs).toContain('Step "Set" (task): "name" is invalid (Too small: expected string to have >=1 characters), got ""');
    expect(msgs).toContain('Step "Set" (task): "currency" is invalid (Invalid input: expected string, received null), got null');
  });

  it('offers every field of the collection definitions, by wire name', () => {
    expect(fieldSpecs('activities').map(([name]) => name)).toEqual(Object.keys(COLLECTIONS.activities.fields));
    expect(fieldSpec('activities', 'latitude')).toEqual({ type: { kind: 'number' }, label: 'Latitude', writable: true });
    expect(fieldSpec('deals', 'companyId')).toEqual({ type: { kind: 'uuid' }, label: 'Company', writable: true });
    expect(fieldSpec('deals', 'status')).toMatchObject({ type: { kind: 'enum', values: ['open', 'won', 'lost'] } });
    expect(fieldSpec('deals', 'updatedAt')).toMatchObject({ writable: false });
    expect(fieldSpec('deals', 'stage_id')).toBeUndefined();
  });

  it('rejects record steps when the trigger has no record', () => {
    const def = example();
    def.trigger = { type: 'schedule', cron: '0 9 * * *', timezone: 'UTC' };
    const msgs = messages(def);
    expect(msgs).toContain('Step "Still in negotiation?" (still): compares record fields, but the trigger provides no record');
    expect(msgs).toContain('Step "Task for the manager" (task): uses {{record.name}}, but the trigger provides no record');
  });

  it('requires wait-until fields to be dates', () => {
    const def = example();
    def.steps[1] = { id: 'wait', name: 'Until', type: 'wait', wait: { mode: 'until_field', field: 'amountCents', offsetSeconds: 0 } };
    expect(messages(def)).toContain('Step "Until" (wait): can only wait until a date field, but "amountCents" is number');
    def.steps[1] = { id: 'wait', name: 'Until', type: 'wait', wait: { mode: 'until_field', field: 'closeDate', offsetSeconds: -3600 } };
    expect(validateDefinition(def).ok).toBe(true);
  });

  it('checks template placeholders', () => {
    const def = withStep(example(), 0, { subject: 'Hi {{record.nam}} {{secret.key}}' } as Partial<Step>);
    const msgs = messages(def);
    expect(msgs).toContain('Step "Task for the manager" (task): the field "nam" in {{record.nam}} does not exist on deals');
    expect(msgs).toContain('Step "Task for the manager" (task): unknown placeholder {{secret.key}} (use record., workflow. or run.)');
  });

  it('rejects a duplicated round-robin member and a due time on a note', () => {
    const def = example();
    def.steps[0] = { id: 'task', name: 'Team', type: 'assign_owner', strategy: 'round_robin', userIds: [MANAGER, MANAGER] };
    expect(messages(def)).toContain('Step "Team" (task): a team member is listed twice');
    const note = withStep(example(), 0, { kind: 'note' } as Partial<Step>);
    expect(messages(note)).toContain('Step "Task for the manager" (task): only tasks have a due time');
  });

  it('rejects an empty condition group', () => {
    const def = example();
    def.steps[2] = { id: 'still', name: 'Empty', type: 'condition', group: { combinator: 'and', conditions: [] } };
    expect(messages(def)).toContain('Step "Empty" (still): a condition group needs at least one condition');
  });
});

describe('validateDefinition: incomplete drafts save but do not publish', () => {
  it('names each missing setting of a freshly added step', () => {
    const def = example();
    def.steps[0] = { id: 'task', name: 'Set', type: 'update_record', set: [] };
    def.steps[2] = { id: 'still', name: 'Check', type: 'condition', group: { combinator: 'and', conditions: [{ field: '', op: 'eq', value: '' }] } };
    def.steps[3] = { id: 'hook', name: 'Hook', type: 'webhook', url: 'https://x.test/', timeoutMs: 1000 };
    const msgs = messages(def);
    expect(msgs).toContain('Step "Set" (task): choose at least one field to set');
    expect(msgs).toContain('Step "Check" (still): choose a field to compare');
    expect(msgs).toContain('Step "Hook" (hook): choose a signing secret');
  });

  it('a webhook body must be JSON with placeholders as values (it is filled as data)', () => {
    const hookAt = example().steps.findIndex((s) => s.type === 'webhook');
    const at = (body: string) => validateDefinition(withStep(example(), hookAt, { body } as Partial<Step>)).issues.filter((i) => i.path === `steps.${hookAt}.body`).map((i) => i.message);
    // Bare placeholders (bodies published before bodies were built as data) stay accepted.
    expect(at('{"amount":{{record.amountCents}}, "name": {{ record.name }}}')).toEqual([]);
    expect(at('{"amount":x{{record.amountCents}}}')).toEqual(['Step "Post to webhook" (hook): the body must be JSON with placeholders as values (e.g. {"name": "{{record.name}}", "amount": {{record.amountCents}}})']);
    expect(at('{"{{record.name}}":1}')).toEqual(['Step "Post to webhook" (hook): placeholders are filled in values only, not in keys']);
    expect(at('{"amount":"{{record.amountCents}}","list":[1,"{{record.name}}"]}')).toEqual([]);
  });

  it('requires a team, a subject and a message', () => {
    const def = example();
    def.steps[0] = { id: 'task', name: 'Team', type: 'assign_owner', strategy: 'round_robin', userIds: [] };
    def.steps[1] = { id: 'wait', name: 'Tell', type: 'notify', recipient: { type: 'workflow_owner' }, message: ' ' };
    const msgs = messages(def);
    expect(msgs).toContain('Step "Team" (task): a team needs at least one member');
    expect(msgs).toContain('Step "Tell" (wait): a message is required');
    const blank = withStep(example(), 0, { subject: '' } as Partial<Step>);
    expect(messages(blank)).toContain('Step "Task for the manager" (task): a subject is required');
  });
});
