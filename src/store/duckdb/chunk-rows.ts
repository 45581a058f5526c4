/** Rows of a DuckDB data chunk (its vector size): chunks of encoded rows hold at most this many. */
export const CHUNK_ROWS = 2048;
