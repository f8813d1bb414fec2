// Preloaded by the benchmarks (node --require): writes the process's peak RSS (KiB) and the CPU time
// it used (user + system, ms) at exit: on a shared machine CPU time is steadier than wall time.
const file = process.env.KUBESIM_BENCH_RSS;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    require('node:fs').writeFileSync(file, `${u.maxRSS} ${(u.userCPUTime + u.systemCPUTime) / 1000}`);
  });
}
