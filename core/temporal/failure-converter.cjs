// With payload encryption on, failure messages and stack traces go through the payload codec too:
// typed errors name sites, cases and files, which must not sit in plaintext on the Temporal server.
// CommonJS because the Temporal client, workers and workflow bundler load it with require().
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
