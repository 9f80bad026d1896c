# SPDX-License-Identifier: GPL-2.0-only
"""What the Python test suites share: the PASS/FAIL/SKIP lines tests/run
counts, the tree's paths, running a command (under the fake-kernel
wrapper, as root or as uid 65534) with a time limit, and starting and
stopping the processes a test needs (the kernel model, targets).

    sys.path.insert(0, os.path.join(TOP, "tests", "lib"))
    import vtest
    vtest.begin("cli")                  # lines read "PASS: cli: ..."
    vtest.scope("daemon")               # then "PASS: cli: daemon: ..."
    vtest.check("it binds", rc == 0, err)
    ...
    return vtest.status()               # the exit status: 1 if any FAIL

Importing it also puts tests/fixtures on sys.path (for mkfixture).
Only the suites import it, as root: a script that runs as uid 65534
(tests/cli/attacker.py, tests/hostile-users/evil-holder) is copied alone
by reach.public() and must not.
"""

import os
import signal
import subprocess
import sys
import time

from reach import AS_TEST_UID, TEST_UID, public, public_argv  # noqa: F401

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
B = os.environ.get("B", "build")
if not os.path.isabs(B):
    B = os.path.join(TOP, B)
BIN = os.path.join(B, "vfio-sva")
MODEL = os.path.join(B, "tests", "vfio-sva-kmodel")
SHIM = os.path.join(B, "tests", "libvfio-sva-fake.so")
FAKE = os.path.join(TOP, "tests", "fake", "vfio-sva-fake")
MACHINES = os.path.join(TOP, "tests", "fixtures", "machines")
KMACHINE = os.path.join(TOP, "tests", "kmodel", "machines", "kmodel.json")

sys.path.insert(0, os.path.join(TOP, "tests", "fixtures"))

_suite = ""
_scope = ""
_detail_max = 600
failures = 0


def begin(suite, detail_max=600):
    """Name the suite every line starts with ("" for none); a FAIL line's
    detail is cut to @detail_max characters."""
    global _suite, _detail_max
    _suite = suite
    _detail_max = detail_max


def scope(name):
    """Name the part of the suite (a scenario, a boot) the next lines are
    about: "PASS: suite: scope: name"; "" for none."""
    global _scope
    _scope = name


def _line(kind, name, why=None):
    parts = [p for p in (_suite, _scope) if p] + [name]
    text = f"{kind}: " + ": ".join(parts)
    if why is not None:
        text += f": {why}"
    print(text, flush=True)


def _detail(detail):
    """@detail on one line: its lines joined by " | ", spaces squeezed."""
    lines = [" ".join(ln.split()) for ln in str(detail).splitlines()]
    text = " | ".join(ln for ln in lines if ln) or "failed"
    if len(text) > _detail_max:
        text = text[:_detail_max] + "..."
    return text


def check(name, cond, detail=""):
    """One assertion: a PASS line when @cond holds, else a FAIL line with
    @detail. Returns @cond."""
    global failures
    if cond:
        _line("PASS", name)
    else:
        failures += 1
        _line("FAIL", name, _detail(detail))
    return cond


def fail(name, detail):
    check(name, False, detail)


def skip(name, why):
    _line("SKIP", name, why)


def expect_eq(name, got, want):
    return check(name, got == want, f"got {got!r}, want {want!r}")


def missing(name, why):
    """A tool a check needs is not there: make check installs every one
    for root, so root fails; a user skips."""
    if os.geteuid() == 0:
        fail(name, why)
    else:
        skip(name, why)


def status():
    """The suite's exit status: 1 if anything failed."""
    return 1 if failures else 0


def wait_for(fn, timeout=5.0, step=0.05):
    """Polls @fn until it gives something true or @timeout seconds pass;
    returns what it gave last."""
    end = time.monotonic() + timeout
    while True:
        v = fn()
        if v or time.monotonic() > end:
            return v
        time.sleep(step)


def run(argv, timeout=60, **kw):
    """subprocess.run(@argv), output captured as text. A command still
    running after @timeout seconds is killed and returns 124, one that
    cannot start 127, with why in its stderr."""
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    try:
        return subprocess.run(argv, timeout=timeout, **kw)
    except subprocess.TimeoutExpired as e:
        def text(b):
            if isinstance(b, bytes):
                return b.decode(errors="replace")
            return b or ""
        return subprocess.CompletedProcess(argv, 124, text(e.stdout),
                                           text(e.stderr) + " (timed out)")
    except OSError as e:
        return subprocess.CompletedProcess(argv, 127, "", str(e))


def fake_argv(root, argv, user=False, env=None):
    """@argv run by the fake-kernel wrapper on fixture @root, and its
    environment (@env or ours): as uid 65534 when @user, with the
    wrapper, the shim and every program named by an absolute path where
    that uid can reach them (reach.public_argv)."""
    cmd = [FAKE, "--root", root] + list(argv)
    env = dict(os.environ if env is None else env)
    if user:
        cmd, env = public_argv(cmd, env, B)
        cmd = AS_TEST_UID + cmd
    return cmd, env


def stop(p, sig=signal.SIGTERM, timeout=10):
    """Sends @sig to process @p (unless it has ended) and waits for it;
    SIGKILL if it is still there after @timeout seconds. Its status."""
    if p.poll() is None:
        try:
            p.send_signal(sig)
        except ProcessLookupError:
            pass
    try:
        return p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        return p.wait()


def model_answers(root):
    """Whether a kernel model serves fixture @root (ctl ping)."""
    return run([MODEL, "ctl", "--root", root, "ping"],
               timeout=10).returncode == 0


def start_model(root, args=(), **kw):
    """The kernel model serving fixture @root (its stderr discarded unless
    @kw says otherwise), and whether it answered within 5 seconds."""
    kw.setdefault("stderr", subprocess.DEVNULL)
    p = subprocess.Popen([MODEL, "serve", "--root", root] + list(args),
                         **kw)
    up = wait_for(lambda: p.poll() is not None or model_answers(root))
    return p, bool(up) and p.poll() is None
