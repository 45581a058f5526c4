// Test support for parser unit tests: a sink that collects values by query name.
import type { FieldSink, ProtocolParser } from './types.js';

export type Collected = Record<string, (string | number)[]>;

export function collectingSink(out: Collected = {}): FieldSink & { out: Collected } {
  return {
    out,
    startSec: 0,
    // De-duplicated per field, as SessionApp stores values.
    add: (f, v) => {
      const list = (out[f.exp] ??= []);
      if (!list.includes(v)) list.push(v);
    },
    protocol: (name) => void (out.protocols ??= []).push(name),
    handoff: () => void (out.handoff ??= []).push(1),
  };
}

/** Feeds (direction, bytes) chunks to a parser and returns what it found. */
export function parseChunks(p: ProtocolParser, chunks: [number, Buffer][]): Collected {
  const sink = collectingSink();
  for (const [dir, b] of chunks) if (!p.feed(dir, b, 0, b.length, sink)) break;
  return sink.out;
}
