import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, generateDemoData } from './demo-data';

const anchor = new Date('2026-11-22T10:00:00Z');

describe('demo data', () => {
  it('is deterministic for the same seed and anchor day', () => {
    const a = generateDemoData({ anchor });
    const b = generateDemoData({ anchor: new Date('2026-11-22T23:59:00Z') });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('changes with the seed', () => {
    const a = generateDemoData({ anchor, seed: 1 });
    const b = generateDemoData({ anchor, seed: 2 });
    expect(a.tenants[0]?.companies[0]?.name === b.tenants[0]?.companies[0]?.name && a.tenants[0]?.contacts[0]?.email === b.tenants[0]?.contacts[0]?.email).toBe(false);
  });

  it('has two tenants, every role in each, and the promised volume', () => {
    const data = generateDemoData({ anchor });
    expect(data.tenants.map((t) => t.name)).toEqual(['Acme', 'Globex']);
    for (const t of data.tenants) {
      const roles = new Set(data.users.flatMap((u) => u.memberships.filter((m) => m.tenantSlug === t.slug).map((m) => m.role)));
      expect([...roles].sort()).toEqual(['admin', 'auditor', 'manager', 'owner', 'rep']);
      expect(t.companies).toHaveLength(DEFAULT_SIZE.companies);
      expect(t.contacts).toHaveLength(DEFAULT_SIZE.contacts);
      expect(new Set(t.deals.map((d) => d.stage_id)).size).toBeGreaterThanOrEqual(6);
      expect(new Set(t.activities.map((a) => a.kind))).toEqual(new Set(['call', 'visit', 'note', 'task']));
    }
  });

  it('gives unique ids and references that resolve', () => {
    const data = generateDemoData({ anchor });
    const ids = data.tenants.flatMap((t) => [...t.companies, ...t.contacts, ...t.deals, ...t.activities].map((r) => r.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const t of data.tenants) {
      const companyIds = new Set(t.companies.map((c) => c.id));
      expect(t.contacts.every((c) => companyIds.has(c.company_id))).toBe(true);
    }
  });
});
