import type { MetadataRoute } from 'next';
import { themes } from '@/lib/design/tokens';

export default function manifest(): MetadataRoute.Manifest {
  return {
    id: '/today',
    name: 'CRM-AI',
    short_name: 'CRM-AI',
    description: 'Offline-first CRM for field sales',
    start_url: '/today',
    scope: '/',
    display: 'standalone',
    orientation: 'any',
    background_color: themes.light.bg,
    theme_color: themes.light.primary,
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
    shortcuts: [
      { name: 'Today', url: '/today', icons: [{ src: '/icons/icon-192.png', sizes: '192x192' }] },
      { name: 'New contact', url: '/contacts?new=1', icons: [{ src: '/icons/icon-192.png', sizes: '192x192' }] },
    ],
  };
}
