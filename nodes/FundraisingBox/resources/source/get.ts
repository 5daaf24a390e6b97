import { fundraisingBox } from '../entityApi';
import { SOURCE } from './fields';

/** GET /sources/:id.json */
export const getSource = fundraisingBox.get(SOURCE);
