// Shared with the browser: the quick start's examples for a given address of this app, so
// what the page shows is what a test can run.

/** Sets the key for the examples below (the token is pasted in by the reader, never by the page). */
export function exportKeyExample(): string {
  return "export CRM_API_KEY='paste the token of your key here'";
}

/** Lists ten contacts with curl. */
export function curlListExample(origin: string): string {
  return [`curl "${origin}/api/v1/contacts?limit=10" \\`, '  -H "Authorization: Bearer $CRM_API_KEY"'].join('\n');
}

/** Creates a contact with curl. */
export function curlCreateExample(origin: string): string {
  return [
    `curl -X POST "${origin}/api/v1/contacts" \\`,
    '  -H "Authorization: Bearer $CRM_API_KEY" \\',
    '  -H "Content-Type: application/json" \\',
    `  -d '{"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com"}'`,
  ].join('\n');
}

/** The same with the TypeScript client in sdk/: a page, every match page after page, and a create. */
export function sdkExample(origin: string): string {
  return [
    "import { CrmClient } from '@crm-ai/sdk';",
    '',
    'const crm = new CrmClient({',
    `  baseUrl: '${origin}',`,
    "  apiKey: process.env.CRM_API_KEY ?? '',",
    '});',
    '',
    '// One page of contacts.',
    'const page = await crm.contacts.list({ limit: 10 });',
    'console.log(page.data.map((c) => c.lastName));',
    '',
    '// Every contact matching "Lovelace", page after page.',
    "for await (const c of crm.contacts.iterate({ q: 'Lovelace' })) {",
    '  console.log(c.firstName, c.lastName);',
    '}',
    '',
    '// A new contact (the client adds an Idempotency-Key, so a retry never makes two).',
    "const { record } = await crm.contacts.create({ firstName: 'Grace', lastName: 'Hopper' });",
    'console.log(record.id);',
  ].join('\n');
}
