import type { Development } from '../api.js';
import { h } from '../dom.js';
import { Form, input } from './form.js';
import { read, send } from './service.js';

/**
 * Correct and retract from a development's details. Each form carries the revision it was opened on
 * (If-Match); when someone changed the development meanwhile, the 412 is explained and the form is
 * filled again from the newer version, to be checked and saved again.
 */
export function watchDetails(body: HTMLElement, notice: (text: string) => void): void {
  const decorate = () => {
    for (const article of body.querySelectorAll<HTMLElement>('article.development[data-id]')) {
      if (article.querySelector('.lifecycle') || article.querySelector('.retracted')) continue;
      article.append(controls(article.dataset.id!, notice));
    }
  };
  new MutationObserver(decorate).observe(body, { childList: true, subtree: true });
  decorate();
}

function controls(id: string, notice: (text: string) => void): HTMLElement {
  const box = h('div', { class: 'lifecycle' });
  const correct = h('button', { type: 'button' }, 'Correct');
  const retract = h('button', { type: 'button' }, 'Retract');
  correct.addEventListener('click', () => void open(box, id, 'correct', notice));
  retract.addEventListener('click', () => void open(box, id, 'retract', notice));
  box.append(correct, retract);
  return box;
}

const CORRECTABLE = ['date', 'dateNote', 'summary'] as const;

async function open(box: HTMLElement, id: string, action: 'correct' | 'retract', notice: (t: string) => void) {
  box.querySelector('form')?.remove();
  const form = new Form(action === 'correct' ? 'Correct the development' : 'Retract the development');
  const explained = h('p', { class: 'stale', role: 'alert' });
  explained.hidden = true;
  let current: Development & { revision: number };
  let etag: string | null = null;
  const load = async () => {
    const answer = await read<Development & { revision: number }>(`/developments/${encodeURIComponent(id)}`);
    current = answer.body;
    etag = answer.etag;
    for (const field of CORRECTABLE) form.set(`changes.${field}`, String(current[field] ?? ''));
  };
  if (action === 'correct')
    form.element.append(
      form.field('changes.date', 'Date (EDTF)', input()),
      form.field('changes.dateNote', 'The words the source used for the date', input()),
      form.field('changes.summary', 'Summary', input()),
    );
  form.element.append(
    form.field('reason', action === 'correct' ? 'Why it is corrected *' : 'Why it is retracted *', input()),
    explained,
    form.errorsArea(),
    h('button', { type: 'submit', class: 'primary' }, action === 'correct' ? 'Save the correction' : 'Retract'),
  );
  box.append(form.element);
  await load();
  form.element.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });
  const submit = async () => {
    const changes: Record<string, string> = {};
    for (const field of CORRECTABLE) {
      const value = form.value(`changes.${field}`);
      if (value !== String(current[field] ?? '')) changes[field] = value;
    }
    const path = `/developments/${encodeURIComponent(id)}/${action === 'correct' ? 'corrections' : 'retraction'}`;
    const reason = form.value('reason');
    const body = action === 'correct' ? { changes, reason } : { reason };
    const answer = await send('POST', path, body, { ifMatch: etag ?? undefined });
    if (answer.status === 412) {
      const typed = reason;
      await load();
      explained.hidden = false;
      explained.textContent =
        `Someone changed this development after you opened it (it is now at revision ${current.revision}). ` +
        'The form now shows the newer version: check your change against it and save again.';
      form.clearErrors();
      form.set('reason', typed);
      return;
    }
    if (!answer.ok) return form.showErrors(answer.body.errors ?? [], answer.body.detail);
    explained.hidden = true;
    form.element.remove();
    // The notice names the development as it now reads: a corrected summary, not the one replaced.
    const summary = changes.summary ?? current.summary;
    notice(action === 'correct' ? `Corrected: ${summary}` : `Retracted: ${summary} (${reason})`);
  };
}
