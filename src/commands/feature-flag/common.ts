import { withFields } from '../../render/view.js';

export const FEATURE_FLAG_FIELDS: readonly string[] = ['name', 'state', 'stability', 'desc', 'doc_url', 'provided_by', 'require_level', 'experiment_level', 'callbacks'];

export const FEATURE_FLAG_VIEW = withFields([{ key: 'name' }, { key: 'state' }, { key: 'stability' }, { key: 'desc' }], FEATURE_FLAG_FIELDS);
