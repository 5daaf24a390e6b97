import { resourceModule } from '../../../shared/resourceModule';
import { getProject } from './get';
import { getManyProjects } from './getAll';

export const projectResource = resourceModule({ name: 'Project', value: 'project', description: 'Projects donations are booked to' }, [
	getProject,
	getManyProjects,
]);
