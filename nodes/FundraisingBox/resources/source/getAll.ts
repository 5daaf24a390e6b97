import { fundraisingBox } from '../entityApi';
import { SOURCE } from './fields';

/** GET /sources.json */
export const getManySources = fundraisingBox.getMany(SOURCE, {});
