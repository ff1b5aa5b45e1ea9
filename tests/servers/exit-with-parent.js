// @ts-check
/**
 * Preloaded (`node --import`) into test-server child processes. The parent holds the write end
 * of our stdin; when the parent dies for any reason — even SIGKILL, when no 'exit' handler
 * runs — the pipe closes and we exit, so no server outlives the test run that started it.
 */
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
