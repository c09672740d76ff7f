// `npm run bench`: every benchmark, one after another (`npm run bench -- NAME` runs one).
// Figures only; nothing here fails a build. The heavy ones run as their own processes.
import { spawnSync } from 'node:child_process';
import { runApiV1Bench } from './api-v1.bench';
import { runContactsBench } from './contacts-list.bench';
import { runPwaBench } from './pwa.bench';
import { runRequestBodyBench } from './request-body.bench';
import { runSecurityOverheadBench } from './security-overhead.bench';
import { runTenantWritesBench } from './tenant-writes.bench';

const script = (cmd: string, args: string[]) => async () => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) console.log(`(${[cmd, ...args].join(' ')} exited with ${r.status})`);
};

const benches: [string, () => Promise<void>][] = [
  ['security', runSecurityOverheadBench],
  ['tenant-writes', runTenantWritesBench],
  ['request-body', runRequestBodyBench],
  ['auth', script('npx', ['tsx', '--conditions=react-server', 'bench/auth.ts'])],
  ['pwa', runPwaBench],
  ['contacts', runContactsBench],
  ['api-v1', runApiV1Bench],
  ['sync', script('npm', ['run', '-s', 'bench:sync'])],
  ['sync-browser', script('npm', ['run', '-s', 'bench:sync:browser'])],
  ['sync-http', script('npm', ['run', '-s', 'bench:sync:http'])],
  ['sync-live', script('npm', ['run', '-s', 'bench:sync:live'])],
  ['workflows', script('npm', ['run', '-s', 'bench:workflows'])],
];
const only = process.argv[2];
if (only && !benches.some(([name]) => name === only)) {
  console.error(`unknown benchmark "${only}"; one of: ${benches.map(([n]) => n).join(', ')}`);
  process.exit(2);
}
for (const [name, run] of benches) {
  if (only && only !== name) continue;
  console.log(`\n##### ${name}`);
  await run();
}
// In-process benchmarks leave pools and the Redis client of the rate limiter open: end here.
process.exit(0);
