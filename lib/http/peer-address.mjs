// Shared by the HTTP server (scripts/server.mjs) and lib/http/client-ip.ts, so plain Node can
// run it without a build. Why it exists: `next start` keeps a client-sent X-Forwarded-For and
// only fills it with the socket address when it is absent, so a route handler cannot tell the
// address that really connected from one the client typed. Our server stamps every request
// with the socket address, under a per-process token that no client can know.
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** The request header the server writes (and overwrites, whatever the client sent). */
export const PEER_HEADER = 'x-crm-peer';

/**
 * This process's token. Set by the server before Next starts (children inherit it); read
 * lazily elsewhere. When no server set it, a random one nobody knows is made, so a stamp
 * sent by a client can never match.
 */
export function peerToken() {
  process.env.CRM_PEER_TOKEN ??= randomBytes(24).toString('base64url');
  return process.env.CRM_PEER_TOKEN;
}

/** The header value that says `address` connected (the server's stamp; tests send it too). */
export function peerStamp(address) {
  return `${peerToken()} ${address ?? 'unknown'}`;
}

/** Stamps a Node request's headers with the socket's address (replacing any client copy). */
export function stampPeer(headers, address) {
  headers[PEER_HEADER] = peerStamp(address);
}

/** The address in a stamp, or null when the stamp is missing or was not made by this process. */
export function readPeer(value) {
  if (!value) return null;
  const space = value.indexOf(' ');
  if (space <= 0) return null;
  const given = Buffer.from(value.slice(0, space));
  const ours = Buffer.from(peerToken());
  // Security: constant-time, so the token cannot be guessed a byte at a time.
  if (given.length !== ours.length || !timingSafeEqual(given, ours)) return null;
  return value.slice(space + 1);
}
