// What the routes share: the store, the packet source, and the lookups several routes make.
import type { ViewerStore } from '../store/store.js';
import type { PacketSource, StoredPacket } from '../pcap/packet-source.js';
import { readPositions, sessionPositions } from '../pcap/packet-source.js';
import type { AuthUser } from './auth.js';
import { HttpError } from './http.js';
import { parseExpression } from '../query/parser.js';
import type { SessionDoc } from '../session/record.js';

export class ViewerContext {
  readonly startedAt = Date.now();

  constructor(readonly store: ViewerStore, readonly source: PacketSource, readonly node: string) {}

  /** One session by node and id, within the user's forced expression; 404 when there is none. */
  async sessionOf(node: string, id: string, fields: string[], user: AuthUser): Promise<SessionDoc> {
    const expression = user.expression ? parseExpression(user.expression) : undefined;
    for await (const doc of this.store.streamSessions({ terms: [{ field: 'id', value: id }, { field: 'node', value: node }], expression }, fields)) return doc;
    throw new HttpError(404, `no session ${id} on node ${node}`);
  }

  /** A session's packets through the packet source, in capture order. */
  async packetsOf(doc: SessionDoc): Promise<StoredPacket[]> {
    const fileOf = async (fileId: number) => {
      const file = await this.store.getFile(fileId);
      if (!file) throw new HttpError(500, `session ${String(doc.id)} refers to unknown file id ${fileId}`);
      if (file.deletedAt) throw new HttpError(410, `the packets of session ${String(doc.id)} are gone: retention deleted ${file.path} at ${new Date(file.deletedAt).toISOString()}`);
      return file;
    };
    const out: StoredPacket[] = [];
    for await (const p of readPositions(sessionPositions(doc), this.source, fileOf)) out.push(p);
    return out.sort((a, b) => a.tsUs - b.tsUs || a.fileId - b.fileId || a.filePos - b.filePos);
  }
}
