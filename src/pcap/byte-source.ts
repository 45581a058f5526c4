// Opens a capture file as a stream of byte chunks, decompressing gzip/zstd transparently.
// Compression is detected by magic bytes, never by file name.
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

export type Compression = 'none' | 'gzip' | 'zstd';

// WEIR_READ_CHUNK_BYTES: smaller chunks, for tests that need many chunk boundaries (reuse of the
// read buffer must not change what is stored).
const CHUNK = Math.max(4096, Number(process.env.WEIR_READ_CHUNK_BYTES) || 4 << 20);

export async function detectCompression(path: string): Promise<Compression> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await fh.read(head, 0, 4, 0);
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
    if (bytesRead >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
    return 'none';
  } finally {
    await fh.close();
  }
}

/**
 * Yields the (uncompressed) content of a capture file in large chunks. A plain file's chunks are
 * read into one buffer, so a chunk is valid only until the next one is asked for: consumers copy
 * what they keep, as they must with live capture (`retain`). A fresh 4 MiB buffer per chunk costs
 * a thousand page faults each, which on a virtual machine are most of a read's cost.
 */
export async function* readChunks(path: string, compression: Compression, onRawBytes?: (n: number) => void, chunkBytes = CHUNK): AsyncGenerator<Buffer> {
  if (compression === 'none') {
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.allocUnsafeSlow(chunkBytes);
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, chunkBytes, null);
        if (bytesRead === 0) return;
        onRawBytes?.(bytesRead);
        yield bytesRead === chunkBytes ? buf : buf.subarray(0, bytesRead);
      }
    } finally {
      await fh.close();
    }
  }
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  if (onRawBytes) raw.on('data', (b) => onRawBytes((b as Buffer).length));
  let stream: Readable;
  let zstdErr = '';
  let child: ReturnType<typeof spawn> | undefined;
  if (compression === 'gzip') {
    stream = raw.pipe(createGunzip());
  } else {
    // Node 20's zlib has no zstd; the zstd CLI is a real, streaming decoder.
    child = spawn('zstd', ['-dc', '-q'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.on('error', () => { zstdErr = 'zstd executable not found (apt-get install zstd)'; });
    child.stderr!.on('data', (d) => { zstdErr += String(d); });
    raw.pipe(child.stdin!);
    child.stdin!.on('error', () => {});
    stream = child.stdout!;
  }
  // A decompression error mid-file ends the stream; everything before it was already yielded.
  let failure: Error | undefined;
  stream.on('error', (e) => { failure = e; });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (e) {
    failure = e as Error;
  } finally {
    raw.destroy();
    child?.kill();
  }
  if (child && child.exitCode === null) await new Promise((r) => child!.once('close', r));
  if (failure || (child && child.exitCode !== 0 && zstdErr)) {
    throw new DecompressError(failure ? failure.message : zstdErr.trim() || 'zstd failed');
  }
}

export class DecompressError extends Error {}
