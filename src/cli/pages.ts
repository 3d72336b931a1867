/** Follows `nextCursor` from page to page, yielding each page until the last. */
export async function* pages<P extends { nextCursor?: string }>(
  read: (cursor: string | undefined) => Promise<P>,
): AsyncGenerator<P> {
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    yield page;
    cursor = page.nextCursor;
  } while (cursor);
}
