import { KurrentDbEventStore } from '../../src/store/kurrentdb/kurrentdb-event-store.js';
import { eventStoreContract } from './event-store.contract.js';

const url = process.env.KURRENTDB_URL;

if (url) {
  describe(`KurrentDbEventStore (${url})`, () => {
    eventStoreContract(async () => {
      const target = {
        store: new KurrentDbEventStore(url),
        uniqueIdsAcrossStreams: false,
        reopen: async () => {
          await target.store.close();
          target.store = new KurrentDbEventStore(url);
          return target.store;
        },
      };
      return target;
    });
  });
} else {
  console.warn(
    'KURRENTDB_URL not set: KurrentDB contract suite skipped (start one with: docker compose up -d kurrentdb; ' +
      'KURRENTDB_URL="kurrentdb://localhost:2113?tls=false" npm run test:kurrentdb)',
  );
  describe('KurrentDbEventStore', () => {
    it('is skipped without KURRENTDB_URL', () => {
      expect(process.env.KURRENTDB_URL ?? '').toBe('');
    });
  });
}
