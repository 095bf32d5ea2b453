#!/usr/bin/env node
// Floor for `rmqx vhost list`: one GET with node:http alone, the names printed one per line. No
// library, no argument parsing, no configuration: what any Node.js HTTP client costs at least.
// CommonJS, so Node.js starts without its ES module loader.
//
//   node bench/peers/http-get.cjs URL USER PASSWORD
'use strict';
const http = require('node:http');

const [url, user, password] = process.argv.slice(2);
http
  .get(url, { auth: `${user}:${password}` }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (d) => (body += d));
    res.on('end', () => {
      if (res.statusCode !== 200) {
        process.stderr.write(`${res.statusCode}\n`);
        process.exitCode = 1;
        return;
      }
      let out = '';
      for (const o of JSON.parse(body)) out += `${o.name}\n`;
      process.stdout.write(out);
    });
  })
  .on('error', (e) => {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 1;
  });
