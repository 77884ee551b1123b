/**
 * Accept values go on the wire byte for byte. A value outside ASCII would be sent as bytes no registry
 * reads the way we simulate it, so it is refused as bad input (exit 2, one line) before any connection;
 * ASCII values, spaces and tabs included, arrive exactly as given. A raw TCP server is the judge.
 */
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli';

let server: Server;
let port: number;
const received: Buffer[] = [];

beforeAll(async () => {
  server = createServer((socket) => {
    socket.on('data', (chunk) => {
      received.push(chunk);
      if (Buffer.concat(received).includes('\r\n\r\n')) {
        socket.end('HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('Accept values outside ASCII', () => {
  it.each([
    ['a no-break space (U+00A0)', 'application/json\u00a0'],
    ['a next-line control (U+0085)', 'application/json\u0085'],
    ['an ideographic space (U+3000)', 'application/json\u3000'],
    ['a control character', 'application/json\u0001'],
  ])('with %s: exit 2, one line, nothing sent', async (_, value) => {
    received.length = 0;
    for (const argv of [
      ['inspect', `127.0.0.1:${port}/team/app:1`, '--accept', value],
      ['negotiate', `127.0.0.1:${port}/team/app:1`, '--accept-set', value],
    ]) {
      const run = await cli(...argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr.split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/Accept values must be ASCII/);
    }
    expect(Buffer.concat(received).length).toBe(0);
  });

  it('sends an ASCII value with spaces and a tab byte for byte', async () => {
    received.length = 0;
    const value = 'application/vnd.oci.image.index.v1+json ;\tq=0.5';
    const run = await cli('inspect', `127.0.0.1:${port}/team/app:1`, '--accept', value);
    expect(run.code).toBe(1);
    const lines = Buffer.concat(received).toString('latin1').split('\r\n');
    expect(lines.filter((line) => /^accept:/i.test(line)).map((line) => line.slice('accept:'.length).trimStart())).toEqual([value]);
  });
});
