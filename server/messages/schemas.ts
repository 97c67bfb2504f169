/** The message form (zod at the edge, French messages beside the fields). */
import { z } from 'zod';
import { text } from '../common/forms';

/** Below the 5,000 characters that forms keep on a re-render, so that a too long message comes back whole. */
export const MESSAGE_MAX_LENGTH = 4000;

export const messageSchema = z.object({
  body: text('Message', { max: MESSAGE_MAX_LENGTH }),
  /** Needed only when the author belongs to several organizations of the composition. */
  organizationId: z
    .string()
    .regex(/^[1-9]\d{0,9}$/, { error: 'Structure : choisissez une de vos structures.' })
    .transform(Number)
    .optional()
    .or(z.literal('').transform(() => undefined)),
});
export type MessageForm = z.infer<typeof messageSchema>;
