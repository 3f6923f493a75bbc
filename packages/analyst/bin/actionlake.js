#!/usr/bin/env node
// The `actionlake` command; the code is in dist/ (npm run build).
require('../dist/cli/main.js');
