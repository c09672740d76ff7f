import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError, ErrorCode } from './app-error';
import { errorResponse } from './error-response';

describe('errorResponse', () => {
  afterEach(() => vi.restoreAllMocks());

  it('answers an AppError with its own status and message', async () => {
    const res = errorResponse(new AppError(ErrorCode.Validation, 'Name: required'));
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: 'validation_failed', message: 'Name: required' } });
  });

  it('hides an unexpected error behind a generic 500 and logs it', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = errorResponse(new Error('secret internals'));
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain('secret internals');
    expect(log).toHaveBeenCalledOnce();
  });

  it('does not log a client that hung up while sending its body', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const reset = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    const res = errorResponse(reset);
    expect(res.status).toBe(400);
    expect(log).not.toHaveBeenCalled();
  });
});
