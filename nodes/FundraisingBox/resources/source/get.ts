import { rest } from '../restApi';
import { SOURCE } from './fields';

/** GET /sources/:id.json */
export const getSource = rest.get(SOURCE);
