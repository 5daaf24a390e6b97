/** Sources: `/sources.json` and `/sources/:id.json`, the paths FundraisingBox's own n8n node uses. */
export const SOURCE = { noun: 'source', path: '/sources', idName: 'sourceId', idDisplayName: 'Source ID' };
