#!/usr/bin/env node
// The deploy-kit command line, run from the committed bundle (built by `npm run build`).
import '../dist/cli/index.js';
