#!/usr/bin/env node
// Peer for `rmqx vhost list`: the same GET as bench/peers/http-get.cjs, written as a script with
// axios (the repository's node_modules) would be: what a hand-written Node.js tool on the same
// library costs.
//
//   node bench/peers/axios-get.cjs URL USER PASSWORD
'use strict';
const axios = require('axios');

const [url, username, password] = process.argv.slice(2);
axios.get(url, { auth: { username, password } }).then(
  (res) => {
    let out = '';
    for (const o of res.data) out += `${o.name}\n`;
    process.stdout.write(out);
  },
  (e) => {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 1;
  },
);
