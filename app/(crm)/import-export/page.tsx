import type { Metadata } from 'next';
import { PageHeader } from '@/components/shell/page-header';
import { Abbr } from '@/components/ui/abbr';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { ExportSection } from '@/components/import-export/export-section';
import { ImportSection } from '@/components/import-export/import-section';

export const metadata: Metadata = { title: 'Import and export' };

export default function ImportExportPage() {
  return (
    <>
      <Breadcrumbs
        items={[
          { href: '/contacts', label: 'Contacts' },
          { href: '/import-export', label: 'Import and export' },
        ]}
      />
      <PageHeader title="Import and export" />
      <p className="mb-6">
        Contacts and companies as <Abbr term="CSV" expand /> files, read and written on this device, online or not.
      </p>
      <section aria-labelledby="export-heading" className="mb-8 flex flex-col gap-2">
        <h2 id="export-heading" className="text-xl font-semibold">
          Export
        </h2>
        <ExportSection />
      </section>
      <section aria-labelledby="import-heading" className="flex flex-col gap-2">
        <h2 id="import-heading" className="text-xl font-semibold">
          Import
        </h2>
        <ImportSection />
      </section>
    </>
  );
}
