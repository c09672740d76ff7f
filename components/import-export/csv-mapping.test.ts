import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Company, Contact } from '@/components/records/record-types';
import { exportCsv, guessMapping, splitHeader, validateRows } from './csv-mapping';

const acme: Company = {
  id: '00000000-0000-7000-8000-0000000000a1',
  name: 'Acme Works',
  domain: 'acme.example',
  industry: null,
  phone: null,
  address: null,
  city: 'Lyon',
  country: null,
  ownerId: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const parse = (text: string) => splitHeader(Papa.parse<string[]>(text.trim(), { skipEmptyLines: true }).data);

describe('CSV import', () => {
  it('maps columns by header name or alias, in any order', () => {
    const { headers } = parse('Surname,E-mail,First Name,Organisation,Mobile\n');
    expect(guessMapping('contacts', headers)).toEqual({ firstName: 2, lastName: 0, email: 1, phone: 4, title: null, company: 3 });
  });

  it('turns valid rows into records and resolves company names', () => {
    const { headers, rows } = parse('First name,Last name,Email,Company\nAda,Lovelace,ada@acme.example,acme works\n\nCharles,Babbage,,');
    const result = validateRows('contacts', rows, guessMapping('contacts', headers), { ownerId: null, companies: [acme] });
    expect(result.errors).toEqual([]);
    expect(result.records).toMatchObject([
      { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example', companyId: acme.id },
      { firstName: 'Charles', lastName: 'Babbage', email: null, companyId: null },
    ]);
  });

  it('reports every bad row by its line in the file, and nothing is returned as importable for them', () => {
    const { headers, rows } = parse('First name,Last name,Email,Company\n,,nobody@x.example,\nGrace,Hopper,grace@,Nowhere Ltd\nAlan,Turing,alan@x.example,');
    const result = validateRows('contacts', rows, guessMapping('contacts', headers), { ownerId: null, companies: [acme] });
    expect(result.errors).toEqual([
      { line: 2, messages: ['Enter a first name or a last name.'] },
      { line: 3, messages: ['No company named “Nowhere Ltd” on this device; import companies first.', 'Email must look like name@example.com.'] },
    ]);
    expect(result.records).toHaveLength(1);
  });

  it('checks companies with the shared schema', () => {
    const { headers, rows } = parse(`Name,Domain\n,x.example\nGood Co,https://good.example/about\n${'L'.repeat(201)},`);
    const result = validateRows('companies', rows, guessMapping('companies', headers), { ownerId: null, companies: [] });
    expect(result.errors.map((e) => e.line)).toEqual([2, 4]);
    expect(result.errors[0]!.messages).toEqual(['Company name is required.']);
    expect(result.records).toMatchObject([{ name: 'Good Co', domain: 'good.example' }]);
  });
});

describe('CSV export', () => {
  it('writes the headers the importer reads back, quoting and defusing formulas', () => {
    const ada: Contact = {
      id: '00000000-0000-7000-8000-0000000000c1',
      firstName: 'Ada',
      lastName: 'Lovelace, Countess',
      email: 'ada@acme.example',
      phone: '+44 7123 456789',
      title: '=HYPERLINK("x")',
      companyId: acme.id,
      ownerId: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const csv = exportCsv('contacts', [ada], [acme]);
    expect(csv.split('\r\n')[0]).toBe('First name,Last name,Email,Phone,Job title,Company');
    const { headers, rows } = parse(csv);
    expect(rows[0]).toEqual(['Ada', 'Lovelace, Countess', 'ada@acme.example', '+44 7123 456789', `'=HYPERLINK("x")`, 'Acme Works']);
    const back = validateRows('contacts', rows, guessMapping('contacts', headers), { ownerId: null, companies: [acme] });
    expect(back.records[0]).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace, Countess', phone: '+44 7123 456789', companyId: acme.id });
  });
});
