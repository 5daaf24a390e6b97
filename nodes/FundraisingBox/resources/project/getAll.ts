import { getManyOperation } from '../operations';
import { PROJECT } from './fields';

/** GET /projects.json */
export const getManyProjects = getManyOperation(PROJECT);
