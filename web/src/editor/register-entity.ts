import { h } from '../dom.js';
import { Form, input, select } from './form.js';
import { send } from './service.js';

const slug = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

/** "Register a new organisation" (or government), inline: name, kind, home country, aliases. */
export function registerEntityForm(onRegistered: (entityId: string, name: string) => void): HTMLElement {
  const form = new Form('Register a new organisation');
  const name = input();
  const kind = select([
    ['organisation', 'organisation'],
    ['government', 'government'],
  ]);
  const id = input({ placeholder: 'made from the name' });
  form.element.append(
    form.field('name', 'Name', name),
    form.field('kind', 'Kind', kind),
    form.field('homeCountry', 'Home country (ISO code, e.g. CN)', input({ maxlength: '2' })),
    form.field('aliases', 'Aliases, separated by ;', input()),
    form.field('entityId', 'Id', id, 'org:… or gov:…, made from the name unless you change it'),
    form.errorsArea(),
    h('button', { type: 'submit' }, 'Register'),
  );
  form.element.addEventListener('submit', (event) => {
    event.preventDefault();
    const entityId =
      form.value('entityId') || `${kind.value === 'government' ? 'gov' : 'org'}:${slug(form.value('name'))}`;
    const aliases = form
      .value('aliases')
      .split(';')
      .map((a) => a.trim())
      .filter(Boolean);
    const entity = {
      entityId,
      kind: kind.value,
      name: form.value('name'),
      homeCountry: form.value('homeCountry').toUpperCase(),
      ...(aliases.length ? { aliases } : {}),
    };
    void send('POST', '/entities', entity).then((answer) => {
      if (!answer.ok) return form.showErrors(answer.body.errors ?? [], answer.body.detail);
      form.clearErrors();
      form.element.reset();
      onRegistered(entityId, entity.name);
    });
  });
  return h('details', { class: 'register-entity' }, h('summary', {}, 'Register a new organisation'), form.element);
}
