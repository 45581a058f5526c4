// Core SPI fields (transport, addresses, counters, positions), defined before any protocol
// module's fields so that they take the first record slots (see record.ts).
import { defineField, fieldCount } from './registry.js';
import { USER } from './common.js';

const g = 'general';
export const F = {
  id: defineField('id', 'id', 'termfield', false, g, 'Session id'),
  rootId: defineField('rootId', 'root_id', 'termfield', false, g, 'Id of the first segment of a session that was saved in several segments'),
  segments: defineField('session.segments', 'segment_cnt', 'integer', false, g, 'Segment number of this record within its session (1 = first)'),
  node: defineField('node', 'node', 'termfield', false, g, 'Capture node that recorded the session'),
  file: defineField('file', 'file', 'termfield', true, g, 'Capture files holding the session\'s packets'),
  firstPacket: defineField('firstPacket', 'first_packet', 'date', false, g, 'Time of the first packet (epoch ms)', { aliases: ['starttime'] }),
  lastPacket: defineField('lastPacket', 'last_packet', 'date', false, g, 'Time of the last packet (epoch ms)', { aliases: ['stoptime'] }),
  length: defineField('session.length', 'length_ms', 'integer', false, g, 'Session duration in milliseconds'),
  ipSrc: defineField('ip.src', 'src_ip', 'ip', false, g, 'Source (initiator) IP address'),
  ipDst: defineField('ip.dst', 'dst_ip', 'ip', false, g, 'Destination (responder) IP address'),
  portSrc: defineField('port.src', 'src_port', 'integer', false, g, 'Source port'),
  portDst: defineField('port.dst', 'dst_port', 'integer', false, g, 'Destination port'),
  ipProtocol: defineField('ip.protocol', 'ip_protocol', 'integer', false, g, 'IP protocol number'),
  protocols: defineField('protocols', 'protocols', 'termfield', true, g, 'Protocols seen in the session (transport, tunnels, applications)'),
  packetsSrc: defineField('packets.src', 'src_packets', 'integer', false, g, 'Packets sent by the source'),
  packetsDst: defineField('packets.dst', 'dst_packets', 'integer', false, g, 'Packets sent by the destination'),
  packets: defineField('packets', 'packets', 'integer', false, g, 'Total packets'),
  bytesSrc: defineField('bytes.src', 'src_bytes', 'integer', false, g, 'Bytes on the wire sent by the source, headers included'),
  bytesDst: defineField('bytes.dst', 'dst_bytes', 'integer', false, g, 'Bytes on the wire sent by the destination, headers included'),
  bytes: defineField('bytes', 'bytes', 'integer', false, g, 'Total bytes on the wire'),
  dataSrc: defineField('databytes.src', 'src_data_bytes', 'integer', false, g, 'Payload bytes sent by the source'),
  dataDst: defineField('databytes.dst', 'dst_data_bytes', 'integer', false, g, 'Payload bytes sent by the destination'),
  data: defineField('databytes', 'data_bytes', 'integer', false, g, 'Total payload bytes'),
  communityId: defineField('communityId', 'community_id', 'termfield', false, g, 'Community ID v1 flow hash'),
  vlan: defineField('vlan', 'vlan', 'integer', true, g, 'VLAN ids'),
  vni: defineField('vni', 'vni', 'integer', true, g, 'VXLAN/Geneve network identifiers'),
  macSrc: defineField('mac.src', 'src_mac', 'lotermfield', true, g, 'Source MAC addresses'),
  macDst: defineField('mac.dst', 'dst_mac', 'lotermfield', true, g, 'Destination MAC addresses'),
  ouiSrc: defineField('oui.src', 'src_oui', 'termfield', true, g, 'Vendors of the source MAC addresses (IEEE registry via Wireshark\'s manuf file)'),
  ouiDst: defineField('oui.dst', 'dst_oui', 'termfield', true, g, 'Vendors of the destination MAC addresses'),
  outerIpSrc: defineField('outerip.src', 'src_outer_ip', 'ip', true, g, 'Tunnel outer source IP addresses'),
  outerIpDst: defineField('outerip.dst', 'dst_outer_ip', 'ip', true, g, 'Tunnel outer destination IP addresses'),
  outerMacSrc: defineField('outermac.src', 'src_outer_mac', 'lotermfield', true, g, 'Tunnel outer source MAC addresses'),
  outerMacDst: defineField('outermac.dst', 'dst_outer_mac', 'lotermfield', true, g, 'Tunnel outer destination MAC addresses'),
  ttlSrc: defineField('ttl.src', 'src_ttl', 'integer', true, g, 'IP TTL / hop limit values sent by the source'),
  ttlDst: defineField('ttl.dst', 'dst_ttl', 'integer', true, g, 'IP TTL / hop limit values sent by the destination'),
  ethertype: defineField('ethertype', 'ethertype', 'integer', false, g, 'Ethertype of the session\'s network layer'),
  icmpType: defineField('icmp.type', 'icmp_type', 'integer', true, 'icmp', 'ICMP type values'),
  icmpCode: defineField('icmp.code', 'icmp_code', 'integer', true, 'icmp', 'ICMP code values'),
  tcpSyn: defineField('tcpflags.syn', 'tcp_syn', 'integer', false, 'tcp', 'Packets with SYN and no ACK'),
  tcpSynAck: defineField('tcpflags.syn-ack', 'tcp_syn_ack', 'integer', false, 'tcp', 'Packets with SYN and ACK'),
  tcpAck: defineField('tcpflags.ack', 'tcp_ack', 'integer', false, 'tcp', 'Pure ACK packets (no payload, no SYN/FIN/RST/PSH)'),
  tcpPsh: defineField('tcpflags.psh', 'tcp_psh', 'integer', false, 'tcp', 'Packets with PSH'),
  tcpFin: defineField('tcpflags.fin', 'tcp_fin', 'integer', false, 'tcp', 'Packets with FIN'),
  tcpRst: defineField('tcpflags.rst', 'tcp_rst', 'integer', false, 'tcp', 'Packets with RST'),
  tcpUrg: defineField('tcpflags.urg', 'tcp_urg', 'integer', false, 'tcp', 'Packets with URG'),
  tcpEce: defineField('tcpflags.ece', 'tcp_ece', 'integer', false, 'tcp', 'Packets with ECE'),
  tcpCwr: defineField('tcpflags.cwr', 'tcp_cwr', 'integer', false, 'tcp', 'Packets with CWR'),
  tcpSrcZero: defineField('tcpflags.src-zero', 'tcp_src_zero', 'integer', false, 'tcp', 'Zero-window packets from the source'),
  tcpDstZero: defineField('tcpflags.dst-zero', 'tcp_dst_zero', 'integer', false, 'tcp', 'Zero-window packets from the destination'),
  tcpSeqSrc: defineField('tcpseq.src', 'tcp_seq_src', 'integer', false, 'tcp', 'Initial sequence number of the source (from its SYN)'),
  tcpSeqDst: defineField('tcpseq.dst', 'tcp_seq_dst', 'integer', false, 'tcp', 'Initial sequence number of the destination (from its SYN-ACK)'),
  initRtt: defineField('initRTT', 'init_rtt', 'integer', false, 'tcp', 'Initial round trip time: (first ACK - SYN) / 2, in ms'),
  // Analysts' labels, added and removed after capture; kept in their own table (group 'tags') so
  // changing them rewrites small rows, not sessions.
  tags: defineField('tags', 'tags', 'termfield', true, 'tags', 'Tags added to the session by analysts (API tags add/remove)'),
  fileId: defineField('fileId', 'file_ids', 'integer', true, 'positions', 'Ids of the files holding the packets', { internal: true }),
  packetPos: defineField('packetPos', 'packet_pos', 'integer', true, 'positions', 'Packet record offsets; a negative entry -N switches to file id N', { internal: true, packed: 'f64' }),
  packetLen: defineField('packetLen', 'packet_len', 'integer', true, 'positions', 'Record length (16 + captured bytes) per packetPos entry; 0 for file switches', { internal: true, packed: 'i32' }),
} as const;

/** Fields with an index below this are core: held directly in a session record's slots. */
export const CORE_FIELD_COUNT = fieldCount();
export { USER };
