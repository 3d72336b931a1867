import { z } from 'zod';
import { country, slug, subject, text } from './common.js';

export const MeetingHeld = z.object({
  meetingId: slug,
  title: text(300),
  participants: z.array(subject).min(1),
  country: country.optional(),
  location: text(200).optional(),
  outcome: text(500).optional(),
});
