import 'server-only';
import { z } from 'zod';
import { AppError, ErrorCode, STATUS } from '../http/app-error';
import { errorResponse } from '../http/error-response';

/**
 * RFC 9457 problem details, the error body of API v1. `type` is a tag URI (RFC 4151): a
 * stable identifier a client can switch on, which RFC 9457 allows when it need not resolve;
 * `code` repeats its last part for clients that prefer a plain string, and `errors` names each
 * field that was wrong.
 */
export const problemSchema = z
  .object({
    type: z.string().meta({ example: 'tag:crm-ai.app,2026:problem/validation_failed' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<string, string> = {
  [ErrorCode.BadRequest]: 'Bad request',
  [ErrorCode.Validation]: 'Invalid request',
  [ErrorCode.Unauthenticated]: 'Authentication required',
  [ErrorCode.Forbidden]: 'Not allowed',
  [ErrorCode.IpNotAllowed]: 'Address not allowed',
  [ErrorCode.NotFound]: 'Not found',
  [ErrorCode.Conflict]: 'Conflict',
  [ErrorCode.PayloadTooLarge]: 'Body too large',
  [ErrorCode.UnsupportedMediaType]: 'Unsupported media type',
  [ErrorCode.RateLimited]: 'Too many requests',
  [ErrorCode.Unavailable]: 'Unavailable',
  precondition_failed: 'Precondition failed',
  internal: 'Internal error',
};

/** Codes API v1 adds to the app's own, each with its status. */
export const API_STATUS = { precondition_failed: 412, insufficient_scope: 403, idempotency_key_reused: 422 } as const;
export type ApiCode = keyof typeof API_STATUS;

/** An API v1 failure outside the app's error codes (a stale If-Match, a missing scope). */
export class ApiProblem extends Error {
  constructor(
    readonly code: ApiCode,
    message: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiProblem';
  }
}

export function problem(code: string, status: number, detail: string, errors?: { path: string; message: string }[]): Problem {
  return { type: `tag:crm-ai.app,2026:problem/${code}`, title: TITLES[code] ?? code.replace(/_/g, ' '), status, detail, code, ...(errors?.length ? { errors } : {}) };
}

/** Any thrown value as a problem response; unexpected errors are logged and answered 500 without detail. */
export function problemResponse(err: unknown, extraHeaders: Record<string, string> = {}): Response {
  let body: Problem;
  let headers: Record<string, string> = {};
  if (err instanceof ApiProblem) {
    body = problem(err.code, API_STATUS[err.code], err.message);
    headers = err.headers ?? {};
  } else if (err instanceof AppError) {
    const issues = err.issues ?? [];
    body = problem(err.code, STATUS[err.code], err.message, issues);
    headers = err.headers ?? {};
  } else {
    // The app's one error mapper logs it (without record contents) and decides the answer.
    const res = errorResponse(err);
    body = problem(res.status === 500 ? 'internal' : ErrorCode.BadRequest, res.status, res.status === 500 ? 'Something went wrong on our side.' : 'The request was cut off before its body arrived.');
  }
  const res = Response.json(body, { status: body.status, headers: { ...extraHeaders, ...headers, 'content-type': PROBLEM_CONTENT_TYPE } });
  if (body.status === 401) res.headers.set('WWW-Authenticate', 'Bearer realm="crm-ai api v1"');
  return res;
}
