// Preloaded by the benchmarks (node --require): writes the process's peak RSS (KiB) at exit.
const file = process.env.KUBESIM_BENCH_RSS;
if (file) process.on('exit', () => require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS)));
