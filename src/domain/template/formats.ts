import { z } from 'zod';

// The string formats the template's schemas share (not exported from template.ts: only a field's schema is).

export const keySchema = z.string().regex(/^[a-z0-9_-]+$/, 'lowercase letters, digits, - and _');

export const localTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm');
