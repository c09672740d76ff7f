export { AuditClient, CrmApiError, CrmClient, ResourceClient, WorkflowsClient, retryAfterMs, type AuditEntry, type BulkResult, type Workflow, type WorkflowRun, type WorkflowRunDetail, type ClientOptions, type Problem, type ResourceName, type Resources, type RetryOptions, type Written } from './client';
export type { components, operations, paths } from './schema';
