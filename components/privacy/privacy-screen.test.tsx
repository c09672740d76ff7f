import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PrivacyRequest } from '@/lib/privacy/privacy-schemas';
import { ChosenContact } from './chosen-contact';
import { RequestsTable } from './requests-table';

const contact = { id: '0190a1b2-0000-7000-8000-000000000001', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', companyName: null, deleted: false };
const request = (kind: PrivacyRequest['kind'], createdAt: string, summary: Record<string, number>): PrivacyRequest => ({
  id: `${kind}-${createdAt}`,
  kind,
  subjectId: contact.id,
  requestedBy: { id: null, name: null },
  createdAt,
  summary,
});

// The server's HTML of the privacy page's parts: what each says before any interaction.
describe('privacy page parts', () => {
  it('lists requests newest first, in words, counts only', () => {
    const html = renderToString(
      <RequestsTable
        requests={[request('export', '2026-03-01T10:00:00.000Z', { contacts: 1, activities: 2 }), request('erase', '2026-03-02T10:00:00.000Z', { contacts: 1, changes: 12 })]}
        problem={null}
        onReload={() => undefined}
        headingRef={null}
      />,
    );
    expect(html).toContain('aria-label="Privacy requests"');
    expect(html.indexOf('Erasure')).toBeLessThan(html.indexOf('Export'));
    expect(html).toContain('1 contact, 12 changes in the history');
    expect(html).toContain('A former member');
    expect(html).toContain('2 Mar 2026, 10:00 UTC');
  });
  it('says when there are no requests yet, and while they are read', () => {
    expect(renderToString(<RequestsTable requests={[]} problem={null} onReload={() => undefined} headingRef={null} />)).toContain('No privacy requests yet');
    const loading = renderToString(<RequestsTable requests={null} problem={null} onReload={() => undefined} headingRef={null} />);
    expect(loading).toContain('data-loading');
    expect(loading).toContain('Reading the requests…');
  });
  it('offers both exports and the erasure for the chosen contact, CSV expanded once', () => {
    const html = renderToString(<ChosenContact contact={contact} headingRef={null} onExported={() => undefined} onErased={() => undefined} />);
    expect(html).toContain('Chosen contact: </span>Ada Lovelace');
    expect(html).toContain('Export JSON');
    expect(html).toMatch(/Export <abbr title="comma-separated values"[^>]*>CSV<\/abbr>/);
    expect(html).toContain('(comma-separated values)');
    expect(html).toMatch(/Erase…<span class="sr-only"> (<!-- -->)?Ada Lovelace<\/span>/);
  });
});
