import { getJson } from '../api.js';
import { byId } from '../dom.js';

interface TimelineJs {
  Timeline: new (container: string, data: unknown, options: Record<string, unknown>) => unknown;
}

/** The explorer's filters, passed on to the TimelineJS export and shown in Knight Lab's viewer. */
async function show(): Promise<void> {
  const filters = new URLSearchParams(location.search);
  filters.delete('format');
  const data = `/timeline?${filters.toString()}${filters.size ? '&' : ''}format=timelinejs`;
  byId<HTMLAnchorElement>('data').href = data;
  byId<HTMLAnchorElement>('back').href = `/?${filters.toString()}`;
  const timeline = await getJson<unknown>(data);
  const TL = (window as unknown as { TL: TimelineJs }).TL;
  // Fonts and themes stay TimelineJS's own files from here; nothing is fetched from elsewhere.
  new TL.Timeline('timeline-embed', timeline, {
    script_path: `${location.origin}/web/`,
    font: null,
    theme: null,
    language: 'en',
    hash_bookmark: false,
    height: byId('timeline-embed').offsetHeight,
    timenav_position: 'bottom',
  });
}

show()
  .catch((error: Error) => {
    byId('timeline-embed').textContent = `Could not load the developments: ${error.message}`;
  })
  .finally(() => {
    document.documentElement.dataset.ready = 'true';
  });
