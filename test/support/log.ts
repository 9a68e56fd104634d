// A logger writing JSON lines into memory, to assert on what was (not) logged.
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';

export function memoryLogger(level = 'debug') {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const log = createLogger(level, stream);
  return { log, lines, text: () => lines.join('\n') };
}
