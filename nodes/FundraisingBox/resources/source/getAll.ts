import { getManyOperation } from '../operations';
import { SOURCE } from './fields';

/** GET /sources.json */
export const getManySources = getManyOperation(SOURCE);
