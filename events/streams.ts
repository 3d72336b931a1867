/** The log's streams: one per development and one per registered entity, named by prefix. */
export const DEVELOPMENT_STREAM = 'development-';
export const ENTITY_STREAM = 'entity-';

export type StreamKind = 'development' | 'entity';

export function developmentStream(id: string): string {
  return `${DEVELOPMENT_STREAM}${id}`;
}

export function entityStream(entityId: string): string {
  return `${ENTITY_STREAM}${entityId}`;
}

/** What a stream holds, by its name; undefined for a name outside the catalogue's streams. */
export function streamKind(stream: string): StreamKind | undefined {
  if (stream.startsWith(DEVELOPMENT_STREAM)) return 'development';
  if (stream.startsWith(ENTITY_STREAM)) return 'entity';
  return undefined;
}

/** The development id or entity id a stream belongs to. */
export function streamSubject(stream: string): string {
  const kind = streamKind(stream);
  return kind === 'development'
    ? stream.slice(DEVELOPMENT_STREAM.length)
    : kind === 'entity'
      ? stream.slice(ENTITY_STREAM.length)
      : stream;
}
