// Both drivers return the same JavaScript values for the same SQL, so code and tests do not
// depend on which database runs: timestamps as ISO strings (JSON-ready for sync), dates as
// YYYY-MM-DD, bigint and numeric as numbers (amounts are integer cents, far below 2^53).

export const OID = { INT8: 20, NUMERIC: 1700, TIMESTAMP: 1114, TIMESTAMPTZ: 1184, DATE: 1082 } as const;

function toIso(value: string): string {
  // Postgres prints "2026-11-22 03:13:35.733+00"; Date parses it once the space is a T.
  const normalised = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  return new Date(normalised).toISOString();
}

export const textParsers: Record<number, (value: string) => unknown> = {
  [OID.INT8]: (v) => Number(v),
  [OID.NUMERIC]: (v) => Number(v),
  [OID.TIMESTAMPTZ]: toIso,
  [OID.TIMESTAMP]: (v) => toIso(`${v}+00`),
  [OID.DATE]: (v) => v,
};
