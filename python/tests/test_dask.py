#!/usr/bin/env python3
"""test_dask.py - reckon beyond one machine, on an existing engine: a Dask
distributed cluster (two local worker processes, Debian's
python3-distributed) maps extraction over a folder of articles, one task
per file; the driver merges the claims by id and reconciles them; the
report is the single-process one, byte for byte, and the command line's.
Skipped (77) without python3-distributed. Needs what test_reckon.py needs."""
import glob
import os
import pathlib
import subprocess
import sys
import time

if os.environ.get("RK_UNDER_VALGRIND"):
    print("not under valgrind: the workers are Python processes: skipped")
    sys.exit(77)

try:
    from distributed import Client, LocalCluster, get_worker
except ImportError:
    print("python3-distributed is not installed: skipped")
    sys.exit(77)

import reckon

FIXTURES = os.environ["RK_FIXTURES_ROOT"]
EXE = os.environ["RECKON_EXE"]


def extract_here(path):
    """The map: runs on a worker, which loads the rules once per process."""
    return get_worker().address, reckon.extract_file(path)


def main():
    # Two event folders: 15 articles in Arabic, English and Russian.
    paths = sorted(glob.glob(os.path.join(FIXTURES, "safra-quake-2025", "*.txt")) +
                   glob.glob(os.path.join(FIXTURES, "nasser-ferry-2025", "*.txt")))
    failures = []
    if len(paths) < 10:
        failures.append("expected the articles of two event folders, found %d" % len(paths))
    t0 = time.monotonic()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=40) as cluster, \
            Client(cluster) as client:
        results = client.gather(client.map(extract_here, paths))
    t1 = time.monotonic()
    workers = {w for w, _ in results}
    parts = [r for _, r in results]
    # The reduce, on the driver: merge by id, group, decide.
    distributed_report = reckon.report(parts, format="json")
    single = reckon.report([pathlib.Path(p) for p in paths], format="json")
    command_line = subprocess.run([EXE, "report", "-f", "json"] + paths, capture_output=True,
                                  check=True).stdout.decode()
    print("%d articles, %d claims, %d groups on %d workers in %.1f s"
          % (len(paths), sum(len(p["claims"]) for p in parts),
             len(reckon.report(parts)["groups"]),
             len(workers), t1 - t0))
    if len(workers) != 2:
        failures.append("the tasks ran on %d workers, not 2" % len(workers))
    if distributed_report != single:
        failures.append("the report from the cluster differs from the single-process one")
    if distributed_report != command_line:
        failures.append("the report from the cluster differs from `reckon report`'s")
    if '"verdict":"contradiction"' not in distributed_report:
        failures.append("no contradiction found: the events have some")
    for f in failures:
        print("FAIL: " + f)
    print("%d passed, %d failed" % (0 if failures else 1, 1 if failures else 0))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
