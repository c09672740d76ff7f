export { CrmApiError, CrmClient, ResourceClient, retryAfterMs, type BulkResult, type ClientOptions, type Problem, type ResourceName, type Resources, type RetryOptions, type Written } from './client';
export type { components, operations, paths } from './schema';
