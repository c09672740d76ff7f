'use client';

import { useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';
import { RouterProvider } from 'react-aria-components';

declare module 'react-aria-components' {
  interface RouterConfig {
    routerOptions: NonNullable<Parameters<ReturnType<typeof useRouter>['push']>[1]>;
  }
}

/**
 * Wraps every page once (app/layout.tsx): React Aria links navigate with the Next router
 * instead of full reloads, and <html data-hydrated> tells tests the root has hydrated.
 */
export function UiProvider({ children }: { children: ReactNode }) {
  const router = useRouter();
  // Marks the root as hydrated. Parts of a page can hydrate later (streamed segments, lazy
  // chunks); the controls of components/ui stay read-only or disabled until their own part is
  // live (use-hydrated.ts), which is what browser tests wait for before typing.
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return (
    <RouterProvider navigate={(href, options) => router.push(href, options)}>
      {children}
    </RouterProvider>
  );
}
