import { rest } from '../restApi';
import { PROJECT } from './fields';

/** GET /projects/:id.json */
export const getProject = rest.get(PROJECT);
