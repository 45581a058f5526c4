import { Decoded } from './decoded.js';
import { FragmentTable } from './fragments.js';

/** Everything the layer decoders share while decoding one frame. */
export class DecodeContext {
  readonly d = new Decoded();
  readonly frags = new FragmentTable();
  /** Capture time of the frame being decoded (µs); fragment expiry runs on packet time. */
  tsUs = 0;
  /**
   * Set while re-decoding a fragment whose datagram never completed: a first fragment yields its
   * transport header as far as captured, a later one counts as a port-less IP packet.
   */
  noReassembly = false;
}
