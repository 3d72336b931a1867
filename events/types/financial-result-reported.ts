import { z } from 'zod';
import { edtfDate, money, party, text } from './common.js';

export const FinancialResultReported = z.object({
  company: party,
  period: edtfDate,
  metric: text(100),
  value: money,
});
