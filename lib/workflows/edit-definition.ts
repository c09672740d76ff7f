// Shared with the browser: every edit the builder can make, as pure functions on a
// definition. The canvas, the outline and the keyboard commands all call these, so each edit
// is possible without a pointer, and each returns a sentence for the live region.
import { TRIGGER_NODE, type Edge, type Step, type StepType, type WorkflowDefinition } from './definition';
import { recordCollection } from './validate-definition';

export type EditResult = { ok: true; definition: WorkflowDefinition; message: string; stepId?: string } | { ok: false; message: string };

export const STEP_LABELS: Record<StepType, string> = {
  condition: 'Condition (if / else)',
  update_record: 'Update record',
  create_record: 'Create task or note',
  assign_owner: 'Assign owner (round robin)',
  wait: 'Wait',
  webhook: 'Send webhook',
  notify: 'Notify a user',
  stop: 'Stop',
};

const SHORT_NAMES: Record<StepType, string> = {
  condition: 'Condition',
  update_record: 'Update record',
  create_record: 'Create task',
  assign_owner: 'Assign owner',
  wait: 'Wait',
  webhook: 'Webhook',
  notify: 'Notify',
  stop: 'Stop',
};

/** A display name of a node id: the trigger, or the step's name. */
export function nodeName(def: WorkflowDefinition, id: string): string {
  if (id === TRIGGER_NODE) return 'Trigger';
  return def.steps.find((s) => s.id === id)?.name ?? id;
}

function newId(def: WorkflowDefinition, type: StepType): string {
  const taken = new Set(def.steps.map((s) => s.id));
  for (let n = 1; ; n++) {
    const id = `${type.replace('_', '-')}-${n}`;
    if (!taken.has(id)) return id;
  }
}

function newEdgeId(def: WorkflowDefinition): string {
  const taken = new Set(def.edges.map((e) => e.id));
  for (let n = def.edges.length + 1; ; n++) if (!taken.has(`e${n}`)) return `e${n}`;
}

/** A new step of `type` with sensible settings (the validator lists what is still missing). */
export function defaultStep(def: WorkflowDefinition, type: StepType, id = newId(def, type)): Step {
  const n = def.steps.filter((s) => s.type === type).length + 1;
  const name = `${SHORT_NAMES[type]} ${n}`;
  const hasRecord = recordCollection(def) !== undefined;
  switch (type) {
    case 'condition':
      return { id, name, type, group: { combinator: 'and', conditions: [{ field: '', op: 'eq', value: '' }] } };
    case 'update_record':
      return { id, name, type, set: [] };
    case 'create_record':
      return { id, name, type, kind: 'task', subject: hasRecord ? 'Follow up on {{record.id}}' : 'Follow up', dueInHours: 24, assignee: { type: hasRecord ? 'record_owner' : 'workflow_owner' } };
    case 'assign_owner':
      return { id, name, type, strategy: 'round_robin', userIds: [] };
    case 'wait':
      return { id, name, type, wait: { mode: 'duration', seconds: 24 * 3600 } };
    case 'webhook':
      return { id, name, type, url: 'https://example.com/hook', timeoutMs: 10_000 };
    case 'notify':
      return { id, name, type, recipient: { type: 'workflow_owner' }, message: 'Workflow {{workflow.name}} ran' };
    case 'stop':
      return { id, name, type };
    default: {
      const never: never = type;
      throw new Error(`unknown step type ${String(never)}`);
    }
  }
}

function outgoing(def: WorkflowDefinition, source: string, branch?: 'true' | 'false'): Edge | undefined {
  return def.edges.find((e) => e.source === source && (branch ? e.branch === branch : !e.branch));
}

function reaches(def: WorkflowDefinition, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop() as string;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of def.edges) if (e.source === id) stack.push(e.target);
  }
  return false;
}

const branchWord = (b?: 'true' | 'false') => (b === 'true' ? ' (yes)' : b === 'false' ? ' (no)' : '');

/**
 * Adds a step. With `after`, it is inserted there: `after` → new step → what `after` led to
 * (on `branch` for conditions). Without, it is added unconnected.
 */
export function addStep(def: WorkflowDefinition, type: StepType, after?: string, branch?: 'true' | 'false'): EditResult {
  const step = defaultStep(def, type);
  const steps = [...def.steps, step];
  let edges = [...def.edges];
  let where = '';
  if (after) {
    const afterStep = def.steps.find((s) => s.id === after);
    if (after !== TRIGGER_NODE && !afterStep) return { ok: false, message: `There is no step ${after}` };
    if (afterStep?.type === 'stop') return { ok: false, message: `"${afterStep.name}" is a stop step; nothing can follow it` };
    const b = afterStep?.type === 'condition' ? (branch ?? 'true') : undefined;
    const old = outgoing(def, after, b);
    const draft = { ...def, steps, edges };
    edges = edges.filter((e) => e !== old);
    edges.push({ id: newEdgeId(draft), source: after, target: step.id, ...(b ? { branch: b } : {}) });
    if (old && type !== 'stop') {
      const nb = type === 'condition' ? 'true' : undefined;
      edges.push({ id: newEdgeId({ ...draft, edges }), source: step.id, target: old.target, ...(nb ? { branch: nb } : {}) });
    }
    where = ` after "${nodeName(def, after)}"${branchWord(b)}`;
  }
  return { ok: true, definition: { ...def, steps, edges }, stepId: step.id, message: `Added "${step.name}"${where}` };
}

/** Connects `source` to `target`, replacing the source's previous connection on that branch. */
export function connect(def: WorkflowDefinition, source: string, target: string, branch?: 'true' | 'false'): EditResult {
  const from = def.steps.find((s) => s.id === source);
  const to = def.steps.find((s) => s.id === target);
  if ((source !== TRIGGER_NODE && !from) || !to) return { ok: false, message: 'Choose two existing steps' };
  if (source === target) return { ok: false, message: 'A step cannot connect to itself' };
  if (from?.type === 'stop') return { ok: false, message: `"${from.name}" is a stop step; nothing can follow it` };
  if (reaches(def, target, source)) return { ok: false, message: `Connecting "${nodeName(def, source)}" to "${to.name}" would make a loop` };
  const b = from?.type === 'condition' ? (branch ?? 'true') : undefined;
  const old = outgoing(def, source, b);
  const edges = def.edges.filter((e) => e !== old);
  edges.push({ id: newEdgeId(def), source, target, ...(b ? { branch: b } : {}) });
  return { ok: true, definition: { ...def, edges }, message: `Connected "${nodeName(def, source)}"${branchWord(b)} to "${to.name}"` };
}

/** Removes one connection. */
export function disconnect(def: WorkflowDefinition, edgeId: string): EditResult {
  const edge = def.edges.find((e) => e.id === edgeId);
  if (!edge) return { ok: false, message: 'That connection no longer exists' };
  return {
    ok: true,
    definition: { ...def, edges: def.edges.filter((e) => e.id !== edgeId) },
    message: `Removed the connection from "${nodeName(def, edge.source)}"${branchWord(edge.branch)} to "${nodeName(def, edge.target)}"`,
  };
}

/** Deletes a step; a step with one way in and one way out is bridged so the flow stays connected. */
export function deleteStep(def: WorkflowDefinition, id: string): EditResult {
  const step = def.steps.find((s) => s.id === id);
  if (!step) return { ok: false, message: 'That step no longer exists' };
  const inbound = def.edges.filter((e) => e.target === id);
  const outbound = def.edges.filter((e) => e.source === id);
  const edges = def.edges.filter((e) => e.source !== id && e.target !== id);
  if (inbound.length === 1 && outbound.length === 1 && !outbound[0]?.branch) {
    const i = inbound[0] as Edge;
    edges.push({ id: i.id, source: i.source, target: (outbound[0] as Edge).target, ...(i.branch ? { branch: i.branch } : {}) });
  }
  return { ok: true, definition: { ...def, steps: def.steps.filter((s) => s.id !== id), edges }, message: `Deleted "${step.name}"` };
}

/** Replaces a step's settings (its id stays). */
export function updateStep(def: WorkflowDefinition, step: Step): EditResult {
  if (!def.steps.some((s) => s.id === step.id)) return { ok: false, message: 'That step no longer exists' };
  return { ok: true, definition: { ...def, steps: def.steps.map((s) => (s.id === step.id ? step : s)) }, message: `Updated "${step.name}"` };
}

/**
 * Moves a step one place earlier or later in its chain by swapping it with its neighbour
 * (both must be plain steps: a condition's branches cannot be swapped meaningfully).
 */
export function moveStep(def: WorkflowDefinition, id: string, direction: 'up' | 'down'): EditResult {
  const step = def.steps.find((s) => s.id === id);
  if (!step) return { ok: false, message: 'That step no longer exists' };
  const link = direction === 'up' ? def.edges.find((e) => e.target === id && e.source !== TRIGGER_NODE) : def.edges.find((e) => e.source === id);
  const otherId = link ? (direction === 'up' ? link.source : link.target) : undefined;
  const other = def.steps.find((s) => s.id === otherId);
  if (!other) return { ok: false, message: `"${step.name}" is already ${direction === 'up' ? 'first' : 'last'}` };
  if ([step, other].some((s) => s.type === 'condition' || s.type === 'stop')) {
    return { ok: false, message: 'Conditions and stop steps cannot be swapped; reconnect them instead' };
  }
  const swap = (x: string) => (x === id ? (other.id as string) : x === other.id ? id : x);
  const edges = def.edges.map((e) => ({ ...e, source: swap(e.source), target: swap(e.target) }));
  const order = def.steps.map((s) => (s.id === id ? other : s.id === other.id ? step : s));
  return { ok: true, definition: { ...def, steps: order, edges }, message: `Moved "${step.name}" ${direction === 'up' ? 'before' : 'after'} "${other.name}"` };
}

/** Steps in flow order (breadth-first from the trigger), then any unconnected ones. */
export function outlineOrder(def: WorkflowDefinition): { step: Step; depth: number; via?: 'true' | 'false'; from?: string }[] {
  const out: { step: Step; depth: number; via?: 'true' | 'false'; from?: string }[] = [];
  const seen = new Set<string>();
  const visit = (id: string, depth: number, via?: 'true' | 'false', from?: string) => {
    const step = def.steps.find((s) => s.id === id);
    if (!step || seen.has(id)) return;
    seen.add(id);
    out.push({ step, depth, via, from });
    const edges = def.edges.filter((e) => e.source === id).sort((a, b) => (a.branch === 'false' ? 1 : 0) - (b.branch === 'false' ? 1 : 0));
    for (const e of edges) visit(e.target, e.branch ? depth + 1 : depth, e.branch, id);
  };
  for (const e of def.edges.filter((x) => x.source === TRIGGER_NODE)) visit(e.target, 0);
  for (const s of def.steps) if (!seen.has(s.id)) visit(s.id, 0);
  return out;
}

/** Undo/redo history of definitions. */
export interface History {
  past: WorkflowDefinition[];
  present: WorkflowDefinition;
  future: WorkflowDefinition[];
}

const MAX_HISTORY = 100;

export function record(h: History, next: WorkflowDefinition): History {
  return { past: [...h.past, h.present].slice(-MAX_HISTORY), present: next, future: [] };
}
export function undo(h: History): History {
  const prev = h.past.at(-1);
  return prev ? { past: h.past.slice(0, -1), present: prev, future: [h.present, ...h.future] } : h;
}
export function redo(h: History): History {
  const next = h.future[0];
  return next ? { past: [...h.past, h.present], present: next, future: h.future.slice(1) } : h;
}
