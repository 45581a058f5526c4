// The contract between the session layer and application-protocol modules (one folder each).
import type { FieldDef } from '../fields/types.js';

/** Where a parser puts what it finds: values of catalogue fields, de-duplicated per session. */
export interface FieldSink {
  /** The session's first packet time, in whole seconds (dates certificate validity). */
  readonly startSec: number;
  add(field: FieldDef, value: string | number): void;
  /** Adds a name to the session's `protocols` (NTLM inside SMB, STARTTLS...). */
  protocol(name: string): void;
  /**
   * The stream carries another protocol from the next chunk on (after a SOCKS handshake, after
   * STARTTLS): the session is classified again by content and the matching parser takes over.
   */
  handoff(): void;
}

export interface ProtocolParser {
  /**
   * Feeds one datagram (UDP) or in-order stream chunk (TCP) of direction `dir` (0 = from the
   * session's source). Returns false when the parser wants no more data for this session.
   */
  feed(dir: number, buf: Buffer, off: number, len: number, out: FieldSink): boolean;
  /** Bytes of direction `dir` were lost: the parser may resynchronise or give up. */
  gap?(dir: number): void;
  /** The session is being recorded: flush what is pending (a body that ran to the close). */
  end?(out: FieldSink): void;
}

/** Settings parsers honour (a subset of the session configuration). */
export interface ParserOptions {
  /** Record every HTTP header's name and value (Arkime's parseHTTPHeader*All; off by default). */
  httpAllHeaders: boolean;
}

export const DEFAULT_PARSER_OPTIONS: ParserOptions = { httpAllHeaders: false };

export interface ProtocolDef {
  /** The value added to the session's `protocols`. */
  name: string;
  /** The parser names the protocol once it knows (one classifier, several protocols: TPKT). */
  anonymous?: boolean;
  transport: 'udp' | 'tcp' | 'sctp';
  /** Port fallback: used when no content signature recognised the session. */
  ports: readonly number[];
  /** Content signature tested on a session's first payload; recognises the protocol on any port. */
  signature?(buf: Buffer, off: number, len: number): boolean;
  create(opts?: ParserOptions): ProtocolParser;
}
