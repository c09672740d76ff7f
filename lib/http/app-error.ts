// Shared with the browser: error codes the API returns, each mapped once to an HTTP status.
// Expected failures carry one of these codes; anything else is a bug and becomes a 500.

export const ErrorCode = {
  BadRequest: 'bad_request',
  Validation: 'validation_failed',
  Unauthenticated: 'unauthenticated',
  MfaRequired: 'mfa_required',
  Forbidden: 'forbidden',
  /** The tenant's IP allowlist does not include the caller's address. */
  IpNotAllowed: 'ip_not_allowed',
  NotFound: 'not_found',
  Conflict: 'conflict',
  PayloadTooLarge: 'payload_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
  RateLimited: 'rate_limited',
  Unavailable: 'unavailable',
  /** Sync: the client's checkpoint is older than the tombstone window; it must pull from scratch. */
  ResyncRequired: 'resync_required',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 422,
  unauthenticated: 401,
  mfa_required: 403,
  forbidden: 403,
  ip_not_allowed: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  resync_required: 410,
};

export interface ErrorBody {
  error: { code: ErrorCode; message: string; issues?: { path: string; message: string }[] };
}

/** An expected failure with a message safe to show the caller. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: { path: string; message: string }[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return STATUS[this.code];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) } };
  }
}
