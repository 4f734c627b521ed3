"""The bubblewrap command line of the code sandbox (`sandbox.py` starts the worker with it).

The filesystem the worker sees: an empty read-only root with ``/usr``, the ``/lib*`` and ``/bin``
links, the Python installation and venv bound read-only, a tmpfs as ``/sandbox`` and another as
``/tmp``, a fresh ``/proc`` and a read-only ``/dev``; as root, the code runs as ``nobody``.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

RUNNER = Path(__file__).with_name("runner_main.py")
NOBODY = 65534
INSIDE_RUNNER = "/runner.py"


def python_roots() -> list[str]:
    """Directories the interpreter and its packages live in (bound read-only)."""
    exe = Path(sys.executable)
    candidates = {sys.prefix, sys.base_prefix, sys.exec_prefix, str(exe.resolve().parent.parent)}
    candidates |= {str(Path(c).resolve()) for c in list(candidates)}
    roots = sorted(c for c in candidates if c and not c.startswith("/usr/") and Path(c).is_dir())
    kept: list[str] = []
    for root in roots:
        if not any(root == k or root.startswith(k.rstrip("/") + "/") for k in kept):
            kept.append(root)
    return kept


def bwrap_argv(bwrap: str, disk: int) -> list[str]:
    """The `bwrap` command line that starts the worker isolated (see `sandbox`); `disk`: the bytes
    of each tmpfs (``/sandbox``, ``/tmp``)."""
    setpriv = shutil.which("setpriv")
    drop = os.geteuid() == 0 and setpriv is not None
    argv = [bwrap, "--die-with-parent", "--new-session"]
    argv += ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
    if not drop:
        argv += ["--unshare-user"]
    argv += ["--ro-bind", "/usr", "/usr"]
    for name in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(name):
            argv += ["--symlink", os.readlink(name), name]
        elif os.path.isdir(name):
            argv += ["--ro-bind", name, name]
    argv += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    # /sandbox and /tmp first, each a tmpfs of `disk` bytes: a venv that itself lives under /tmp
    # (a CI checkout) is bound on top of the fresh /tmp below, instead of being hidden by it.
    argv += ["--perms", "0777", "--size", str(disk), "--tmpfs", "/sandbox"]
    argv += ["--perms", "1777", "--size", str(disk), "--tmpfs", "/tmp"]
    made: set[str] = {"/tmp"}
    for root in python_roots():
        for parent in reversed(Path(root).parents[:-1]):
            if str(parent) not in made:  # bwrap would create them 0700: unreadable for nobody
                argv += ["--perms", "0755", "--dir", str(parent)]
                made.add(str(parent))
        argv += ["--ro-bind", root, root]
    argv += ["--proc", "/proc", "--dev", "/dev"]
    argv += ["--ro-bind", str(RUNNER), INSIDE_RUNNER, "--chdir", "/sandbox"]
    argv += ["--remount-ro", "/dev", "--remount-ro", "/", "--"]
    if drop and setpriv:
        argv += [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
        argv += ["--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"]
    return argv
