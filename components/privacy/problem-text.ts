// Shared with the browser: what a failed call to the server says on screen.
import { ApiError } from '@/components/workflows/api';

/**
 * The server's own message (written for people), or what went wrong with the connection:
 * fetch's "Failed to fetch" tells nobody what to do.
 */
export function problemText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return 'No connection to the server. Check your network and try again.';
}
