import { PostgresEventStore } from '../../src/store/postgres/postgres-event-store.js';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres.js';
import { eventStoreContract } from './event-store.contract.js';

const describePostgres = await describeWithPostgres();

describePostgres('PostgresEventStore (real PostgreSQL server, fresh database)', () => {
  let database: TestDatabase;
  beforeAll(async () => { database = await createTestDatabase(); });
  afterAll(async () => { await database?.drop(); });

  describe('contract', () => {
    eventStoreContract(async () => {
      const target = {
        store: new PostgresEventStore(database.url),
        reopen: async () => {
          await target.store.close();
          target.store = new PostgresEventStore(database.url);
          return target.store;
        },
      };
      return target;
    });
  });
});
