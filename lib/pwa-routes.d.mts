export interface AppRoute {
  route: string;
  file: string;
  group: string | null;
  dynamic: boolean;
}
export const OFFLINE_GROUPS: string[];
export const ONLINE_ONLY_PREFIXES: string[];
export function onlineOnlyRoutes(appDir?: string): string[];
export function listAppRoutes(appDir?: string): AppRoute[];
export function offlineRoutes(appDir?: string): string[];
