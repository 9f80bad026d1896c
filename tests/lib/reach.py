# SPDX-License-Identifier: GPL-2.0-only
"""What the unprivileged test uid runs, from where that uid can reach it.

The suites run some cases as uid 65534 (setpriv, no groups). A clone in a
private directory (root's 0700 home, a `mktemp -d` folder) keeps that uid
out of the wrapper, the shim and the binaries those cases run. public(PATH)
is PATH itself when uid 65534 can read it, else a copy of it in a 0755
directory: $VFIO_SVA_TEST_PUBLIC, which tests/run makes and removes, or one
of this process's own when a suite runs on its own.
"""

import atexit
import os
import shutil
import subprocess
import tempfile

TEST_UID = 65534
AS_TEST_UID = ["setpriv", f"--reuid={TEST_UID}", f"--regid={TEST_UID}",
               "--clear-groups"]

_known = {}
_own_dir = None


def can_read(path):
    """Whether uid 65534 can reach and read PATH (asked of the kernel)."""
    return subprocess.run(AS_TEST_UID + ["test", "-r", path],
                          stdin=subprocess.DEVNULL).returncode == 0


def _public_dir():
    global _own_dir
    env = os.environ.get("VFIO_SVA_TEST_PUBLIC")
    if env:
        return env
    if _own_dir is None:
        _own_dir = tempfile.mkdtemp(prefix="vfio-sva-public.", dir="/tmp")
        os.chmod(_own_dir, 0o755)
        atexit.register(shutil.rmtree, _own_dir, True)
    return _own_dir


def public(path):
    """PATH, or a world-readable copy of it that uid 65534 can run."""
    path = os.path.abspath(path)
    if os.geteuid() != 0:
        return path     # no other uid to run as
    if path in _known:
        return _known[path]
    if can_read(path):
        _known[path] = path
        return path
    copy = os.path.join(_public_dir(), path.lstrip("/"))
    parent = os.path.dirname(copy)
    os.makedirs(parent, mode=0o755, exist_ok=True)
    d = parent
    while d != _public_dir() and len(d) > 1:
        os.chmod(d, 0o755)     # whatever the umask made of it
        d = os.path.dirname(d)
    tmp = f"{copy}.{os.getpid()}"
    shutil.copy(path, tmp)
    os.chmod(tmp, 0o755 if os.access(path, os.X_OK) else 0o644)
    os.rename(tmp, copy)    # never write over a copy another run executes
    if not can_read(copy):
        raise SystemExit(f"FAIL: uid {TEST_UID} cannot read {copy}, the "
                         f"copy of {path} made for it")
    _known[path] = copy
    return copy


def public_argv(argv, env, b):
    """@argv and @env for uid 65534: every program or script named by an
    absolute path (the wrapper, the binary) as public() has it, and the
    shim ($B/tests/libvfio-sva-fake.so) named for the wrapper."""
    out = [public(a) if os.path.isabs(a) and os.path.isfile(a) else a
           for a in argv]
    env = dict(env if env is not None else os.environ)
    shim = os.path.join(b, "tests", "libvfio-sva-fake.so")
    if os.path.isfile(shim):
        env["VFIO_SVA_FAKE_SHIM"] = public(shim)
    return out, env
