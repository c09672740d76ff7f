import 'server-only';
import { AppError } from './app-error';

/** Maps a thrown value to a response: AppError → its status and message; anything else → 500, logged. */
export function errorResponse(err: unknown): Response {
  if (err instanceof AppError) {
    return Response.json(err.toBody(), { status: err.status, headers: err.headers });
  }
  // Raw errors never reach the client: log the cause, answer with a generic message.
  console.error('unhandled error', err);
  return Response.json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, { status: 500 });
}
