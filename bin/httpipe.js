#!/usr/bin/env node
// The bundled CLI lives in dist/ (built by `npm install` through the prepare script).
require('../dist/cli.js');
