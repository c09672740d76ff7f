// Shared with the browser: the builder shows these issues live, the server refuses to
// publish a definition that has any. Every message names the step it is about, so an admin
// can find it in the outline without reading JSON paths.
import {
  isGroup,
  TRIGGER_NODE,
  UNARY_OPS,
  workflowDefinitionSchema,
  type Condition,
  type ConditionGroup,
  type Step,
  type WorkflowDefinition,
} from './definition';
import { fieldSpec, storedValueError, valueTypeError, type Collection } from './record-fields';
import { parseJsonTemplate } from './evaluate';

export interface DefinitionIssue {
  /** The step the issue is about; absent for trigger-wide or graph-wide issues. */
  stepId?: string;
  path: string;
  message: string;
}

export type ValidationResult =
  | { ok: true; definition: WorkflowDefinition; issues: [] }
  | { ok: false; definition?: WorkflowDefinition; issues: DefinitionIssue[] };

/** `{{record.field}}` placeholders in a template. */
const PLACEHOLDER = /\{\{\s*([a-zA-Z_]+)\.([a-zA-Z0-9_]+)\s*\}\}/g;
const PLACEHOLDER_ROOTS = ['record', 'workflow', 'run'];

function label(step: Pick<Step, 'id' | 'name'>): string {
  return `Step "${step.name}" (${step.id})`;
}

/**
 * Parses and checks a definition: shape (zod), then graph rules (one entry edge, no cycles,
 * no unreachable steps, branch rules) and types (fields exist on the trigger's collection,
 * values fit their field, operators fit their field type).
 */
export function validateDefinition(input: unknown): ValidationResult {
  const parsed = workflowDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    const steps = (input as { steps?: { id?: unknown; name?: unknown }[] } | null)?.steps;
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => {
        const [head, index] = issue.path;
        const raw = head === 'steps' && typeof index === 'number' && Array.isArray(steps) ? steps[index] : undefined;
        const stepId = typeof raw?.id === 'string' ? raw.id : undefined;
        const name = typeof raw?.name === 'string' && raw.name ? raw.name : stepId;
        const prefix = stepId ? `Step "${name}" (${stepId}): ` : '';
        const field = issue.path.slice(stepId ? 2 : 0).join('.');
        return { stepId, path: issue.path.join('.'), message: `${prefix}${field ? `${field}: ` : ''}${issue.message}` };
      }),
    };
  }
  const definition = parsed.data;
  const issues = [...checkGraph(definition), ...checkTypes(definition)];
  return issues.length === 0 ? { ok: true, definition, issues: [] } : { ok: false, definition, issues };
}

/** The collection whose record every run carries, or undefined (schedule, webhook, bare manual). */
export function recordCollection(definition: WorkflowDefinition): Collection | undefined {
  const t = definition.trigger;
  return t.type === 'record' || t.type === 'manual' ? t.collection : undefined;
}

function checkGraph(def: WorkflowDefinition): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const byId = new Map<string, Step>();
  def.steps.forEach((step, i) => {
    if (step.id === TRIGGER_NODE || byId.has(step.id)) {
      issues.push({ stepId: step.id, path: `steps.${i}.id`, message: `${label(step)}: the id "${step.id}" is already used` });
    }
    byId.set(step.id, step);
  });
  const out = new Map<string, typeof def.edges>();
  const edgeIds = new Set<string>();
  def.edges.forEach((edge, i) => {
    const path = `edges.${i}`;
    if (edgeIds.has(edge.id)) issues.push({ path, message: `Connection ${edge.id} is listed twice` });
    edgeIds.add(edge.id);
    const source = edge.source === TRIGGER_NODE ? undefined : byId.get(edge.source);
    if (edge.source !== TRIGGER_NODE && !source) {
      issues.push({ path, message: `Connection ${edge.id} starts at a step that does not exist (${edge.source})` });
      return;
    }
    if (!byId.has(edge.target)) {
      const from = source ? label(source) : 'The trigger';
      issues.push({ stepId: source?.id, path, message: `${from} connects to a step that does not exist (${edge.target})` });
      return;
    }
    const list = out.get(edge.source) ?? [];
    list.push(edge);
    out.set(edge.source, list);
  });

  const entry = out.get(TRIGGER_NODE) ?? [];
  if (def.steps.length > 0 && entry.length === 0) issues.push({ path: 'edges', message: 'The trigger is not connected to a first step' });
  if (entry.length > 1) issues.push({ path: 'edges', message: 'The trigger connects to more than one step; connect it to one first step' });
  if (entry.some((e) => e.branch)) issues.push({ path: 'edges', message: 'The trigger\'s connection cannot have a yes/no branch' });

  for (const step of def.steps) {
    const edges = out.get(step.id) ?? [];
    const where = label(step);
    if (step.type === 'stop') {
      if (edges.length > 0) issues.push({ stepId: step.id, path: 'edges', message: `${where} is a stop step and cannot lead anywhere` });
    } else if (step.type === 'condition') {
      for (const branch of ['true', 'false'] as const) {
        const n = edges.filter((e) => e.branch === branch).length;
        if (n > 1) issues.push({ stepId: step.id, path: 'edges', message: `${where} has ${n} "${branch === 'true' ? 'yes' : 'no'}" connections; keep one` });
      }
      if (edges.some((e) => !e.branch)) {
        issues.push({ stepId: step.id, path: 'edges', message: `${where} is a condition: each of its connections must be the "yes" or the "no" branch` });
      }
    } else {
      if (edges.some((e) => e.branch)) issues.push({ stepId: step.id, path: 'edges', message: `${where} is not a condition, so its connection cannot be a yes/no branch` });
      if (edges.length > 1) issues.push({ stepId: step.id, path: 'edges', message: `${where} connects to ${edges.length} steps; a step leads to at most one next step` });
    }
  }

  // Cycles: depth-first search with colours; report each step that closes a loop once.
  const colour = new Map<string, 'grey' | 'black'>();
  const reported = new Set<string>();
  const visit = (id: string) => {
    colour.set(id, 'grey');
    for (const edge of out.get(id) ?? []) {
      const c = colour.get(edge.target);
      if (c === 'grey' && !reported.has(edge.target)) {
        reported.add(edge.target);
        const target = byId.get(edge.target);
        const from = byId.get(id);
        issues.push({
          stepId: edge.target,
          path: 'edges',
          message: `${target ? label(target) : edge.target} is part of a loop (${from ? label(from) : id} leads back to it); workflows cannot loop`,
        });
      } else if (!c) visit(edge.target);
    }
    colour.set(id, 'black');
  };
  visit(TRIGGER_NODE);
  for (const step of def.steps) if (!colour.has(step.id)) visit(step.id);

  // Reachability from the trigger.
  const reached = new Set<string>();
  const queue = [TRIGGER_NODE];
  while (queue.length) {
    const id = queue.shift() as string;
    for (const edge of out.get(id) ?? []) {
      if (!reached.has(edge.target)) {
        reached.add(edge.target);
        queue.push(edge.target);
      }
    }
  }
  for (const step of def.steps) {
    if (!reached.has(step.id)) issues.push({ stepId: step.id, path: 'edges', message: `${label(step)} cannot be reached from the trigger` });
  }
  return issues;
}

function checkTypes(def: WorkflowDefinition): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const collection = recordCollection(def);
  const hasUpdates = def.trigger.type === 'record' && def.trigger.events.includes('update');

  const checkGroup = (group: ConditionGroup, where: string, stepId: string | undefined, path: string, depth: number) => {
    if (depth > 4) issues.push({ stepId, path, message: `${where}: conditions are nested too deeply (at most 4 levels)` });
    if (group.conditions.length === 0) issues.push({ stepId, path, message: `${where}: a condition group needs at least one condition` });
    group.conditions.forEach((item, i) => {
      const p = `${path}.conditions.${i}`;
      if (isGroup(item)) checkGroup(item, where, stepId, p, depth + 1);
      else checkCondition(item, where, stepId, p);
    });
  };

  const checkCondition = (c: Condition, where: string, stepId: string | undefined, path: string) => {
    if (!collection) {
      issues.push({ stepId, path, message: `${where}: compares record fields, but the trigger provides no record` });
      return;
    }
    if (!c.field) {
      issues.push({ stepId, path, message: `${where}: choose a field to compare` });
      return;
    }
    const spec = fieldSpec(collection, c.field);
    if (!spec) {
      issues.push({ stepId, path, message: `${where}: the field "${c.field}" does not exist on ${collection}` });
      return;
    }
    const kind = spec.type.kind;
    if ((c.op === 'changed' || c.op === 'changed_to') && !hasUpdates) {
      issues.push({ stepId, path, message: `${where}: "changed" needs a trigger on record updates` });
    }
    if (['gt', 'gte', 'lt', 'lte'].includes(c.op) && !['number', 'date', 'datetime'].includes(kind)) {
      issues.push({ stepId, path, message: `${where}: "${c.field}" is ${kind}, which cannot be compared with greater/less than` });
    }
    if (c.op === 'contains' && kind !== 'string') {
      issues.push({ stepId, path, message: `${where}: "contains" works on text, but "${c.field}" is ${kind}` });
    }
    if (UNARY_OPS.includes(c.op)) return;
    if (c.value === undefined || c.value === null) {
      issues.push({ stepId, path, message: `${where}: the comparison on "${c.field}" needs a value` });
      return;
    }
    const typeError = c.op === 'contains' ? valueTypeError({ kind: 'string' }, c.value) : valueTypeError(spec.type, c.value);
    if (typeError) issues.push({ stepId, path, message: `${where}: "${c.field}" ${typeError}, got ${JSON.stringify(c.value)}` });
  };

  const checkTemplate = (text: string | undefined, where: string, stepId: string, path: string) => {
    if (!text) return;
    for (const match of text.matchAll(PLACEHOLDER)) {
      const root = match[1] ?? '';
      const field = match[2] ?? '';
      if (!PLACEHOLDER_ROOTS.includes(root)) {
        issues.push({ stepId, path, message: `${where}: unknown placeholder {{${root}.${field}}} (use record., workflow. or run.)` });
      } else if (root === 'record') {
        if (!collection) issues.push({ stepId, path, message: `${where}: uses {{record.${field}}}, but the trigger provides no record` });
        else if (!fieldSpec(collection, field)) issues.push({ stepId, path, message: `${where}: the field "${field}" in {{record.${field}}} does not exist on ${collection}` });
      }
    }
  };

  // The body is filled as data (renderJsonTemplate): it must be JSON once bare placeholders are
  // quoted (a bare placeholder keeps the value's type, as a string that is only a placeholder does).
  const checkJsonBody = (text: string, where: string, stepId: string, path: string) => {
    let parsed: unknown;
    try {
      parsed = parseJsonTemplate(text);
    } catch {
      issues.push({ stepId, path, message: `${where}: the body must be JSON with placeholders as values (e.g. {"name": "{{record.name}}", "amount": {{record.amountCents}}})` });
      return;
    }
    const keyWithPlaceholder = (v: unknown): boolean =>
      Array.isArray(v) ? v.some(keyWithPlaceholder) : v !== null && typeof v === 'object' ? Object.entries(v).some(([k, x]) => k.includes('{{') || keyWithPlaceholder(x)) : false;
    if (keyWithPlaceholder(parsed)) issues.push({ stepId, path, message: `${where}: placeholders are filled in values only, not in keys` });
  };

  const needsRecord = (step: Step, what: string): boolean => {
    if (collection) return true;
    issues.push({ stepId: step.id, path: `steps`, message: `${label(step)}: ${what}, but the trigger provides no record` });
    return false;
  };

  if (def.trigger.type === 'record' && def.trigger.filter) checkGroup(def.trigger.filter, 'Trigger filter', undefined, 'trigger.filter', 1);

  def.steps.forEach((step, i) => {
    const where = label(step);
    const path = `steps.${i}`;
    switch (step.type) {
      case 'condition':
        checkGroup(step.group, where, step.id, `${path}.group`, 1);
        break;
      case 'update_record':
        if (!needsRecord(step, 'updates the record')) break;
        if (step.set.length === 0) issues.push({ stepId: step.id, path: `${path}.set`, message: `${where}: choose at least one field to set` });
        step.set.forEach((item, j) => {
          const spec = fieldSpec(collection as Collection, item.field);
          const p = `${path}.set.${j}`;
          if (!spec) issues.push({ stepId: step.id, path: p, message: `${where}: the field "${item.field}" does not exist on ${collection}` });
          else if (!spec.writable) issues.push({ stepId: step.id, path: p, message: `${where}: the field "${item.field}" cannot be changed by a workflow` });
          else {
            // The type first (the clearer words), then the collection's own validator (lengths,
            // required values), so a published step cannot write what the record schema refuses.
            const err = valueTypeError(spec.type, item.value) ?? storedValueError(collection as Collection, item.field, item.value);
            if (err) issues.push({ stepId: step.id, path: p, message: `${where}: "${item.field}" ${err}, got ${JSON.stringify(item.value)}` });
          }
        });
        break;
      case 'create_record':
        if (!step.subject.trim()) issues.push({ stepId: step.id, path: `${path}.subject`, message: `${where}: a subject is required` });
        if (step.assignee.type === 'record_owner') needsRecord(step, 'assigns to the record owner');
        if (step.kind === 'note' && step.dueInHours !== undefined) {
          issues.push({ stepId: step.id, path: `${path}.dueInHours`, message: `${where}: only tasks have a due time` });
        }
        checkTemplate(step.subject, where, step.id, `${path}.subject`);
        checkTemplate(step.body, where, step.id, `${path}.body`);
        break;
      case 'assign_owner':
        needsRecord(step, 'assigns the record owner');
        if (step.userIds.length === 0) issues.push({ stepId: step.id, path: `${path}.userIds`, message: `${where}: a team needs at least one member` });
        if (new Set(step.userIds).size !== step.userIds.length) {
          issues.push({ stepId: step.id, path: `${path}.userIds`, message: `${where}: a team member is listed twice` });
        }
        break;
      case 'wait':
        if (step.wait.mode === 'until_field' && needsRecord(step, 'waits for a record date')) {
          if (!step.wait.field) {
            issues.push({ stepId: step.id, path: `${path}.wait.field`, message: `${where}: choose a date field to wait for` });
            break;
          }
          const spec = fieldSpec(collection as Collection, step.wait.field);
          if (!spec) issues.push({ stepId: step.id, path: `${path}.wait.field`, message: `${where}: the field "${step.wait.field}" does not exist on ${collection}` });
          else if (spec.type.kind !== 'date' && spec.type.kind !== 'datetime') {
            issues.push({ stepId: step.id, path: `${path}.wait.field`, message: `${where}: can only wait until a date field, but "${step.wait.field}" is ${spec.type.kind}` });
          }
        }
        break;
      case 'webhook':
        if (!step.secretId) issues.push({ stepId: step.id, path: `${path}.secretId`, message: `${where}: choose a signing secret` });
        checkTemplate(step.body, where, step.id, `${path}.body`);
        if (step.body) checkJsonBody(step.body, where, step.id, `${path}.body`);
        break;
      case 'notify':
        if (!step.message.trim()) issues.push({ stepId: step.id, path: `${path}.message`, message: `${where}: a message is required` });
        if (step.recipient.type === 'record_owner') needsRecord(step, 'notifies the record owner');
        checkTemplate(step.message, where, step.id, `${path}.message`);
        break;
      case 'stop':
        break;
      default: {
        const never: never = step;
        throw new Error(`unknown step ${JSON.stringify(never)}`);
      }
    }
  });
  return issues;
}
