// The one way the product writes dates and times (issue 18: three formats had grown apart):
// day, month name, year, then a 24-hour time. Records and tasks are in the device's time zone;
// server and evidence pages (health, audit log, mail, workflow runs) say UTC, where the
// reader compares entries with logs and other people's screens.

const dayFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const localFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const utcFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
const utcSecondsFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'UTC',
});

/** "Tue, 3 Nov 2026" for a YYYY-MM-DD day. */
export function formatDay(day: string): string {
  return dayFormat.format(new Date(`${day}T00:00:00Z`));
}

/** "3 Nov 2026, 14:05" in the device's time zone. */
export function formatDateTime(iso: string): string {
  return localFormat.format(new Date(iso));
}

/** "3 Nov 2026, 14:05 UTC" ("14:05:09 UTC" with seconds: audit entries a moment apart); "—" for none. */
export function formatUtc(iso: string | Date | null | undefined, { seconds = false } = {}): string {
  if (!iso) return '—';
  return `${(seconds ? utcSecondsFormat : utcFormat).format(new Date(iso))} UTC`;
}
