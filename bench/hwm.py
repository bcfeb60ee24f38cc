"""Run ``python -m tistory_migrate …`` and report this process's own peak memory at exit.

``ru_maxrss`` of a child (``os.wait4``) is not the child's alone on Linux: at exec the kernel
folds the forking parent's high-water mark into it, so a benchmark parent that holds a big
synthetic blog in memory inflates every child it starts. ``VmHWM`` in /proc/self/status belongs
to this process's own address space, which exec creates fresh.
"""

import atexit
import runpy
import sys


def _report() -> None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    sys.stderr.write(f"TM_HWM_KB {line.split()[1]}\n")
    except OSError:
        pass


atexit.register(_report)
sys.argv = ["tistory_migrate", *sys.argv[1:]]
runpy.run_module("tistory_migrate", run_name="__main__", alter_sys=True)
