import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { themeBootScript } from '@/components/shell/theme-boot';
import { UiProvider } from '@/components/ui/ui-provider';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'CRM-AI', template: '%s · CRM-AI' },
  description: 'Offline-first CRM for field sales',
  applicationName: 'CRM-AI',
  appleWebApp: { capable: true, title: 'CRM-AI', statusBarStyle: 'default' },
  icons: { icon: '/icons/icon-192.png', apple: '/icons/apple-touch-icon.png' },
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#0c0f16' },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* Applies the saved theme before first paint, so a dark-theme user never sees a white flash. */}
        <script dangerouslySetInnerHTML={{ __html: themeBootScript }} />
      </head>
      <body className="bg-bg text-text">
        <UiProvider>{children}</UiProvider>
      </body>
    </html>
  );
}
