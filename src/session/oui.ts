// Vendors of MAC addresses: IEEE OUI (24-bit) and MA-M/MA-S (28/36-bit) blocks, read from
// Wireshark's `manuf` file (Debian: libwireshark-data) on first use. Without the file the OUI
// fields stay empty; nothing else depends on them.
import { readFileSync } from 'node:fs';
import { memoNumber } from './memo.js';

export const DEFAULT_OUI_FILE = '/usr/share/wireshark/manuf';

interface OuiTable {
  /** Keyed by the prefix's value with its bit length folded in: (prefix << 6) | bits, as a number. */
  byPrefix: Map<number, string>;
  lengths: number[];
}

let path = process.env.WEIR_OUI_FILE ?? DEFAULT_OUI_FILE;
let table: OuiTable | null | undefined;

export function ouiFile(): string {
  return path;
}

export function setOuiFile(p: string): void {
  path = p;
  table = undefined;
  ouiOf = memoNumber(lookup);
}

/** Parses manuf lines "00:00:0C<TAB>Cisco<TAB>Cisco Systems, Inc" and "00:1B:C5:00:00:00/36<TAB>...". */
export function parseManuf(text: string): OuiTable {
  const byPrefix = new Map<number, string>();
  const lengths = new Set<number>();
  for (const line of text.split('\n')) {
    if (!line || line[0] === '#') continue;
    const [prefix, short, long] = line.split('\t');
    if (!prefix || !short) continue;
    const [hex, bitsText] = prefix.split('/');
    const bytes = hex.split(/[:.-]/).map((x) => parseInt(x, 16));
    if (bytes.some((b) => !(b >= 0 && b <= 255))) continue;
    const bits = bitsText ? Number(bitsText) : bytes.length * 8;
    if (!(bits >= 8 && bits <= 48)) continue;
    byPrefix.set(key(macValue(bytes), bits), (long ?? short).trim());
    lengths.add(bits);
  }
  return { byPrefix, lengths: [...lengths].sort((a, b) => b - a) };
}

function macValue(bytes: number[]): number {
  let v = 0;
  for (let i = 0; i < 6; i++) v = v * 256 + (bytes[i] ?? 0);
  return v;
}

function key(mac: number, bits: number): number {
  const shift = 2 ** (48 - bits);
  return Math.floor(mac / shift) * 64 + bits;
}

function load(): OuiTable | null {
  try {
    return parseManuf(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

function lookup(mac: number): string | undefined {
  if (table === undefined) table = load();
  if (!table) return undefined;
  for (const bits of table.lengths) {
    const v = table.byPrefix.get(key(mac, bits));
    if (v !== undefined) return v;
  }
  return undefined;
}

/** The vendor of a MAC address (48-bit number), longest registered prefix first. */
export let ouiOf = memoNumber(lookup);
