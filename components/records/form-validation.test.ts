import { describe, expect, it } from 'vitest';
import { companies, contacts, deals } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { blankToNull, emailError, schemaErrors } from './form-validation';

const asDef = (d: unknown) => d as CollectionDef;

describe('form validation with the shared schema', () => {
  it('accepts a complete contact', () => {
    const record = { firstName: 'Ada', lastName: 'Lovelace', email: null, phone: null, title: null, companyId: null, ownerId: null };
    expect(schemaErrors(asDef(contacts), record, {})).toEqual({});
  });

  it('names the field and the rule that failed', () => {
    const record = { name: '', domain: null, industry: null, phone: 'x'.repeat(51), address: null, city: null, country: null, ownerId: null };
    expect(schemaErrors(asDef(companies), record, { name: 'Company name', phone: 'Phone' })).toEqual({
      name: 'Company name is required.',
      phone: 'Phone can be at most 50 characters long.',
    });
  });

  it('reports a wrong currency code on a deal', () => {
    const deal = {
      name: 'Fleet',
      pipelineId: '00000000-0000-7000-8000-000000000001',
      stageId: 'lead',
      amountCents: 100,
      currency: 'euro',
      closeDate: null,
      status: 'open',
      companyId: null,
      contactId: null,
      ownerId: null,
    };
    expect(schemaErrors(asDef(deals), deal, { currency: 'Currency' })).toEqual({ currency: 'Currency is not valid.' });
  });

  it('checks email shape and blanks', () => {
    expect(emailError('ada@example.com')).toBeNull();
    expect(emailError('')).toBeNull();
    expect(emailError('ada@')).toMatch(/name@example.com/);
    expect(blankToNull('  ')).toBeNull();
    expect(blankToNull(' x ')).toBe('x');
  });
});
