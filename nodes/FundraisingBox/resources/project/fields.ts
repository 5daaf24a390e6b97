/** Projects: `/projects.json` and `/projects/:id.json`, the paths FundraisingBox's own n8n node uses. */
export const PROJECT = { noun: 'project', path: '/projects', idName: 'projectId', idDisplayName: 'Project ID' };
