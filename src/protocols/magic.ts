// Content types from leading bytes (a small libmagic), for body/attachment "bodymagic" fields.
const MAGIC: [number[] | string, string][] = [
  [[0xff, 0xd8, 0xff], 'image/jpeg'],
  [[0x89, 0x50, 0x4e, 0x47], 'image/png'],
  ['GIF8', 'image/gif'],
  ['%PDF', 'application/pdf'],
  [[0x1f, 0x8b], 'application/x-gzip'],
  [[0x50, 0x4b, 0x03, 0x04], 'application/zip'],
  ['MZ', 'application/x-dosexec'],
  [[0x7f, 0x45, 0x4c, 0x46], 'application/x-executable'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'application/msword'],
  ['<?xml', 'text/xml'],
  ['<!DOCTYPE html', 'text/html'],
  ['<!doctype html', 'text/html'],
  ['<html', 'text/html'],
  ['<HTML', 'text/html'],
  ['{', 'application/json'],
];
const TABLE = MAGIC.map(([sig, type]) => [typeof sig === 'string' ? Buffer.from(sig, 'latin1') : Buffer.from(sig), type] as const);

export function bodyMagic(b: Buffer): string | null {
  for (const [sig, type] of TABLE) if (b.length >= sig.length && b.compare(sig, 0, sig.length, 0, sig.length) === 0) return type;
  return null;
}
