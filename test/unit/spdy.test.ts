import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FLAG_FIN, FrameReader, HeaderCodec, PING, SPDY_DICTIONARY, SYN_REPLY, controlFrame, dataFrame, uint32 } from '../../src/server/spdy.js';

describe('SPDY/3.1 framing (kubesim serve port-forward)', () => {
  it('control frames carry version 3, their type, flags and length', () => {
    const f = controlFrame(SYN_REPLY, 0, uint32(7));
    expect([...f.subarray(0, 8)]).toEqual([0x80, 3, 0, SYN_REPLY, 0, 0, 0, 4]);
    expect(f.readUInt32BE(8)).toBe(7);
  });

  it('cuts a byte stream into frames however it arrives', () => {
    const bytes = Buffer.concat([dataFrame(3, 0, Buffer.from('GET / HTTP/1.1\r\n')), controlFrame(PING, 0, uint32(1)), dataFrame(3, FLAG_FIN, Buffer.alloc(0))]);
    const reader = new FrameReader();
    const frames = [...bytes].flatMap((b) => reader.push(Buffer.from([b])));
    expect(frames).toEqual([
      { control: false, streamId: 3, flags: 0, payload: Buffer.from('GET / HTTP/1.1\r\n') },
      { control: true, type: PING, flags: 0, payload: uint32(1) },
      { control: false, streamId: 3, flags: FLAG_FIN, payload: Buffer.alloc(0) },
    ]);
  });

  it('header blocks share one zlib context per direction, primed with the SPDY/3 dictionary', async () => {
    const ours = new HeaderCodec();
    const peer = new HeaderCodec();
    const first = await ours.encode({ streamtype: 'error', port: '80', requestid: '0' });
    const second = await ours.encode({ streamtype: 'data', port: '80', requestid: '0' });
    // The zlib header names a preset dictionary (FDICT) whose Adler-32 is the dictionary's.
    expect(first[1]! & 0x20).toBe(0x20);
    expect(() => inflateSync(first)).toThrow();
    expect(await peer.decode(first)).toEqual({ streamtype: 'error', port: '80', requestid: '0' });
    expect(await peer.decode(second)).toEqual({ streamtype: 'data', port: '80', requestid: '0' });
    expect(await peer.decode(await ours.encode({}))).toEqual({});
    expect(SPDY_DICTIONARY.subarray(0, 11).toString('latin1')).toBe('\0\0\0\x07options');
    expect(SPDY_DICTIONARY.subarray(-6).toString('latin1')).toBe('enq=0.');
  });
});
