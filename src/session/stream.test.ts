import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamDir, streamMemory, type StreamSink } from './stream.js';

function recorder() {
  const got: string[] = [];
  const events: string[] = [];
  const sink: StreamSink = {
    feed: (_d, b, o, l) => void got.push(b.toString('latin1', o, o + l)),
    gap: () => void events.push('gap'),
    overLimit: () => void events.push('over'),
  };
  return { got, events, sink };
}

test('out-of-order segments are held and delivered in order; retransmitted bytes once (first copy wins)', () => {
  const r = recorder();
  const st = new StreamDir(1000);
  st.push(r.sink, 0, 1005, Buffer.from('world'), 0, 5);
  st.push(r.sink, 0, 1000, Buffer.from('hello'), 0, 5);
  st.push(r.sink, 0, 1003, Buffer.from('XXyyy'), 0, 5); // a retransmission with other bytes: already delivered, ignored
  st.push(r.sink, 0, 1010, Buffer.from('!'), 0, 1);
  assert.equal(r.got.join(''), 'helloworld!');
  assert.equal(streamMemory.held, 0);
});

test('the process-wide hold-back budget: a stream that would exceed it stops, counted, and gives its bytes back', () => {
  const limit = streamMemory.limit;
  const refused = streamMemory.refused;
  streamMemory.limit = 10;
  try {
    const a = recorder();
    const b = recorder();
    const sa = new StreamDir(0);
    const sb = new StreamDir(0);
    sa.push(a.sink, 0, 100, Buffer.alloc(8), 0, 8); // held: 8 of 10
    assert.equal(streamMemory.held, 8);
    sb.push(b.sink, 0, 100, Buffer.alloc(4), 0, 4); // 12 > 10: b stops
    assert.deepEqual(b.events, ['over']);
    assert.equal(streamMemory.refused, refused + 1);
    assert.equal(streamMemory.held, 8);
    sa.release(); // session a ends
    assert.equal(streamMemory.held, 0);
    // In-order bytes need no budget.
    sb.push(b.sink, 0, 0, Buffer.from('ok'), 0, 2);
    assert.deepEqual(b.got, ['ok']);
  } finally {
    streamMemory.limit = limit;
  }
});
