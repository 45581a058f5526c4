// Splits a message head into its first line and (name, value) header pairs, reading from the bytes
// rather than from one string of the whole head: a value cut from such a string keeps all of it
// alive for as long as the session holds the value (a 500-byte head for a 20-byte User-Agent).
// Names are lower-cased and interned: every session shares one "user-agent".
import { intern } from '../intern.js';

export interface Head {
  first: string;
  headers: [string, string][];
}

/** The head in b[0, end) (without its blank line); lines end with LF or CRLF. */
export function splitHead(b: Buffer, end: number): Head {
  let nl = lineEnd(b, 0, end);
  const first = b.toString('latin1', 0, nl > 0 && b[nl - 1] === CR ? nl - 1 : nl);
  const headers: [string, string][] = [];
  for (let p = nl + 1; p < end; p = nl + 1) {
    nl = lineEnd(b, p, end);
    // Searched within the line only: a head of many lines without a colon stays linear.
    let colon = p;
    while (colon < nl && b[colon] !== COLON) colon++;
    if (colon === p || colon === nl) continue;
    let ns = p;
    let ne = colon;
    while (ns < ne && isSpace(b[ns])) ns++;
    while (ne > ns && isSpace(b[ne - 1])) ne--;
    let vs = colon + 1;
    let ve = nl;
    while (vs < ve && isSpace(b[vs])) vs++;
    while (ve > vs && isSpace(b[ve - 1])) ve--;
    headers.push([intern(b.toString('latin1', ns, ne).toLowerCase()), b.toString('latin1', vs, ve)]);
  }
  return { first, headers };
}

const CR = 13;
const LF = 10;
const COLON = 58;

function lineEnd(b: Buffer, p: number, end: number): number {
  const nl = b.indexOf(LF, p);
  return nl < 0 || nl > end ? end : nl;
}

/** The whitespace String.prototype.trim removes, in latin1: TAB..CR, space, NBSP. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 160;
}
