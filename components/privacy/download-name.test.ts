import { describe, expect, it } from 'vitest';
import { fileNameOf } from './download-name';

describe('fileNameOf (the name an export is saved under)', () => {
  it('reads the quoted name the export route sends', () => {
    expect(fileNameOf('attachment; filename="contact-0190a1b2.json"', 'x')).toBe('contact-0190a1b2.json');
  });
  it('prefers the encoded name, and reads a bare one', () => {
    expect(fileNameOf(`attachment; filename="a.csv"; filename*=UTF-8''contact%20%C3%A9.csv`, 'x')).toBe('contact é.csv');
    expect(fileNameOf('attachment; filename=contact-1.csv', 'x')).toBe('contact-1.csv');
  });
  it('keeps only the last part of a path, and falls back when there is no name', () => {
    expect(fileNameOf('attachment; filename="../../etc/passwd"', 'x')).toBe('passwd');
    expect(fileNameOf('attachment; filename="C:\\\\temp\\\\a.json"', 'x')).toBe('a.json');
    expect(fileNameOf('attachment', 'contact-1.json')).toBe('contact-1.json');
    expect(fileNameOf(null, 'contact-1.json')).toBe('contact-1.json');
    expect(fileNameOf(`attachment; filename*=UTF-8''%E0%A4%A`, 'fallback.json')).toBe('fallback.json');
  });
});
