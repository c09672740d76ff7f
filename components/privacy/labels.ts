// Shared with the browser: privacy requests in words, for the requests table and the
// announcements after an export or an erasure. A request's summary holds counts only.

/** What each kind of request is called on screen. */
export const REQUEST_KIND_TEXT: Record<string, string> = { export: 'Export', erase: 'Erasure' };

/** One and many of each count the server reports, contact first; an unknown key is spelled out from its name. */
const COUNT_NOUNS: Record<string, readonly [string, string]> = {
  contacts: ['contact', 'contacts'],
  activities: ['activity', 'activities'],
  deals: ['deal', 'deals'],
  changes: ['change in the history', 'changes in the history'],
  auditEntries: ['audit entry', 'audit entries'],
  auditValues: ['audit entry with their values', 'audit entries with their values'],
  pendingAuditValues: ['audit entry being written', 'audit entries being written'],
  workflowRuns: ['workflow run', 'workflow runs'],
  workflowSteps: ['workflow step', 'workflow steps'],
  webhookDeliveries: ['webhook delivery', 'webhook deliveries'],
  conflicts: ['sync conflict', 'sync conflicts'],
  notifications: ['notification', 'notifications'],
  mail: ['mail', 'mails'],
  mails: ['mail', 'mails'],
  apiAnswers: ['stored answer of the public interface', 'stored answers of the public interface'],
  mentions: ['mention in other records', 'mentions in other records'],
  tombstones: ['deleted record', 'deleted records'],
  sharedValuesKept: ['value not redacted (another contact has it too)', 'values not redacted (another contact has them too)'],
};

/** An erasure keeps the deals and only unlinks them, and removes audit values: its counts say so. */
const ERASE_NOUNS: Record<string, readonly [string, string]> = {
  deals: ['deal kept but unlinked', 'deals kept but unlinked'],
  auditValues: ['audit entry’s values removed', 'audit entries’ values removed'],
};

/** "workflowRuns" → "workflow runs": for a count the table above does not know yet. */
function wordsOf(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();
}

/** "3 activities", "1 contact"; an erasure's deals are "kept but unlinked". */
export function countText(key: string, count: number, kind?: string): string {
  const nouns = (kind === 'erase' ? ERASE_NOUNS[key] : undefined) ?? COUNT_NOUNS[key];
  const noun = nouns ? nouns[count === 1 ? 0 : 1] : wordsOf(key);
  return `${count.toLocaleString('en-GB')} ${noun}`;
}

/**
 * A request's counts in one line, the contact first and then outwards (the order above, then
 * any count not known here), leaving out what it found none of: "1 contact, 3 activities,
 * 12 changes in the history". "Nothing found" when every count is 0.
 */
export function summaryText(summary: Readonly<Record<string, number>>, kind?: string): string {
  const known = Object.keys(COUNT_NOUNS);
  const rank = (key: string) => (known.includes(key) ? known.indexOf(key) : known.length);
  const parts = Object.entries(summary)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([key, n]) => countText(key, n, kind));
  return parts.length ? parts.join(', ') : 'Nothing found';
}

/** A found contact's name as the lists show it; the email stands in when the name is empty. */
export function contactName(c: { firstName?: string | null; lastName?: string | null; email?: string | null }): string {
  const name = [c.firstName, c.lastName].filter((p) => p && p.trim()).join(' ').trim();
  return name || c.email || 'Unnamed contact';
}
