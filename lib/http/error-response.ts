import 'server-only';
import { safeError } from '../observability/safe-error';
import { AppError, ErrorCode } from './app-error';

/** Maps a thrown value to a response: AppError → its status and message; anything else → 500, logged. */
export function errorResponse(err: unknown): Response {
  if (err instanceof AppError) {
    return Response.json(err.toBody(), { status: err.status, headers: err.headers });
  }
  // The client went away while we read its body (a closed tab, a dropped phone connection):
  // nobody will see the answer and nothing is wrong on our side, so no error log.
  if (isClientAbort(err)) {
    return errorResponse(new AppError(ErrorCode.BadRequest, 'The request was cut off before its body arrived.'));
  }
  // Raw errors never reach the client: log the cause, answer with a generic message.
  // Security: logged without record contents (a database error carries the query's values).
  console.error('unhandled error', safeError(err));
  return Response.json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, { status: 500 });
}

function isClientAbort(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as Error & { code?: unknown }).code;
  return err.name === 'AbortError' || (code === 'ECONNRESET' && err.message === 'aborted');
}
