// Sample values for dynamic route segments, so the scan can open "/contacts/[id]" as a real
// page. Keys are either the segment name ("id") or "pattern:name" when one route needs its
// own value ("/deals/[id]:id"). Use ids from the deterministic seed (lib/seed/).
export const ROUTE_SAMPLES: Readonly<Record<string, string>> = {
  token: 'not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  '/admin/workflows/[id]:id': '00000000-0000-7000-8000-000000000000',
};
