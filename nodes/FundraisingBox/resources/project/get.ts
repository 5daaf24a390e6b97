import { fundraisingBox } from '../entityApi';
import { PROJECT } from './fields';

/** GET /projects/:id.json */
export const getProject = fundraisingBox.get(PROJECT);
