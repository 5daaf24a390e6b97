import { rest } from '../restApi';
import { SOURCE } from './fields';

/** GET /sources.json */
export const getManySources = rest.getMany(SOURCE, {});
