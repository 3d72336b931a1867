import type { Entity } from '../api.js';
import { h } from '../dom.js';
import { EntityBook } from './entities.js';
import { importPanel } from './import-panel.js';
import { watchDetails } from './lifecycle.js';
import { type CatalogueType, RecordForm } from './record-form.js';
import { registerEntityForm } from './register-entity.js';
import { read } from './service.js';
import { canRecord, forget, signIn, storedKey, type Who } from './session.js';

/**
 * The editor of the page: sign in with a key (kept in this tab's session only); an editor or admin
 * then records developments, imports spreadsheets, corrects and retracts from a development's details.
 * A reader key is told it cannot record, and sees no editor.
 */
export function startEditor(place: HTMLElement, details: HTMLElement, notice: (text: string) => void): void {
  const section = h('section', { id: 'editor', class: 'editor', 'aria-label': 'Recording developments' });
  place.after(section);
  const book = new EntityBook();
  const names = h('datalist', { id: 'editor-entities' });
  const loadEntities = async () => {
    book.entities = (await read<{ entities: Entity[] }>('/entities')).body.entities;
    names.replaceChildren(...book.options());
  };

  const signedOut = (message = '') => {
    const key = h('input', { type: 'password', autocomplete: 'off', 'aria-label': 'API key', placeholder: 'tl_…' });
    const form = h(
      'form',
      { class: 'sign-in' },
      h('label', {}, 'Record developments: sign in with your key ', key),
      h('button', { type: 'submit' }, 'Sign in'),
      h('span', { class: 'field-error', role: 'alert' }, message),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      signIn(key.value.trim()).then(signedIn, (error: Error) => signedOut(`Not signed in: ${error.message}`));
    });
    section.replaceChildren(form);
  };

  const signedIn = async (who: Who) => {
    const out = h('button', { type: 'button' }, 'Sign out');
    out.addEventListener('click', () => {
      forget();
      location.reload();
    });
    const line = h('p', { class: 'who' }, `Signed in as ${who.name} (${who.role}). `, out);
    if (!canRecord(who)) {
      section.replaceChildren(line, h('p', {}, 'This key is a reader: it may follow the timeline, not record in it.'));
      return;
    }
    const [catalogue] = await Promise.all([
      read<{ types: CatalogueType[] }>('/catalogue').then((c) => c.body.types),
      loadEntities(),
    ]);
    const record = new RecordForm(catalogue, book, notice);
    const register = registerEntityForm((entityId, name) => {
      notice(`Registered ${name} as ${entityId}`);
      void loadEntities();
    });
    section.replaceChildren(
      line,
      names,
      h('details', { class: 'record-panel' }, h('summary', {}, 'Record a development'), register, record.element),
      h('details', { class: 'import-panel' }, h('summary', {}, 'Import a spreadsheet'), importPanel(catalogue, notice)),
    );
    watchDetails(details, notice);
  };

  const key = storedKey();
  if (!key) {
    signedOut();
    return;
  }
  signIn(key).then(signedIn, () => {
    forget();
    signedOut('The key kept for this tab is no longer accepted: sign in again.');
  });
}
