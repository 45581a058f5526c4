// What a session does with a packet's payload: counts its new TCP bytes once, and classifies and
// feeds it to the session's application parser (datagrams for UDP, in-order streams for TCP).
import type { Decoded } from '../packet/decoded.js';
import { classify, classifySctp } from '../protocols/registry.js';
import { SessionApp } from '../protocols/session-app.js';
import type { ParserOptions } from '../protocols/types.js';
import { seqAdd, seqOpen, seqStart } from './seq-tracker.js';
import { TH, type Session } from './session.js';

const MAX_CLASSIFY_TRIES = 8;

/** Payload bytes of this segment not seen before in its direction (retransmissions count once). */
export function newTcpBytes(s: Session, d: Decoded, dir: number): number {
  const syn = (d.tcpFlags & TH.SYN) !== 0;
  let known = seqStart(s, dir) >= 0;
  if (!known && syn) {
    seqOpen(s, dir, d.tcpSeq + 1);
    known = true;
  }
  // Like Arkime, a direction's bytes count only once a SYN fixed where its stream starts.
  if (!known) return 0;
  return seqAdd(s, dir, syn ? (d.tcpSeq + 1) >>> 0 : d.tcpSeq, d.dataLen);
}

/** Classifies a UDP session on its first payload and feeds each datagram to its parser. */
export function feedUdpApp(s: Session, d: Decoded, dir: number, opts: ParserOptions): void {
  if (!s.appTried) {
    s.appTried = 1;
    const def = classify('udp', s.srcPort, s.dstPort, d.buf, d.payOff, d.payLen);
    if (!def) return;
    s.app = new SessionApp(def, Math.floor(s.firstUs / 1e6), opts);
  }
  s.app!.feed(dir, d.buf, d.payOff, d.payLen);
}

/** Classifies a TCP session on its first payloads and feeds its streams in order. */
export function feedTcpApp(s: Session, d: Decoded, dir: number, opts: ParserOptions): void {
  if (!s.app) {
    // Content may start after a preamble (a SOCKS handshake...): a few payloads are tried.
    if (++s.classifyTries >= MAX_CLASSIFY_TRIES) s.appTried = 1;
    const def = classify('tcp', s.srcPort, s.dstPort, d.buf, d.payOff, d.payLen);
    if (!def) return;
    s.appTried = 1;
    s.app = new SessionApp(def, Math.floor(s.firstUs / 1e6), opts);
    // Recognised after a preamble: each direction's stream starts at its next payload.
    s.app.lateStart = s.classifyTries > 1;
  }
  const seq = d.tcpFlags & TH.SYN ? (d.tcpSeq + 1) >>> 0 : d.tcpSeq;
  const start = seqStart(s, dir);
  s.app!.pushStream(dir, start >= 0 && !s.app!.lateStart ? start : seq, seq, d.buf, d.payOff, d.payLen);
}

const SCTP_DATA = 0;

/** Walks an SCTP packet's chunks: each DATA chunk's user data is a message for the parser. */
export function feedSctpApp(s: Session, d: Decoded, dir: number, opts: ParserOptions): void {
  const b = d.buf;
  const end = d.payOff + d.payLen;
  for (let p = d.payOff; p + 4 <= end; ) {
    const len = b.readUInt16BE(p + 2);
    if (len < 4 || p + len > end) return;
    if (b[p] === SCTP_DATA && len > 16) {
      if (!s.appTried) {
        s.appTried = 1;
        const def = classifySctp(b.readUInt32BE(p + 12), s.srcPort, s.dstPort, b, p + 16, len - 16);
        if (def) s.app = new SessionApp(def, Math.floor(s.firstUs / 1e6), opts);
      }
      if (!s.app || s.app.done) return;
      s.app.feed(dir, b, p + 16, len - 16);
    }
    p += (len + 3) & ~3;
  }
}
