// The app's HTTP server: Next.js behind a thin Node server that stamps each request with the
// address that really connected (lib/http/peer-address.mjs explains why `next start` alone
// cannot be trusted with it). Used by `npm start`, `npm run serve`, `npm run dev` and the
// browser tests.   node scripts/server.mjs [--dev] [-p PORT] [-H HOST]
import { createServer } from 'node:http';
import { peerToken, stampPeer } from '../lib/http/peer-address.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const dev = args.includes('--dev');
// `next start` and `next dev` set NODE_ENV; a custom server must, before Next loads. Without it
// a production build ran React's development server build and skipped every production-only
// check (mail transport, cookie flags, WEBHOOK_ALLOW_PRIVATE_TARGETS refusal). A caller's
// explicit NODE_ENV wins, as with the Next CLI.
process.env.NODE_ENV ??= dev ? 'development' : 'production';
const { default: next } = await import('next');
const port = Number(flag('-p', process.env.PORT ?? '3000'));
const hostname = flag('-H', process.env.LISTEN_HOST ?? '0.0.0.0');

// Before Next starts, so every worker it forks inherits the same token.
peerToken();
const app = next({ dev, hostname, port, webpack: true });
const handle = app.getRequestHandler();
await app.prepare();

createServer((req, res) => {
  stampPeer(req.headers, req.socket.remoteAddress);
  // The sync endpoints skip Next's router once the app has registered them (instrumentation.ts,
  // lib/http/fast-lane.ts says why); everything else, and everything before that, goes to Next.
  if (globalThis.__crmFastLane?.serve(req, res)) return;
  handle(req, res);
}).listen(port, hostname, () => {
  console.log(`> Ready on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${port}${dev ? ' (development)' : ''}`);
});
