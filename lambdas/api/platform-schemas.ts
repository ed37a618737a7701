/** The public and members groups' response schemas: liveness and the calling member. */
import * as z from 'zod';
import { GROUPS } from '../domain/caller';
import { MemberId } from './common-schemas';

export const Me = z.object({ memberId: MemberId, username: z.string(), groups: z.array(z.enum(GROUPS)) }).meta({ id: 'Me' });

export const Health = z.object({ status: z.literal('ok'), version: z.string() }).meta({ id: 'Health' });
