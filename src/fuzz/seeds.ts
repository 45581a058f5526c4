// Seeds for the parser fuzz harness: the exact chunks parsers receive when real captures are
// ingested (harvested through SessionApp.tap), grouped by protocol module.
import { readCapture } from '../pcap/reader.js';
import { Pipeline } from '../ingest/pipeline.js';
import { SessionApp } from '../protocols/session-app.js';
import type { ProtocolDef } from '../protocols/types.js';
import { ARKIME_LIKE } from './config.js';

export interface Seed {
  dir: number;
  bytes: Buffer;
}

export class SeedBank {
  readonly byDef = new Map<ProtocolDef, Seed[]>();
  constructor(private readonly perProtocol = 400, private readonly maxBytes = 16 * 1024) {}

  add(def: ProtocolDef, dir: number, chunk: Buffer): void {
    let list = this.byDef.get(def);
    if (!list) this.byDef.set(def, (list = []));
    if (list.length < this.perProtocol && chunk.length > 0) list.push({ dir, bytes: Buffer.from(chunk.subarray(0, this.maxBytes)) });
  }

  count(): number {
    let n = 0;
    for (const l of this.byDef.values()) n += l.length;
    return n;
  }
}

/** Ingests captures (no store) and keeps the chunks every parser was fed. */
export async function harvest(files: string[], bank = new SeedBank()): Promise<SeedBank> {
  SessionApp.tap = (def, dir, chunk) => bank.add(def, dir, chunk);
  try {
    for (const f of files) {
      const p = new Pipeline({ node: 'fuzz', fileName: () => f }, ARKIME_LIKE);
      await readCapture(f, p.packet).catch(() => undefined);
      p.tracker.flush();
    }
  } finally {
    SessionApp.tap = null;
  }
  return bank;
}
