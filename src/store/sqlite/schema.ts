export const EVENT_STORE_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position     INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  stream       TEXT NOT NULL,
  revision     INTEGER NOT NULL,
  type         TEXT NOT NULL,
  data         TEXT NOT NULL,
  metadata     TEXT NOT NULL,
  recorded_at  TEXT NOT NULL,
  UNIQUE (stream, revision)
);
CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
`;
