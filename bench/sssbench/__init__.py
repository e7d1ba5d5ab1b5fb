"""The code behind `bench/run`, one module a job.

Where to look:

    settings.py     paths and the fixed settings of a run (the page, the sorts, C10K, ...)
    log.py          the run's log lines (stderr) and its two errors
    processes.py    start, wait for and stop the processes a run starts (by PID); free ports
    clients.py      small HTTP and Redis clients, the readiness probes
    nginx_conf.py   the nginx configuration a run writes (the project's, plus the ceilings)
    stack.py        the processes of a run: Redis, the MongoDB-wire server, the daemons, nginx
    page.py         the page every load asks for, checked on every target before the loads
    sampling.py     peak RSS and CPU seconds of processes while they are loaded
    wrk.py          one load with wrk and the figures its report gives
    stampede.py     many identical cold requests sent at once
    bench.py        the measurements, phase by phase, into one dict of results
    stats.py        percentiles, the mean of the rounds, the ratios between targets
    targets.py      the performance targets, checked against a run's figures
    machine.py      what the machine and the tools are (for the report's first line)
    markdown.py     the Markdown report
    svg.py          the chart docs/performance.svg
    docs.py         writing the report into docs/PERFORMANCE.md, the chart and results.json
    cli.py          the command line: flags, the time limit, the run, the output

The pure parts (stats, wrk's report, nginx_conf's text, markdown, svg, docs) have unit tests in
bench/tests: `python3 -m unittest discover -s bench -t bench`.
"""
