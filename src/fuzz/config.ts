// Session settings for harvesting: Arkime's defaults.
import { DEFAULT_SESSION_CONFIG } from '../session/timeouts.js';

export const ARKIME_LIKE = DEFAULT_SESSION_CONFIG;
