import { rest } from '../restApi';
import { PROJECT } from './fields';

/** GET /projects.json */
export const getManyProjects = rest.getMany(PROJECT, {});
