// A session's packet positions, Arkime style, one number per packet in one plain array: a long
// session holds thousands, and a number per packet halves what (position, length) pairs cost.
//   v >= 0      a record of the current file: at byte floor(v / LEN_SPAN), v % LEN_SPAN bytes long
//   v < 0       the following records are in file -v (Arkime's packetPos convention); the
//               first file goes unwritten (the session keeps its id) and is put back on unpacking
//   -Infinity   the next two numbers are a position and a length too large to pack

/** Record lengths below this pack (a 262,144-byte snap length plus its 16-byte header fits). */
const LEN_SPAN = 2 ** 19;
/** Positions below this pack: 2^34 * 2^19 = 2^53 stays an exact double (files up to 16 GiB). */
const POS_LIMIT = 2 ** 34;
const WIDE = -Infinity;

/**
 * `grow` (grow.ts) for these lists alone: its array literals then only ever see numbers and make
 * unboxed double arrays; shared with lists of strings they would box each number (16 bytes more).
 */
function grow(list: number[], v: number): number[] {
  switch (list.length) {
    case 0: return [v];
    case 1: return [list[0], v];
    case 2: return [list[0], list[1], v];
    case 3: return [list[0], list[1], list[2], v];
  }
  list.push(v);
  return list;
}

/** Appends the record at `pos`, `len` bytes long; returns the list to keep. */
export function addPosition(list: number[], pos: number, len: number): number[] {
  if (pos < POS_LIMIT && len < LEN_SPAN) return grow(list, pos * LEN_SPAN + len);
  return grow(grow(grow(list, WIDE), pos), len);
}

/** Marks that the following records are in file `fileId`. */
export function addFileSwitch(list: number[], fileId: number): number[] {
  return grow(list, -fileId);
}

/**
 * The positions and lengths as the store keeps them (a file switch: -fileId with length 0), the
 * records before any switch in file `firstFile` (none: -1).
 */
export function unpackPositions(list: number[], firstFile: number): { pos: Float64Array; len: Int32Array } {
  const lead = firstFile >= 0 ? 1 : 0;
  let n = lead;
  for (let i = 0; i < list.length; i++, n++) if (list[i] === WIDE) i += 2;
  const pos = new Float64Array(n);
  const len = new Int32Array(n);
  if (lead) pos[0] = -firstFile;
  for (let i = 0, k = lead; i < list.length; i++, k++) {
    const v = list[i];
    if (v === WIDE) {
      pos[k] = list[++i];
      len[k] = list[++i];
    } else if (v < 0) pos[k] = v;
    else {
      len[k] = v % LEN_SPAN;
      pos[k] = (v - len[k]) / LEN_SPAN;
    }
  }
  return { pos, len };
}
