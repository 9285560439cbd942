#!/usr/bin/env node
// Streamify targets Node 20 on purpose; the AWS SDK's notice about its future Node 22 floor is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Runs the TypeScript sources directly (tsx), so the command works right after `npm ci`.
require('tsx/cjs');
require('../src/cli/main.ts').main(process.argv);
