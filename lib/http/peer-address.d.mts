import type { IncomingHttpHeaders } from 'node:http';
export const PEER_HEADER: string;
export function peerToken(): string;
export function peerStamp(address: string | undefined): string;
export function stampPeer(headers: IncomingHttpHeaders, address: string | undefined): void;
export function readPeer(value: string | null | undefined): string | null;
