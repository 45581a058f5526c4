// The one field catalogue: every SPI field is defined once, in core.ts (core fields) or in a protocol
// module's fields.ts (imported below). The session record is indexed by these definitions, the
// store derives its schema from them, and output is keyed by their query names.
import { F, CORE_FIELD_COUNT } from './core.js';
import '../protocols/fields.js';
import { sealOrder } from './registry.js';

sealOrder(CORE_FIELD_COUNT);

export { allFields, defineField, fieldByName, fieldCount, fieldSignature } from './registry.js';

export { F, CORE_FIELD_COUNT };
