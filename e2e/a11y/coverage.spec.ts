// Fails when a page exists that the scan would not audit: no entry in states.ts, or a
// dynamic segment with no sample value. Also fails on stale entries for deleted pages.
import { expect, test } from '@playwright/test';
import { discoverRoutes, fillSamples, routePattern } from './routes';
import { A11Y_STATES } from './states';

test.describe('a11y route coverage', () => {
  test('every page under app/ has audit states and sample values, and no entry is stale', () => {
    const routes = discoverRoutes();
    expect(routes.length).toBeGreaterThan(0);
    const patterns = routes.map((r) => r.pattern);
    const unregistered = patterns.filter((p) => !A11Y_STATES[p]);
    expect(unregistered, `add these pages to e2e/a11y/states.ts: ${unregistered.join(', ')}`).toEqual([]);
    const unsampled = routes.filter((r) => r.missingSamples.length).map((r) => `${r.pattern} needs ${r.missingSamples.join(', ')}`);
    expect(unsampled, `add sample values to e2e/a11y/route-samples.ts: ${unsampled.join('; ')}`).toEqual([]);
    const stale = Object.keys(A11Y_STATES).filter((p) => !patterns.includes(p));
    expect(stale, `remove entries for pages that no longer exist: ${stale.join(', ')}`).toEqual([]);
    for (const p of patterns) expect(A11Y_STATES[p]?.states.length, p).toBeGreaterThan(0);
  });

  test('route patterns strip groups and keep dynamic segments', () => {
    expect(routePattern('/r/app', '/r/app/(crm)/contacts/[id]/page.tsx')).toBe('/contacts/[id]');
    expect(routePattern('/r/app', '/r/app/page.tsx')).toBe('/');
    expect(routePattern('/r/app', '/r/app/(auth)/(x)/sign-in/page.tsx')).toBe('/sign-in');
  });

  test('sample values fill plain, catch-all and route-specific segments, and missing ones are reported', () => {
    const samples = { id: '42', slug: 'a/b', '/deals/[id]:id': 'deal-7' };
    expect(fillSamples('/contacts/[id]', samples)).toEqual({ url: '/contacts/42', missing: [] });
    expect(fillSamples('/deals/[id]', samples)).toEqual({ url: '/deals/deal-7', missing: [] });
    expect(fillSamples('/docs/[...slug]', samples)).toEqual({ url: '/docs/a/b', missing: [] });
    expect(fillSamples('/x/[[...slug]]', samples)).toEqual({ url: '/x/a/b', missing: [] });
    expect(fillSamples('/x/[other]', samples)).toEqual({ url: '/x/[other]', missing: ['[other]'] });
  });
});
