// BitTorrent: the peer wire handshake over TCP (BEP 3: info hash, peer id and the client it names)
// and Mainline DHT messages over UDP (BEP 5: query method, info hash, node id).
import { defineField } from '../../fields/define.js';
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';
import { anyPrefix } from '../misc/signatures.js';
import { bdecode, type BValue } from './bencode.js';

const g = 'bittorrent';
export const BT = {
  infohash: defineField('bittorrent.infohash', 'bt_infohash', 'lotermfield', true, g, 'Torrent info hashes (hex) from handshakes and DHT get_peers/announce_peer'),
  peerId: defineField('bittorrent.peer-id', 'bt_peer_id', 'termfield', true, g, 'Peer ids from handshakes (printable bytes kept, others as %XX)'),
  client: defineField('bittorrent.client', 'bt_client', 'termfield', true, g, 'Client software named by an Azureus-style peer id (-qB4250- -> qB 4250)'),
  dhtQuery: defineField('bittorrent.dht-query', 'bt_dht_query', 'termfield', true, g, 'DHT query methods (ping, find_node, get_peers, announce_peer...)'),
  nodeId: defineField('bittorrent.node-id', 'bt_node_id', 'lotermfield', true, g, 'DHT node ids (hex)'),
};

const PSTR = Buffer.from('\x13BitTorrent protocol', 'latin1');
const HANDSHAKE = 68;

function peerId(id: Buffer, out: FieldSink): void {
  out.add(BT.peerId, [...id].map((c) => (c >= 0x21 && c <= 0x7e && c !== 0x25 ? String.fromCharCode(c) : `%${c.toString(16).padStart(2, '0')}`)).join(''));
  const az = /^-([A-Za-z~]{2})([0-9A-Za-z]{4})-/.exec(id.toString('latin1', 0, 8));
  if (az) out.add(BT.client, `${az[1]} ${az[2]}`);
}

/** Each direction opens with a 68-byte handshake; messages after it are not parsed. */
class PeerWireParser implements ProtocolParser {
  private readonly head = [Buffer.alloc(HANDSHAKE), Buffer.alloc(HANDSHAKE)];
  private readonly have = [0, 0];
  private finished = 0;

  feed(dir: number, b: Buffer, off: number, len: number, out: FieldSink): boolean {
    const h = this.head[dir];
    const need = HANDSHAKE - this.have[dir];
    if (need <= 0) return this.finished < 2;
    const n = Math.min(need, len);
    b.copy(h, this.have[dir], off, off + n);
    this.have[dir] += n;
    if (this.have[dir] === HANDSHAKE) {
      this.finished++;
      if (h.compare(PSTR, 0, PSTR.length, 0, PSTR.length) === 0) {
        out.add(BT.infohash, h.toString('hex', 28, 48));
        peerId(h.subarray(48, 68), out);
      }
    }
    return this.finished < 2;
  }
}

const str = (v: BValue | undefined): Buffer | null => (Buffer.isBuffer(v) ? v : null);
const dict = (v: BValue | undefined): Map<string, BValue> | null => (v instanceof Map ? v : null);

/** DHT KRPC messages: {t, y: q|r|e, q: method, a: {id, info_hash...}} or r: {id...}. */
class DhtParser implements ProtocolParser {
  private datagrams = 0;
  feed(_dir: number, b: Buffer, off: number, len: number, out: FieldSink): boolean {
    const v = bdecode(b, off, off + len);
    const msg = v && dict(v[0]);
    if (msg) {
      const q = str(msg.get('q'));
      if (q && str(msg.get('y'))?.toString('latin1') === 'q') out.add(BT.dhtQuery, q.toString('latin1'));
      const body = dict(msg.get('a')) ?? dict(msg.get('r'));
      const id = str(body?.get('id'));
      if (id?.length === 20) out.add(BT.nodeId, id.toString('hex'));
      const ih = str(body?.get('info_hash'));
      if (ih?.length === 20) out.add(BT.infohash, ih.toString('hex'));
    }
    return ++this.datagrams < 64;
  }
}

export const bittorrentTcp: ProtocolDef = { name: 'bittorrent', transport: 'tcp', ports: [], signature: anyPrefix('\x13BitTorrent protocol'), create: () => new PeerWireParser() };
export const bittorrentUdp: ProtocolDef = {
  name: 'bittorrent', transport: 'udp', ports: [],
  signature: anyPrefix('d1:ad2:id20:', 'd1:rd2:id20:', 'd1:q', 'd1:a', 'd1:r', 'd1:e'),
  create: () => new DhtParser(),
};
