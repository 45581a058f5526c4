import { Decoded } from './decoded.js';
import { FragmentTable } from './fragments.js';

/** Everything the layer decoders share while decoding one frame. */
export class DecodeContext {
  readonly d = new Decoded();
  readonly frags = new FragmentTable();
  /** Capture time of the frame being decoded (µs); fragment expiry runs on packet time. */
  tsUs = 0;
}
