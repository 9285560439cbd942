// Loaded first by mocha (see .mocharc*.json): the environment every test process shares.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
