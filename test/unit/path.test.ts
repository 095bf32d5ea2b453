import { test } from 'node:test';
import assert from 'node:assert/strict';
import { path, query } from '../../src/mgmt/path.js';

test('the default vhost / is always %2F', () => {
  assert.equal(path('queues', '/', 'orders'), '/api/queues/%2F/orders');
});

test('every segment is encoded as one segment', () => {
  assert.equal(path('queues', 'shop eu', 'a/b'), '/api/queues/shop%20eu/a%2Fb');
  assert.equal(path('exchanges', 'v', 'x#1'), '/api/exchanges/v/x%231');
  assert.equal(path('queues', 'v', '100%'), '/api/queues/v/100%25');
  assert.equal(path('queues', 'v', 'q?x=1'), '/api/queues/v/q%3Fx%3D1');
  assert.equal(path('queues', 'v', 'заказы'), '/api/queues/v/%D0%B7%D0%B0%D0%BA%D0%B0%D0%B7%D1%8B');
  assert.equal(path('queues', 'v', '🐇'), '/api/queues/v/%F0%9F%90%87');
});

test('query keeps only defined values and encodes them', () => {
  assert.equal(query({ page: 1, name: '^a.*$', use_regex: true, columns: undefined, x: '' }), '?page=1&name=%5Ea.*%24&use_regex=true');
  assert.equal(query({}), '');
});
