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
 * instead of full reloads, and <html data-hydrated> tells tests the page is interactive.
 */
export function UiProvider({ children }: { children: ReactNode }) {
  const router = useRouter();
  // Marks the page as interactive, so browser tests never type into server HTML that React
  // has not taken over yet (keys typed before hydration are lost).
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return (
    <RouterProvider navigate={(href, options) => router.push(href, options)}>
      {children}
    </RouterProvider>
  );
}
