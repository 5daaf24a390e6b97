import { getOperation } from '../operations';
import { SOURCE } from './fields';

/** GET /sources/:id.json */
export const getSource = getOperation(SOURCE);
