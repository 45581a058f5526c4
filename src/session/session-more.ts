// What few sessions need: a second MAC or TTL, VLANs beyond the first, tunnel headers, ICMP types,
// out-of-order TCP ranges, a non-IP protocol's name. Created on first need, so that the common
// session (one MAC pair, one TTL per side, in-order streams) carries none of it.

/**
 * Number lists a session keeps; those below FIRSTS hold their first value in SLOTS (`firstMacSrc`...):
 * below F64_FIRSTS as a double, the others as an int.
 */
export const enum Multi {
  MacSrc = 0,
  MacDst = 1,
  FileId = 2,
  TtlSrc = 3,
  TtlDst = 4,
  Vlan = 5,
  Vni = 6,
  IcmpType = 7,
  IcmpCode = 8,
  OuterMacSrc = 9,
  OuterMacDst = 10,
}
export const F64_FIRSTS = 3;
export const FIRSTS = 6;
export const MULTI_COUNT = 11;

const NONE: never[] = [];

export class SessionMore {
  l2Proto = '';
  /** Set when a first segment is saved: later segments name it. */
  rootId = '';
  /** Per `Multi`: the values after the first (for those below FIRSTS) or all of them. */
  readonly lists: number[][] = new Array<number[]>(MULTI_COUNT).fill(NONE);
  outerIpSrc: string[] = NONE;
  outerIpDst: string[] = NONE;
  /** Per direction, TCP ranges received beyond the contiguous part (seq-tracker.ts). */
  rangesSrc: number[] = NONE;
  rangesDst: number[] = NONE;
}
