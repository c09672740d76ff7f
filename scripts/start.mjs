// `npm start`: migrate and seed the database (embedded PGlite in .data/ unless DATABASE_URL
// is set), build when the sources changed since the last build, then serve on PORT (3000).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const port = process.env.PORT ?? '3000';
// `npm start` is the one-command trial on your own machine: with no mail server configured,
// mail stays in the development outbox (/dev/outbox, announced loudly at start) and links
// point at this machine. A deployment runs `npm run serve` with SMTP_URL and APP_URL set,
// and refuses to start without them (lib/mail/mail-config.ts).
if (!env.SMTP_URL && env.MAIL_DISABLED !== '1') env.MAIL_DEV_OUTBOX ??= '1';
env.APP_URL ??= `http://localhost:${port}`;
// The same trial on Postgres: one machine, so the session and sealing secrets generated into
// .data/ are shared by its one server (a deployment sets AUTH_SECRET and ENCRYPTION_KEYS; lib/env.ts).
env.DEV_SECRETS ??= '1';

function must(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function sourceFingerprint() {
  // The commit plus uncommitted changes: a pulled or edited checkout triggers a rebuild.
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout ?? '';
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], { encoding: 'utf8' }).stdout ?? '';
  const diff = spawnSync('git', ['diff', 'HEAD'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout ?? '';
  return createHash('sha256').update(head).update(dirty).update(diff).digest('hex');
}

must('npx', ['tsx', '--conditions=react-server', 'scripts/seed.ts']);

const stamp = '.next/crm-source-fingerprint';
const fingerprint = sourceFingerprint();
const current = existsSync('.next/BUILD_ID') && existsSync(stamp) && readFileSync(stamp, 'utf8') === fingerprint;
if (!current) {
  must('npx', ['next', 'build', '--webpack']);
  writeFileSync(stamp, fingerprint);
}

console.log(`\nCRM-AI on http://localhost:${port} (this machine only; LISTEN_HOST=0.0.0.0 to open it to the network)`);
// Our server, not `next start`: it stamps each request with the address that connected.
// Security: this trial keeps mail in the development outbox, where sign-up links are readable,
// so it listens on this machine only unless LISTEN_HOST says otherwise.
const server = spawn('node', ['scripts/server.mjs', '-p', port, '-H', env.LISTEN_HOST ?? '127.0.0.1'], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
