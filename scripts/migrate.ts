// Applies pending migrations to the configured database (PGlite in .data/ or DATABASE_URL).
import { migrate } from '../lib/db/migrate';
import { openDatabase } from '../lib/db/open-database';

const db = await openDatabase();
const applied = await migrate(db);
console.log(applied.length ? `applied ${applied.join(', ')}` : 'database is up to date');
await db.close();
