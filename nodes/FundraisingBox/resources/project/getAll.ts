import { fundraisingBox } from '../entityApi';
import { PROJECT } from './fields';

/** GET /projects.json */
export const getManyProjects = fundraisingBox.getMany(PROJECT, {});
