import { z } from 'zod';

// Extension pages forbid eval by their content security policy. zod would probe
// for it (and hit a CSP violation) to speed up parsing; tell it not to try.
z.config({ jitless: true });
