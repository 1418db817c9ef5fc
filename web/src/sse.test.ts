import { describe, expect, it } from 'vitest';
import { SSEParser } from './sse';

describe('SSEParser', () => {
  it('parses events split across chunks, with ids, comments and CRLF', () => {
    const p = new SSEParser();
    expect(p.push(': heartbeat\n\nid: 7\nevent: timeline.entry\nda')).toEqual([]);
    expect(p.push('ta: {"a":1}\r\n\r\nevent: ready\ndata: {}\n\n')).toEqual([
      { event: 'timeline.entry', data: '{"a":1}', id: '7' },
      { event: 'ready', data: '{}', id: undefined },
    ]);
  });
  it('joins multi-line data and reads retry', () => {
    const p = new SSEParser();
    expect(p.push('retry: 2000\ndata: a\ndata: b\n\n')).toEqual([{ event: 'message', data: 'a\nb', id: undefined }]);
    expect(p.retry).toBe(2000);
  });
});
