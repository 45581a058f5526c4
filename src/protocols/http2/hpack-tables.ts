// HPACK's fixed data (RFC 7541): the static table and the Huffman code, with its decoder.
import { HpackError } from './errors.js';

/** RFC 7541 Appendix A. */
export const STATIC: [string, string][] = [
  [":authority", ""],
  [":method", "GET"],
  [":method", "POST"],
  [":path", "/"],
  [":path", "/index.html"],
  [":scheme", "http"],
  [":scheme", "https"],
  [":status", "200"],
  [":status", "204"],
  [":status", "206"],
  [":status", "304"],
  [":status", "400"],
  [":status", "404"],
  [":status", "500"],
  ["accept-charset", ""],
  ["accept-encoding", "gzip, deflate"],
  ["accept-language", ""],
  ["accept-ranges", ""],
  ["accept", ""],
  ["access-control-allow-origin", ""],
  ["age", ""],
  ["allow", ""],
  ["authorization", ""],
  ["cache-control", ""],
  ["content-disposition", ""],
  ["content-encoding", ""],
  ["content-language", ""],
  ["content-length", ""],
  ["content-location", ""],
  ["content-range", ""],
  ["content-type", ""],
  ["cookie", ""],
  ["date", ""],
  ["etag", ""],
  ["expect", ""],
  ["expires", ""],
  ["from", ""],
  ["host", ""],
  ["if-match", ""],
  ["if-modified-since", ""],
  ["if-none-match", ""],
  ["if-range", ""],
  ["if-unmodified-since", ""],
  ["last-modified", ""],
  ["link", ""],
  ["location", ""],
  ["max-forwards", ""],
  ["proxy-authenticate", ""],
  ["proxy-authorization", ""],
  ["range", ""],
  ["referer", ""],
  ["refresh", ""],
  ["retry-after", ""],
  ["server", ""],
  ["set-cookie", ""],
  ["strict-transport-security", ""],
  ["transfer-encoding", ""],
  ["user-agent", ""],
  ["vary", ""],
  ["via", ""],
  ["www-authenticate", ""],
];

/**
 * Appendix B's code lengths for symbols 0..256 (EOS), one character each (0-9 then A=10...). The
 * code is canonical, so the codes follow from the lengths; the unit test checks the RFC's vectors.
 */
const LENGTHS = 'DNSSSSSSSOUSSUSSSSSSSSUSSSSSSSSS6AACD68BAA8B8666555666666678F6CAD67777777777777777777777878DJDE6F56565666577666567655677777FBEDSKMKKMMMNMNNNNNONOOMNONNNNLMNMNNOMLKMMNNLNMMOLMNNLLMLNMNNKMMMNMMNQQKJMNMPQQQRRQOPJLQRRQROLLQQSRRRKOKLMLLNMMPPOOQNQRQQRRRRRSRRRRRQU';

// Canonical decoding tables: for each length, the first code and where its symbols start.
const MAX_LEN = 30;
const firstCode = new Int32Array(MAX_LEN + 2);
const countAt = new Int32Array(MAX_LEN + 2);
const offsetAt = new Int32Array(MAX_LEN + 2);
const symbols = new Uint16Array(257);
{
  const lens = [...LENGTHS].map((c) => parseInt(c, 36));
  for (const l of lens) countAt[l]++;
  let code = 0;
  let offset = 0;
  for (let l = 1; l <= MAX_LEN; l++) {
    firstCode[l] = code;
    offsetAt[l] = offset;
    offset += countAt[l];
    code = (code + countAt[l]) << 1;
  }
  const fill = offsetAt.slice();
  for (let l = 1; l <= MAX_LEN; l++) for (let s = 0; s < 257; s++) if (lens[s] === l) symbols[fill[l]++] = s;
}

export function huffmanDecode(b: Buffer, start: number, end: number): string {
  const out: number[] = [];
  let code = 0;
  let len = 0;
  for (let p = start; p < end; p++) {
    for (let bit = 7; bit >= 0; bit--) {
      code = (code << 1) | ((b[p] >> bit) & 1);
      len++;
      const i = code - firstCode[len];
      if (i >= 0 && i < countAt[len]) {
        const sym = symbols[offsetAt[len] + i];
        if (sym === 256) throw new HpackError('EOS in a Huffman string');
        out.push(sym);
        code = 0;
        len = 0;
      } else if (len >= MAX_LEN) throw new HpackError('bad Huffman code');
    }
  }
  // Padding: at most 7 bits, all ones (the EOS prefix).
  if (len > 7 || code !== (1 << len) - 1) throw new HpackError('bad Huffman padding');
  return Buffer.from(out).toString('latin1');
}
