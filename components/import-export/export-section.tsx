'use client';

import { Button } from '@/components/ui/button';
import { showToast } from '@/components/ui/toast-store';
import type { Company, Contact } from '@/components/records/record-types';
import { useRecords } from '@/components/records/use-records';
import { exportCsv, exportOrder, type ImportKind } from './csv-mapping';

function download(filename: string, text: string) {
  // A BOM makes spreadsheet apps read the file as UTF-8 (names with accents).
  const url = URL.createObjectURL(new Blob(['\ufeff', text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads every contact or company on this device as CSV; works offline. */
export function ExportSection() {
  const contacts = useRecords('contacts');
  const companies = useRecords('companies');
  const ready = contacts !== undefined && companies !== undefined;

  function exportKind(kind: ImportKind) {
    if (!contacts || !companies) return;
    const records: (Contact | Company)[] = kind === 'contacts' ? contacts : companies;
    const day = new Date().toISOString().slice(0, 10);
    download(`${kind}-${day}.csv`, exportCsv(kind, exportOrder(kind, records), companies));
    showToast(`Exported ${records.length} ${kind}.`, 'success');
  }

  return (
    <div className="flex flex-wrap gap-2">
      <Button isDisabled={!ready} onPress={() => exportKind('contacts')}>
        Export contacts (CSV)
      </Button>
      <Button isDisabled={!ready} onPress={() => exportKind('companies')}>
        Export companies (CSV)
      </Button>
    </div>
  );
}
