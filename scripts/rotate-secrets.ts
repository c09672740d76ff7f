// Re-encrypts every stored secret under the first key of ENCRYPTION_KEYS (key rotation).
import { rotateSecrets } from '../lib/crypto/rotate-secrets';
import { SEALED_COLUMNS } from '../lib/crypto/sealed-columns';
import { migrate } from '../lib/db/migrate';
import { openDatabase } from '../lib/db/open-database';

const db = await openDatabase();
await migrate(db);
const counts = await rotateSecrets(db, SEALED_COLUMNS);
await db.close();
for (const [column, n] of Object.entries(counts)) console.log(`${column}: ${n} re-encrypted`);
console.log('done: every secret is sealed under the primary key; the old key can now be removed.');
