// The CRM-AI API v1 client. Its types come from the server's OpenAPI document (schema.ts,
// generated); what is written here is the behaviour a typed fetch does not give: pages followed
// by cursor, retries with backoff that honour Retry-After, an Idempotency-Key on every create
// so a retried create never makes two records, and errors as typed problem documents.
import type { components, operations } from './schema';

type Schemas = components['schemas'];

/** The record resources, each with its record, create and patch types. */
export interface Resources {
  companies: { record: Schemas['Company']; create: Schemas['CompanyCreate']; patch: Schemas['CompanyPatch']; query: operations['listCompanies']['parameters']['query'] };
  contacts: { record: Schemas['Contact']; create: Schemas['ContactCreate']; patch: Schemas['ContactPatch']; query: operations['listContacts']['parameters']['query'] };
  deals: { record: Schemas['Deal']; create: Schemas['DealCreate']; patch: Schemas['DealPatch']; query: operations['listDeals']['parameters']['query'] };
  activities: { record: Schemas['Activity']; create: Schemas['ActivityCreate']; patch: Schemas['ActivityPatch']; query: operations['listActivities']['parameters']['query'] };
  pipelines: { record: Schemas['Pipeline']; create: Schemas['PipelineCreate']; patch: Schemas['PipelinePatch']; query: operations['listPipelines']['parameters']['query'] };
}
export type ResourceName = keyof Resources;
export type Problem = Schemas['Problem'];
export type BulkResult = Schemas['ContactBulkResult']['results'][number];
export type Workflow = Schemas['Workflow'];
export type WorkflowRun = Schemas['WorkflowRun'];
export type WorkflowRunDetail = Schemas['WorkflowRunDetail'];
export type AuditEntry = Schemas['AuditEntry'];
type RunsQuery = operations['listWorkflowRuns']['parameters']['query'];
type StartRunBody = NonNullable<operations['startWorkflowRun']['requestBody']>['content']['application/json'];
type AuditQuery = operations['listAuditEntries']['parameters']['query'];

/** An answer of the API that is not a success: the problem document (RFC 9457) it sent. */
export class CrmApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly type: string;
  /** Each field or parameter that was wrong, with what was wrong with it. */
  readonly errors: { path: string; message: string }[];
  /** For 412: the record's current version. */
  readonly etag: string | null;
  constructor(readonly problem: Problem, headers: Headers) {
    super(problem.detail);
    this.name = 'CrmApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.type = problem.type;
    this.errors = problem.errors ?? [];
    this.etag = headers.get('etag');
  }
}

export interface RetryOptions {
  /** Attempts after the first (default 4). */
  maxRetries?: number;
  /** First backoff in ms, doubled per attempt, with full jitter (default 250). */
  baseDelayMs?: number;
  /** Longest single wait in ms, Retry-After included (default 30,000). */
  maxDelayMs?: number;
}

export interface ClientOptions {
  /** The app's address, e.g. https://crm.example.com (the client adds /api/v1). */
  baseUrl: string;
  apiKey: string;
  retry?: RetryOptions;
  /** For tests and other runtimes: the fetch to use (default globalThis.fetch). */
  fetch?: (request: Request) => Promise<Response>;
  /** For tests: how to wait (default setTimeout). */
  sleep?: (ms: number) => Promise<void>;
  /** For tests: where jitter comes from (default Math.random). */
  random?: () => number;
}

export interface Written<T> {
  record: T;
  /** The version to send as If-Match on the next change. */
  etag: string;
}

/** 429 is always safe to repeat (the request was not processed); these only when the request is. */
const RETRY_ALWAYS = new Set([429]);
const RETRY_IF_REPEATABLE = new Set([502, 503, 504]);

/** Seconds or an HTTP date, as ms from now; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export class CrmClient {
  readonly companies: ResourceClient<'companies'>;
  readonly contacts: ResourceClient<'contacts'>;
  readonly deals: ResourceClient<'deals'>;
  readonly activities: ResourceClient<'activities'>;
  readonly pipelines: ResourceClient<'pipelines'>;
  readonly workflows: WorkflowsClient;
  readonly audit: AuditClient;
  private readonly base: string;
  private readonly doFetch: (request: Request) => Promise<Response>;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly retry: Required<RetryOptions>;

  constructor(private readonly options: ClientOptions) {
    this.base = `${options.baseUrl.replace(/\/+$/, '')}/api/v1`;
    this.doFetch = options.fetch ?? ((request) => fetch(request));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.retry = { maxRetries: 4, baseDelayMs: 250, maxDelayMs: 30_000, ...options.retry };
    this.companies = new ResourceClient(this, 'companies');
    this.contacts = new ResourceClient(this, 'contacts');
    this.deals = new ResourceClient(this, 'deals');
    this.activities = new ResourceClient(this, 'activities');
    this.pipelines = new ResourceClient(this, 'pipelines');
    this.workflows = new WorkflowsClient(this);
    this.audit = new AuditClient(this);
  }

  /**
   * One API call, retried on 429 (always) and on 502/503/504 or a network failure when the
   * request is safe to repeat: reads, PATCH and DELETE (they set a state), and POSTs that carry
   * an Idempotency-Key. Waits Retry-After when the server sends it, else backs off exponentially
   * with full jitter. Throws CrmApiError for an answer that is not a success.
   */
  async request(method: string, path: string, init: { query?: Record<string, unknown>; body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
    const url = new URL(`${this.base}${path}`);
    for (const [k, v] of Object.entries(init.query ?? {})) if (v !== undefined && v !== null) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.apiKey}`, accept: 'application/json', ...init.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    const repeatable = method !== 'POST' || headers['idempotency-key'] !== undefined;
    for (let attempt = 0; ; attempt++) {
      let res: Response | null = null;
      let failure: unknown = null;
      try {
        res = await this.doFetch(new Request(url, { method, headers, body }));
      } catch (err) {
        failure = err;
      }
      const retryable = res ? RETRY_ALWAYS.has(res.status) || (repeatable && RETRY_IF_REPEATABLE.has(res.status)) : repeatable;
      if (attempt < this.retry.maxRetries && retryable) {
        const backoff = this.random() * this.retry.baseDelayMs * 2 ** attempt;
        await res?.body?.cancel();
        await this.sleep(Math.min(this.retry.maxDelayMs, retryAfterMs(res?.headers.get('retry-after') ?? null) ?? backoff));
        continue;
      }
      if (!res) throw failure;
      if (res.ok || res.status === 304) return res;
      throw await errorOf(res);
    }
  }
}

async function errorOf(res: Response): Promise<CrmApiError> {
  const text = await res.text();
  let problem: Problem;
  try {
    problem = JSON.parse(text) as Problem;
  } catch {
    problem = { type: 'about:blank', title: res.statusText, status: res.status, detail: text.slice(0, 500) || res.statusText, code: String(res.status) };
  }
  return new CrmApiError(problem, res.headers);
}

function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

/** The operations of one resource: `crm.contacts.list(...)`, `crm.deals.update(...)`. */
export class ResourceClient<R extends ResourceName> {
  constructor(
    private readonly client: CrmClient,
    readonly name: R,
  ) {}

  /** One page; pass its nextCursor as `cursor` for the next. */
  async list(query: Resources[R]['query'] = {}): Promise<{ data: Resources[R]['record'][]; nextCursor: string | null }> {
    return (await this.client.request('GET', `/${this.name}`, { query: query as Record<string, unknown> })).json();
  }

  /** Every record the query matches, page after page, following the cursors. */
  async *iterate(query: Omit<NonNullable<Resources[R]['query']>, 'cursor'> = {} as Omit<NonNullable<Resources[R]['query']>, 'cursor'>): AsyncGenerator<Resources[R]['record']> {
    let cursor: string | null = null;
    do {
      const page = await this.list({ ...query, ...(cursor ? { cursor } : {}) } as Resources[R]['query']);
      yield* page.data;
      cursor = page.nextCursor;
    } while (cursor);
  }

  async get(id: string): Promise<Written<Resources[R]['record']>> {
    const res = await this.client.request('GET', `/${this.name}/${encodeURIComponent(id)}`);
    return { record: await res.json(), etag: res.headers.get('etag') ?? '' };
  }

  /** Creates a record; retried safely under one Idempotency-Key (made here unless given). */
  async create(body: Resources[R]['create'], options: { idempotencyKey?: string } = {}): Promise<Written<Resources[R]['record']>> {
    const res = await this.client.request('POST', `/${this.name}`, { body, headers: { 'idempotency-key': options.idempotencyKey ?? newIdempotencyKey() } });
    return { record: await res.json(), etag: res.headers.get('etag') ?? '' };
  }

  /** Changes the given fields; with `ifMatch`, only if the record is still at that version (else a 412 CrmApiError). */
  async update(id: string, patch: Resources[R]['patch'], options: { ifMatch?: string } = {}): Promise<Written<Resources[R]['record']>> {
    const headers: Record<string, string> = options.ifMatch ? { 'if-match': options.ifMatch } : {};
    const res = await this.client.request('PATCH', `/${this.name}/${encodeURIComponent(id)}`, { body: patch, headers });
    return { record: await res.json(), etag: res.headers.get('etag') ?? '' };
  }

  async delete(id: string, options: { ifMatch?: string } = {}): Promise<void> {
    const headers: Record<string, string> = options.ifMatch ? { 'if-match': options.ifMatch } : {};
    await this.client.request('DELETE', `/${this.name}/${encodeURIComponent(id)}`, { headers });
  }

  /** Creates or updates up to 1,000 records; one result per item, in order. */
  async bulkUpsert(items: (Resources[R]['create'] | (Resources[R]['patch'] & { id: string }))[], options: { idempotencyKey?: string } = {}): Promise<BulkResult[]> {
    const res = await this.client.request('POST', `/${this.name}/bulk`, { body: { items }, headers: { 'idempotency-key': options.idempotencyKey ?? newIdempotencyKey() } });
    return ((await res.json()) as { results: BulkResult[] }).results;
  }
}

/** Workflows: `crm.workflows.list()`, `crm.workflows.startRun(id, { input })`, runs and their steps. */
export class WorkflowsClient {
  constructor(private readonly client: CrmClient) {}

  async list(): Promise<Workflow[]> {
    return ((await (await this.client.request('GET', '/workflows')).json()) as { data: Workflow[] }).data;
  }

  /** Starts a manual run of the published version; retried safely under one Idempotency-Key. */
  async startRun(workflowId: string, body: StartRunBody = {}, options: { idempotencyKey?: string } = {}): Promise<string> {
    const res = await this.client.request('POST', `/workflows/${encodeURIComponent(workflowId)}/runs`, { body, headers: { 'idempotency-key': options.idempotencyKey ?? newIdempotencyKey() } });
    return ((await res.json()) as { runId: string }).runId;
  }

  /** A workflow's runs, newest first; pass the last id as `before` for older ones. */
  async runs(workflowId: string, query: RunsQuery = {}): Promise<WorkflowRun[]> {
    const res = await this.client.request('GET', `/workflows/${encodeURIComponent(workflowId)}/runs`, { query: query as Record<string, unknown> });
    return ((await res.json()) as { data: WorkflowRun[] }).data;
  }

  async getRun(runId: string): Promise<WorkflowRunDetail> {
    return (await this.client.request('GET', `/workflows/runs/${encodeURIComponent(runId)}`)).json();
  }
}

/** The audit log, newest first: one page with `list`, every matching entry with `iterate`. */
export class AuditClient {
  constructor(private readonly client: CrmClient) {}

  async list(query: AuditQuery = {}): Promise<{ data: AuditEntry[]; nextBeforeSeq: number | null }> {
    return (await this.client.request('GET', '/audit', { query: query as Record<string, unknown> })).json();
  }

  async *iterate(query: Omit<NonNullable<AuditQuery>, 'beforeSeq'> = {}): AsyncGenerator<AuditEntry> {
    let beforeSeq: number | null = null;
    do {
      const page = await this.list({ ...query, ...(beforeSeq ? { beforeSeq } : {}) });
      yield* page.data;
      beforeSeq = page.nextBeforeSeq;
    } while (beforeSeq);
  }
}
