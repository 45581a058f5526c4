import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TcpStreams, streamMemory } from './stream.js';

/** Records what the streams deliver, as a session's application layer would receive it. */
class Recorder extends TcpStreams {
  got: string[] = [];
  events: string[] = [];
  feed(dir: number, b: Buffer, o: number, l: number): void {
    this.got.push(`${dir}:${b.toString('latin1', o, o + l)}`);
  }
  gap(dir: number): void {
    this.events.push(`gap${dir}`);
  }
  overLimit(): void {
    this.events.push('over');
  }
  text(dir: number): string {
    return this.got.filter((g) => g.startsWith(`${dir}:`)).map((g) => g.slice(2)).join('');
  }
}

test('out-of-order segments are held and delivered in order; retransmitted bytes once (first copy wins)', () => {
  const r = new Recorder();
  r.pushStream(0, 1000, 1005, Buffer.from('world'), 0, 5);
  assert.equal(streamMemory.held, 5);
  r.pushStream(0, 1000, 1000, Buffer.from('hello'), 0, 5);
  r.pushStream(0, 1000, 1003, Buffer.from('XXyyy'), 0, 5); // a retransmission with other bytes: already delivered, ignored
  r.pushStream(0, 1000, 1010, Buffer.from('!'), 0, 1);
  assert.equal(r.text(0), 'helloworld!');
  assert.equal(streamMemory.held, 0);
});

test('the two directions are independent: each starts where its first call says, holds and drains its own segments', () => {
  const r = new Recorder();
  // Direction 1's sequence numbers wrap past 2^32 (an int32 difference is what counts).
  const isn = 0xfffffffe;
  r.pushStream(1, isn, (isn + 4) >>> 0, Buffer.from('EF'), 0, 2);
  r.pushStream(0, 7, 7, Buffer.from('ab'), 0, 2);
  r.pushStream(0, 7, 11, Buffer.from('ef'), 0, 2);
  assert.equal(streamMemory.held, 4);
  r.pushStream(1, isn, isn, Buffer.from('ABCD'), 0, 4);
  assert.equal(r.text(1), 'ABCDEF');
  assert.equal(r.text(0), 'ab');
  r.pushStream(0, 7, 9, Buffer.from('cd'), 0, 2);
  assert.equal(r.text(0), 'abcdef');
  assert.equal(streamMemory.held, 0);
  assert.deepEqual(r.events, []);
});

test('a direction that cannot hold more gives up the gap and resumes after it', () => {
  const r = new Recorder();
  r.pushStream(0, 0, 0, Buffer.from('a'), 0, 1);
  for (let i = 0; i < 64; i++) r.pushStream(0, 0, 10 + i * 2, Buffer.from('x'), 0, 1); // 64 held segments, each after a hole
  r.pushStream(0, 0, 500, Buffer.from('late'), 0, 4); // the 65th: no room
  assert.deepEqual(r.events, ['gap0']);
  assert.equal(r.text(0), 'alate');
  r.releaseStreams();
  assert.equal(streamMemory.held, 0);
});

test('the process-wide hold-back budget: a stream that would exceed it stops, counted, and gives its bytes back', () => {
  const limit = streamMemory.limit;
  const refused = streamMemory.refused;
  streamMemory.limit = 10;
  try {
    const a = new Recorder();
    const b = new Recorder();
    a.pushStream(0, 0, 100, Buffer.alloc(8), 0, 8); // held: 8 of 10
    assert.equal(streamMemory.held, 8);
    b.pushStream(0, 0, 100, Buffer.alloc(4), 0, 4); // 12 > 10: b stops
    assert.deepEqual(b.events, ['over']);
    assert.equal(streamMemory.refused, refused + 1);
    assert.equal(streamMemory.held, 8);
    a.releaseStreams(); // session a ends
    assert.equal(streamMemory.held, 0);
    // In-order bytes need no budget.
    b.pushStream(0, 0, 0, Buffer.from('ok'), 0, 2);
    assert.equal(b.text(0), 'ok');
  } finally {
    streamMemory.limit = limit;
  }
});
