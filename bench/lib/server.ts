// Starts the production build on a fresh seeded database for a benchmark, like the e2e server.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface BenchServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts scripts/e2e-server.mjs on `port` and waits for readiness (needs `npm run build`). */
export async function startServer(port: number, env: Record<string, string> = {}): Promise<BenchServer> {
  if (!existsSync('.next/BUILD_ID')) throw new Error('No production build: run `npm run build` first.');
  const child: ChildProcess = spawn('node', ['scripts/e2e-server.mjs', String(port)], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: 'ignore',
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/health/ready`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error('benchmark server did not start in 180 s');
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    async stop() {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
    },
  };
}
