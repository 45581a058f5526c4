// Vendors of MAC addresses: IEEE OUI (24-bit) and MA-M/MA-S (28/36-bit) blocks, read from
// Wireshark's `manuf` file (Debian: libwireshark-data) on first use. Without the file the OUI
// fields stay empty; nothing else depends on them.
import { readFileSync } from 'node:fs';
import { memoNumber } from './memo.js';

export const DEFAULT_OUI_FILE = '/usr/share/wireshark/manuf';

export interface OuiTable {
  /** Keyed by the prefix's value with its bit length folded in: (prefix << 6) | bits, as a number; the entry's index. */
  byPrefix: Map<number, number>;
  /** Entry i's vendor is text[from[i], to[i]), trimmed when read: no string per line is made at load. */
  from: number[];
  to: number[];
  text: string;
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

/**
 * Parses manuf lines "00:00:0C<TAB>Cisco<TAB>Cisco Systems, Inc" and "00:1B:C5:00:00:00/36<TAB>...",
 * scanning the text in place: splitting its 52,000 lines into strings took ~120 ms at every start.
 */
export function parseManuf(text: string): OuiTable {
  const t: OuiTable = { byPrefix: new Map(), from: [], to: [], text, lengths: [] };
  const lengths = new Set<number>();
  for (let s = 0; s < text.length; ) {
    let e = text.indexOf('\n', s);
    if (e < 0) e = text.length;
    const bits = entry(t, s, e);
    if (bits > 0) lengths.add(bits);
    s = e + 1;
  }
  t.lengths = [...lengths].sort((a, b) => b - a);
  return t;
}

/** Files the line text[s, e) if it is an entry; returns its prefix length in bits, or 0. */
function entry(t: OuiTable, s: number, e: number): number {
  const text = t.text;
  if (s === e || text.charCodeAt(s) === HASH) return 0;
  const tab = fieldEnd(text, s, e);
  if (tab === e || tab === s) return 0;
  let mac = 0;
  let groups = 0;
  let p = s;
  // Hex groups separated by ':', '.' or '-', up to '/' or the tab.
  for (;;) {
    let v = 0;
    const g = p;
    for (let h; p < tab && (h = hexDigit(text.charCodeAt(p))) >= 0; p++) v = v * 16 + h;
    if (p === g || v > 255) return 0;
    if (groups < 6) mac = mac * 256 + v;
    groups++;
    const c = text.charCodeAt(p);
    if (p === tab || c === SLASH) break;
    if (c !== COLON && c !== DOT && c !== DASH) return 0;
    p++;
  }
  for (let g = groups; g < 6; g++) mac *= 256;
  const bits = p < tab ? Number(text.slice(p + 1, tab)) : groups * 8;
  if (!(bits >= 8 && bits <= 48)) return 0;
  // The long name, else the short one.
  let from = tab + 1;
  let to = fieldEnd(text, from, e);
  if (to === from) return 0;
  if (to < e) {
    from = to + 1;
    to = fieldEnd(text, from, e);
  }
  t.byPrefix.set(key(mac, bits), t.from.length);
  t.from.push(from);
  t.to.push(to);
  return bits;
}

/** Where the tab-separated field starting at `from` ends, within the line ending at `e`. */
function fieldEnd(text: string, from: number, e: number): number {
  const tab = text.indexOf('\t', from);
  return tab >= 0 && tab < e ? tab : e;
}

const HASH = 35;
const SLASH = 47;
const COLON = 58;
const DOT = 46;
const DASH = 45;

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
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
    const i = table.byPrefix.get(key(mac, bits));
    if (i !== undefined) return table.text.slice(table.from[i], table.to[i]).trim();
  }
  return undefined;
}

/** The vendor of a MAC address (48-bit number), longest registered prefix first. */
export let ouiOf = memoNumber(lookup);
