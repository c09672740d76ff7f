// Shared with the browser: the example workflow, used as a builder template and as
// the fixture of validator, engine, e2e and benchmark tests.
import { WORKFLOW_SCHEMA_VERSION, type WorkflowDefinition } from './definition';

/**
 * "When a deal moves to Negotiation and its amount is over 50,000, create a task for the
 * manager, wait 2 days, and if the deal has not moved, post to a webhook."
 */
export function negotiationFollowUp(opts: { stageId: string; managerId: string; secretId: string; url: string }): WorkflowDefinition {
  return {
    schemaVersion: WORKFLOW_SCHEMA_VERSION,
    trigger: {
      type: 'record',
      collection: 'deals',
      events: ['update'],
      filter: {
        combinator: 'and',
        conditions: [
          { field: 'stageId', op: 'changed_to', value: opts.stageId },
          { field: 'amountCents', op: 'gt', value: 5_000_000 },
        ],
      },
    },
    steps: [
      {
        id: 'task',
        name: 'Task for the manager',
        type: 'create_record',
        kind: 'task',
        subject: 'Review {{record.name}} in negotiation',
        dueInHours: 24,
        assignee: { type: 'user', userId: opts.managerId },
      },
      { id: 'wait', name: 'Wait 2 days', type: 'wait', wait: { mode: 'duration', seconds: 2 * 24 * 3600 } },
      {
        id: 'still',
        name: 'Still in negotiation?',
        type: 'condition',
        group: { combinator: 'and', conditions: [{ field: 'stageId', op: 'eq', value: opts.stageId }] },
      },
      {
        id: 'hook',
        name: 'Post to webhook',
        type: 'webhook',
        url: opts.url,
        secretId: opts.secretId,
        body: '{"deal":"{{record.id}}","name":"{{record.name}}"}',
        timeoutMs: 5000,
      },
      { id: 'end', name: 'Done', type: 'stop' },
    ],
    edges: [
      { id: 'e0', source: 'trigger', target: 'task' },
      { id: 'e1', source: 'task', target: 'wait' },
      { id: 'e2', source: 'wait', target: 'still' },
      { id: 'e3', source: 'still', target: 'hook', branch: 'true' },
      { id: 'e4', source: 'still', target: 'end', branch: 'false' },
    ],
  };
}
