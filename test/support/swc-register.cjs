/**
 * `node -r ./test/support/swc-register.cjs child.ts`: runs TypeScript through the same swc
 * transform as jest (.swcrc, with decorator metadata, which tsx/esbuild lacks), so a child process
 * can build the engine's Nest modules from source. Resolves `@asc/<lib>` to libs/<lib>/src.
 */
/* global require, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS require hook */
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');

const root = join(__dirname, '../..');
const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const lib = /^@asc\/([a-z-]+)$/.exec(request);
  return resolve.call(this, lib ? join(root, 'libs', lib[1], 'src') : request, ...rest);
};

require.extensions['.ts'] = function (module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    ...swcrc,
    swcrc: false,
    filename,
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
