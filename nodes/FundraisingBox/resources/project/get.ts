import { getOperation } from '../operations';
import { PROJECT } from './fields';

/** GET /projects/:id.json */
export const getProject = getOperation(PROJECT);
