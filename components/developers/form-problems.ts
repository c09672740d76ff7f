// Shared with the browser: turns validation issues (zod's in the browser, the server's 422
// `issues` after a request) into one message per field, as the developer portal's forms show
// them under each field and in their error summary.

/** One issue: zod gives the path as a list, the server as a dotted string. */
export interface Issue {
  path: readonly PropertyKey[] | string;
  message: string;
}

/** The first message per known field; issues of other fields go under `form`. */
export function fieldProblems<F extends string>(issues: readonly Issue[], fields: readonly F[]): Partial<Record<F | 'form', string>> {
  const out: Partial<Record<F | 'form', string>> = {};
  for (const issue of issues) {
    const head = String(typeof issue.path === 'string' ? issue.path.split('.')[0] : (issue.path[0] ?? ''));
    const field = (fields as readonly string[]).includes(head) ? (head as F) : 'form';
    out[field] ??= sentence(issue.message);
  }
  return out;
}

/** "choose at least one scope" → "Choose at least one scope." (messages are written as fragments). */
export function sentence(message: string): string {
  const text = message.trim();
  if (!text) return text;
  const first = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/**
 * The instant a key chosen to expire "on" a day stops working: the end of that day in UTC
 * (the next day at 00:00Z), so a key set to expire today still works today. Null for none.
 */
export function endOfDayUtc(day: string | null | undefined): string | null {
  if (!day) return null;
  const start = Date.parse(`${day}T00:00:00.000Z`);
  if (Number.isNaN(start)) return null;
  return new Date(start + 24 * 60 * 60 * 1000).toISOString();
}

/**
 * Why `value` cannot be a webhook's address, or null. Only what the browser can tell: the
 * server checks the rest (https in production, private and local networks) and answers 422
 * naming the field.
 */
export function webhookUrlProblem(value: string): string | null {
  const text = value.trim();
  if (!text) return 'Enter the address the events are sent to, for example https://example.com/hooks/crm.';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'Enter a whole address, starting with https://, for example https://example.com/hooks/crm.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Enter an address that starts with https://.';
  return null;
}
