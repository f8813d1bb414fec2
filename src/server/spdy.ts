// The server's side of SPDY/3.1 framing, as far as Kubernetes' streams use it
// (moby/spdystream, which client-go speaks): control frames (SYN_STREAM,
// SYN_REPLY, RST_STREAM, SETTINGS, PING, GOAWAY, HEADERS, WINDOW_UPDATE) and
// DATA frames, name/value header blocks compressed with zlib against the
// SPDY/3 dictionary, one compression context per direction for the whole
// connection (draft-mbelshe-httpbis-spdy-00, sections 2.2 and 2.6.10).
// Node's zlib does the compression. The one npm SPDY/3.1 implementation
// (spdy-transport, node-spdy's) owns the socket and HTTP semantics and is no
// longer kept; the framing needed here is short.
import { constants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';

export const SYN_STREAM = 1;
export const SYN_REPLY = 2;
export const RST_STREAM = 3;
export const PING = 6;
export const GOAWAY = 7;
export const FLAG_FIN = 0x01;

/** The SPDY/3 header dictionary (section 2.6.10.1): length-prefixed header names and values, then common text. */
const DICTIONARY_WORDS = [
  'options', 'head', 'post', 'put', 'delete', 'trace', 'accept', 'accept-charset', 'accept-encoding', 'accept-language',
  'accept-ranges', 'age', 'allow', 'authorization', 'cache-control', 'connection', 'content-base', 'content-encoding',
  'content-language', 'content-length', 'content-location', 'content-md5', 'content-range', 'content-type', 'date', 'etag',
  'expect', 'expires', 'from', 'host', 'if-match', 'if-modified-since', 'if-none-match', 'if-range', 'if-unmodified-since',
  'last-modified', 'location', 'max-forwards', 'pragma', 'proxy-authenticate', 'proxy-authorization', 'range', 'referer',
  'retry-after', 'server', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'vary', 'via', 'warning',
  'www-authenticate', 'method', 'get', 'status', '200 OK', 'version', 'HTTP/1.1', 'url', 'public', 'set-cookie', 'keep-alive', 'origin',
];
const DICTIONARY_TAIL =
  '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505' +
  '203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized403 Forbidden' +
  '404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable' +
  'Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT' +
  'chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,text/javascript,public' +
  'privatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.';

const lengthPrefixed = (text: string): Buffer => {
  const bytes = Buffer.from(text, 'latin1');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  return Buffer.concat([len, bytes]);
};

export const SPDY_DICTIONARY = Buffer.concat([...DICTIONARY_WORDS.map(lengthPrefixed), Buffer.from(DICTIONARY_TAIL, 'latin1')]);

export type Frame =
  | { control: true; type: number; flags: number; payload: Buffer }
  | { control: false; streamId: number; flags: number; payload: Buffer };

/** Cuts a byte stream into frames (a frame may span several reads, or a read hold several frames). */
export class FrameReader {
  private pending = Buffer.alloc(0);

  push(bytes: Buffer): Frame[] {
    this.pending = Buffer.concat([this.pending, bytes]);
    const frames: Frame[] = [];
    while (this.pending.length >= 8) {
      const length = this.pending.readUIntBE(5, 3);
      if (this.pending.length < 8 + length) break;
      const word = this.pending.readUInt32BE(0);
      const flags = this.pending[4]!;
      const payload = this.pending.subarray(8, 8 + length);
      frames.push(word & 0x80000000 ? { control: true, type: word & 0xffff, flags, payload } : { control: false, streamId: word & 0x7fffffff, flags, payload });
      this.pending = this.pending.subarray(8 + length);
    }
    return frames;
  }
}

const header8 = (first: number, flags: number, length: number): Buffer => {
  const h = Buffer.alloc(8);
  h.writeUInt32BE(first >>> 0, 0);
  h.writeUInt32BE(((flags << 24) | length) >>> 0, 4);
  return h;
};

export const controlFrame = (type: number, flags: number, payload: Buffer): Buffer => Buffer.concat([header8((0x80000000 | (3 << 16) | type) >>> 0, flags, payload.length), payload]);

export const dataFrame = (streamId: number, flags: number, data: Buffer): Buffer => Buffer.concat([header8(streamId & 0x7fffffff, flags, data.length), data]);

export const uint32 = (...values: number[]): Buffer => {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, 4 * i));
  return b;
};

/** One zlib context of the connection: each block is flushed (Z_SYNC_FLUSH) so it stands as one frame's header block. */
class ZlibContext {
  private out: Buffer[] = [];
  private failure: Error | undefined;

  constructor(private readonly z: Inflate | Deflate) {
    z.on('data', (chunk: Buffer) => this.out.push(chunk));
    z.on('error', (e: Error) => (this.failure = e));
  }

  run(input: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.z.write(input);
      this.z.flush(constants.Z_SYNC_FLUSH, () => {
        if (this.failure) return reject(this.failure);
        const out = Buffer.concat(this.out);
        this.out = [];
        resolve(out);
      });
    });
  }
}

/** Header blocks of one connection: the peer's to read, ours to write. */
export class HeaderCodec {
  private readonly inflate = new ZlibContext(createInflate({ dictionary: SPDY_DICTIONARY }));
  private readonly deflate = new ZlibContext(createDeflate({ dictionary: SPDY_DICTIONARY, level: 9 }));

  /** A header block's names and values (a value of several joined by NUL keeps its first). */
  async decode(block: Buffer): Promise<Record<string, string>> {
    const raw = await this.inflate.run(block);
    const headers: Record<string, string> = {};
    let at = 4;
    const next = (): string => {
      const len = raw.readUInt32BE(at);
      const text = raw.subarray(at + 4, at + 4 + len).toString('latin1');
      at += 4 + len;
      return text;
    };
    for (let n = raw.readUInt32BE(0); n > 0; n--) {
      const name = next();
      headers[name.toLowerCase()] = next().split('\0')[0]!;
    }
    return headers;
  }

  encode(headers: Record<string, string>): Promise<Buffer> {
    const entries = Object.entries(headers);
    return this.deflate.run(Buffer.concat([uint32(entries.length), ...entries.flatMap(([k, v]) => [lengthPrefixed(k), lengthPrefixed(v)])]));
  }
}
