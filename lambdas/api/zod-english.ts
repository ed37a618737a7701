/**
 * zod/mini ships no messages of its own (every issue would read "Invalid input"): English, as classic
 * zod has it, for the issues a schema gives no message of its own. Imported by the modules every
 * schema builds on, so any bundle that validates has it before its first parse.
 */
import { config } from 'zod/mini';
import { en } from 'zod/locales';

config(en());
