import { z } from 'zod';
import { country, party, text } from './common.js';

/** Registers an organisation or government so developments can name it as a subject. */
export const EntityRegistered = z
  .strictObject({
    entityId: party,
    kind: z.enum(['organisation', 'government']),
    name: text(200),
    homeCountry: country,
    aliases: z.array(text(200)).max(50).optional(),
    /** The organisation this one belongs to (a subsidiary's parent). */
    parent: party.optional(),
  })
  .refine((e) => e.entityId.startsWith(e.kind === 'organisation' ? 'org:' : 'gov:'), {
    message: 'organisations are org:<slug>, governments gov:<slug>',
    path: ['entityId'],
  });
