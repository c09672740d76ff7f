// Shared with the browser: audit filters travel as URL query parameters (page and API).
import { auditFilterSchema } from './audit-filter';

/** Parses URLSearchParams into a filter; empty fields mean "any". */
export function parseAuditParams(params: URLSearchParams) {
  const raw: Record<string, string> = {};
  for (const [k, v] of params) if (v.trim() !== '') raw[k] = v.trim();
  const { format: _format, ...rest } = raw;
  return auditFilterSchema.safeParse(rest);
}
