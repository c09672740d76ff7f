import type { Metadata } from 'next';
import { PageHeader } from '@/components/shell/page-header';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { Catalog } from './_components/catalog';
import { Link } from '@/components/ui/link';

export const metadata: Metadata = { title: 'Design system' };

/**
 * Every component of components/ui at work. The a11y scan opens each dialog, menu and error
 * state here, so the building blocks are proven in light and dark, phone and desktop, before
 * any screen uses them. Each state and the tokens are on /design-system/foundations: the
 * scan walks this page once per state, and the reference would triple every walk.
 */
export default function DesignSystemPage() {
  return (
    <>
      <Breadcrumbs
        items={[
          { href: '/today', label: 'Home' },
          { href: '/design-system', label: 'Design system' },
        ]}
      />
      <PageHeader title="Design system" description="The accessible building blocks every screen is made of, each in its working state." />
      <div className="flex flex-col gap-section">
        <Catalog />
        <p>
          <Link href="/design-system/foundations">Foundations: every component in every state, colours, type, spacing and icons</Link>
        </p>
      </div>
    </>
  );
}
