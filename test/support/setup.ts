// Every test file: no real network except our own server on loopback.
import nock from 'nock';
import { afterAll, beforeAll } from 'vitest';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));
});

afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});
