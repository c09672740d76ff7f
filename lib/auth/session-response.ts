import 'server-only';
import { NextResponse } from 'next/server';
import type { SessionFields } from './session-token';
import { mintSessionCookie } from './session-token';

/** A JSON response that also replaces the session cookie (second factor passed, tenant switched…). */
export async function jsonWithSession(body: unknown, fields: SessionFields): Promise<NextResponse> {
  const res = NextResponse.json(body);
  const cookie = await mintSessionCookie(fields);
  res.cookies.set(cookie.name, cookie.value, cookie.options);
  return res;
}

/** The session fields of a decoded session, without the JWT timing claims. */
export function fieldsOf(claims: SessionFields & { iat?: number; exp?: number }): SessionFields {
  const { iat: _iat, exp: _exp, ...fields } = claims;
  return fields;
}
