import { z } from 'zod';
import { METHOD_NAMES, type MethodName } from '../api/contract';

/** Parameter schemas per method: every call is validated before a handler sees it. */
export const PARAMS: { [M in MethodName]: z.ZodType } = {
  getAppInfo: z.tuple([]),
};

export const requestSchema = z.object({
  kind: z.literal('request'),
  id: z.string().min(1).max(100),
  method: z.enum(METHOD_NAMES),
  params: z.array(z.unknown()).max(16),
});
