/** A malformed HPACK block: the direction's dynamic table can no longer be trusted. */
export class HpackError extends Error {}
