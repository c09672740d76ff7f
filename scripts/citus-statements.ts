// Prints the SQL that distributes a migrated database with Citus (docs/scaling.md):
//   npm run -s db:citus | psql "$COORDINATOR_URL"
import { citusStatements } from '../lib/db/citus-layout';

console.log('-- CRM-AI: distribute the tenant tables by tenant_id (lib/db/citus-layout.ts). Run once, on the coordinator, after `npm run db:migrate`.');
console.log('BEGIN;');
for (const statement of citusStatements()) console.log(statement);
console.log('COMMIT;');
