// Sinks that wrap the session's sink: a carrier that copies some values into fields of its own
// (SMB copying NTLM names, QUIC copying the SNI) passes `also` to see every value added.
import type { FieldDef } from '../fields/types.js';
import type { FieldSink } from './types.js';

export function withAlso(out: FieldSink, also: (f: FieldDef, v: string | number) => void): FieldSink {
  return {
    startSec: out.startSec,
    add: (f, v) => {
      out.add(f, v);
      also(f, v);
    },
    protocol: (n) => out.protocol(n),
    handoff: () => out.handoff(),
  };
}
