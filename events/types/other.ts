import { z } from 'zod';
import { country, edtfPeriod, figureValue, money, party, slug, subject, text } from './common.js';

export const MeetingHeld = z.strictObject({
  meetingId: slug,
  title: text(300),
  participants: z.array(subject).min(1).max(100),
  country: country.optional(),
  location: text(200).optional(),
  outcome: text(500).optional(),
});

/** A company's shares listed on an exchange. */
export const ListingCompleted = z.strictObject({
  company: party,
  exchange: text(100),
  country,
  raised: money.optional(),
});

export const FinancialResultReported = z.strictObject({
  company: party,
  period: edtfPeriod,
  metric: text(100),
  value: figureValue,
});

export const ProductLaunched = z.strictObject({
  company: party,
  product: text(200),
  markets: z.array(country).max(200).optional(),
});
