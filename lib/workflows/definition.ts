// Shared with the browser: the one schema of a workflow definition, used by the builder (as
// the document it edits), the API (request validation) and the engine (what it runs).
// A definition is a versioned JSON graph: one trigger, steps, and edges between them.
// This file checks shape only; graph rules and field types are in validate-definition.ts.
import { z } from 'zod';
import { maxDepth, safeText } from '@/sync/schema/safe-values';
import { COLLECTIONS } from './record-fields';

/**
 * Bumped when the JSON shape changes incompatibly; stored with every version.
 * 2: record fields are named by their wire names (`stageId`), as documents, the change log
 * and the audit log name them; version 1 used SQL column names (`stage_id`). Migration
 * 0012_workflow_wire_names.sql rewrote the stored definitions and runs.
 */
export const WORKFLOW_SCHEMA_VERSION = 2;

/** Limits that keep a definition (and the work one run can cause) bounded. */
export const LIMITS = {
  steps: 100,
  conditionDepth: 4,
  conditionsPerGroup: 20,
  /** Longest single wait, in seconds (one year). */
  waitSeconds: 365 * 24 * 3600,
  templateChars: 2000,
  /**
   * Deepest condition-group nesting a draft may hold (publishing allows conditionDepth): a
   * bound the schema checks before zod recurses, so a hostile 10,000-level filter is a 422.
   */
  draftConditionDepth: 16,
  /** Longest field name a condition or update may refer to. */
  fieldNameChars: 100,
} as const;

export const stepIdSchema = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$/, 'ids use letters, digits, "-" and "_" (at most 64)');

export const collectionSchema = z.enum(COLLECTIONS);

const scalar = z.union([safeText().max(LIMITS.templateChars), z.number(), z.boolean(), z.null()]);
const fieldName = safeText().max(LIMITS.fieldNameChars);

export const CONDITION_OPS = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'contains',
  'is_empty',
  'is_not_empty',
  'changed',
  'changed_to',
] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** Operators that take no value. */
export const UNARY_OPS: readonly ConditionOp[] = ['is_empty', 'is_not_empty', 'changed'];

export const conditionSchema = z.object({
  field: fieldName,
  op: z.enum(CONDITION_OPS),
  value: scalar.optional(),
});
export type Condition = z.infer<typeof conditionSchema>;

export interface ConditionGroup {
  combinator: 'and' | 'or';
  conditions: (Condition | ConditionGroup)[];
}

const groupShape: z.ZodType<ConditionGroup> = z.object({
  combinator: z.enum(['and', 'or']),
  get conditions() {
    return z.array(z.union([conditionSchema, groupShape])).max(LIMITS.conditionsPerGroup);
  },
});

// A group is an object holding an array of items: two JSON levels per nesting level.
export const conditionGroupSchema: z.ZodType<ConditionGroup> = maxDepth(
  groupShape,
  2 * LIMITS.draftConditionDepth,
  `conditions are nested too deeply (at most ${LIMITS.draftConditionDepth} levels)`,
);

/** True when the item is a nested group rather than a single comparison. */
export function isGroup(item: Condition | ConditionGroup): item is ConditionGroup {
  return 'combinator' in item;
}

export const RECORD_EVENTS = ['create', 'update', 'delete'] as const;

export const triggerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('record'),
    collection: collectionSchema,
    events: z.array(z.enum(RECORD_EVENTS)).min(1, 'choose at least one event'),
    filter: conditionGroupSchema.optional(),
  }),
  z.object({
    type: z.literal('schedule'),
    // Five fields: minute hour day-of-month month day-of-week.
    cron: safeText().max(200).regex(/^(\S+\s+){4}\S+$/, 'a cron expression has five fields'),
    timezone: safeText().min(1).max(100).default('UTC'),
  }),
  z.object({ type: z.literal('webhook') }),
  z.object({ type: z.literal('manual'), collection: collectionSchema.optional() }),
]);
export type Trigger = z.infer<typeof triggerSchema>;

/** Who a task or notification is for. */
export const recipientSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('record_owner') }),
  z.object({ type: z.literal('workflow_owner') }),
  z.object({ type: z.literal('user'), userId: z.uuid('choose a user') }),
]);
export type Recipient = z.infer<typeof recipientSchema>;

const base = {
  id: stepIdSchema,
  name: safeText().trim().min(1, 'a step needs a name').max(120),
  position: z.object({ x: z.number(), y: z.number() }).optional(),
};

const template = safeText().max(LIMITS.templateChars);

export const stepSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('condition'), group: conditionGroupSchema }),
  z.object({
    ...base,
    type: z.literal('update_record'),
    // Drafts may be incomplete (autosave); "at least one" is a validator rule.
    set: z.array(z.object({ field: fieldName, value: scalar })).max(50),
  }),
  z.object({
    ...base,
    type: z.literal('create_record'),
    kind: z.enum(['task', 'note']),
    subject: template,
    body: template.optional(),
    /** Tasks only: due this many hours after the step runs. */
    dueInHours: z.number().int().min(0).max(24 * 365).optional(),
    assignee: recipientSchema,
  }),
  z.object({
    ...base,
    type: z.literal('assign_owner'),
    strategy: z.literal('round_robin'),
    userIds: z.array(z.uuid()).max(100),
  }),
  z.object({
    ...base,
    type: z.literal('wait'),
    wait: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('duration'), seconds: z.number().int().min(1).max(LIMITS.waitSeconds) }),
      z.object({
        mode: z.literal('until_field'),
        field: fieldName,
        offsetSeconds: z.number().int().min(-LIMITS.waitSeconds).max(LIMITS.waitSeconds).default(0),
      }),
    ]),
  }),
  z.object({
    ...base,
    type: z.literal('webhook'),
    url: z.url({ protocol: /^https?$/, error: 'an http(s) URL is required' }),
    /** Id of an encrypted secret (workflow_secrets); the plaintext never sits in a definition. */
    secretId: z.uuid('choose a signing secret').optional(),
    body: template.optional(),
    timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  }),
  z.object({ ...base, type: z.literal('notify'), recipient: recipientSchema, message: template }),
  z.object({ ...base, type: z.literal('stop') }),
]);
export type Step = z.infer<typeof stepSchema>;
export type StepType = Step['type'];
export const STEP_TYPES: readonly StepType[] = [
  'condition',
  'update_record',
  'create_record',
  'assign_owner',
  'wait',
  'webhook',
  'notify',
  'stop',
];

/** The pseudo-node every graph starts from. */
export const TRIGGER_NODE = 'trigger';

export const edgeSchema = z.object({
  id: safeText().min(1).max(140),
  source: safeText().min(1).max(140),
  target: safeText().min(1).max(140),
  /** Condition steps only: which outcome follows this edge. */
  branch: z.enum(['true', 'false']).optional(),
});
export type Edge = z.infer<typeof edgeSchema>;

export const workflowDefinitionSchema = z.object({
  schemaVersion: z.literal(WORKFLOW_SCHEMA_VERSION),
  trigger: triggerSchema,
  steps: z.array(stepSchema).max(LIMITS.steps),
  edges: z.array(edgeSchema).max(LIMITS.steps * 2),
});
export type WorkflowDefinition = z.infer<typeof workflowDefinitionSchema>;
/** The shape before defaults are applied (what a client sends). */
export type WorkflowDefinitionInput = z.input<typeof workflowDefinitionSchema>;

/** An empty draft: a manual trigger and no steps. */
export function emptyDefinition(): WorkflowDefinition {
  return { schemaVersion: WORKFLOW_SCHEMA_VERSION, trigger: { type: 'manual' }, steps: [], edges: [] };
}
