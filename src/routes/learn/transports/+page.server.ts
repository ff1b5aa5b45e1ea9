/** The guide needs to know one thing from the server: can this playground run stdio (local mode)? */
import type { PageServerLoad } from './$types';
import { getConfig } from '$lib/server/config';

export const load: PageServerLoad = () => ({ mode: getConfig().mode });
