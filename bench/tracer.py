"""Runs ``python -m agent.cli ARGS`` with timestamps around the steps of a pass (bench/timeline.py reads them).

    ONWARD_TIMELINE=/tmp/t.jsonl python bench/tracer.py --config c.toml -q backfill

Each step is one JSON line ``{"pid", "what", "t0", "t1", "cpu"}`` (wall clock ``time.time()``, shared by
the processes; ``cpu``: the process's CPU seconds spent in the step), appended as it ends, so the forked
workers' steps are kept too (they end with ``os._exit``, no exit handlers). The steps are found by name in
the revision that runs (this checkout's module layout or f5c7122's older flat one): each function is
wrapped right after its module is imported, so an import is timed where the pass does it.
"""
from __future__ import annotations

import functools
import importlib.abc
import importlib.machinery
import json
import os
import sys
import threading
import time

UP = time.time()
OUT = os.environ.get("ONWARD_TIMELINE", "/tmp/onward-timeline.jsonl")

# module -> [(attribute path, step)]: this checkout's names, then f5c7122's
STEPS: dict[str, list[tuple[str, str]]] = {
    "agent.model.classifier": [("Classifier.load", "model load")],
    "agent.classifier": [("Classifier.load", "model load")],
    "agent.cli.common": [("open_store", "store open")],
    "agent.cli": [("open_store", "store open")],
    "agent.intake": [("_fetch_and_analyze", "worker slice"), ("analyze", "analyze"),
                     ("Intake.__enter__", "fork workers"), ("Intake._analyze_here", "slice here"),
                     ("Intake.__exit__", "workers ended")],
    "agent.scan": [("Scan.process_batch", "record batch"), ("Scan.reconcile_followups", "reconcile"),
                   ("Scan.backfill", "backfill")],
    "agent.pipeline": [("Agent.process_batch", "record batch"), ("Agent.reconcile_followups", "reconcile"),
                       ("Agent.backfill", "backfill")],
    "agent.daemon": [("Agent.process_batch", "record batch"), ("Agent.backfill", "backfill"),
                     ("Agent.reconcile_followups", "reconcile")],
    "agent.mail.imap": [("Mailbox.connect", "imap connect")],
    "agent.mailbox": [("Mailbox.connect", "imap connect")],
}


def emit(what: str, t0: float, t1: float, cpu: float = 0.0) -> None:
    line = json.dumps({"pid": os.getpid(), "what": what, "t0": t0, "t1": t1, "cpu": round(cpu, 4)})
    with open(OUT, "a", encoding="utf-8") as f:  # O_APPEND: whole lines from every process
        f.write(line + "\n")


def timed(fn, what: str):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        t0, c0 = time.time(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            emit(what, t0, time.time(), time.process_time() - c0)
    return wrapper


def patch(module, path: str, what: str) -> None:
    *owner_path, name = path.split(".")
    owner = module
    for part in owner_path:
        owner = getattr(owner, part, None)
        if owner is None:
            return
    fn = owner.__dict__.get(name) if isinstance(owner, type) else getattr(owner, name, None)
    if fn is None:
        return
    if isinstance(fn, classmethod):
        setattr(owner, name, classmethod(timed(fn.__func__, what)))
    else:
        setattr(owner, name, timed(fn, what))


class _Loader(importlib.abc.Loader):
    nesting = threading.local()  # per thread: the model loads in a thread while the main thread imports

    def __init__(self, inner) -> None:
        self.inner = inner

    def create_module(self, spec):
        return self.inner.create_module(spec)

    def exec_module(self, module) -> None:
        t0, c0 = time.time(), time.process_time()
        depth = getattr(_Loader.nesting, "depth", 0)
        _Loader.nesting.depth = depth + 1
        try:
            self.inner.exec_module(module)
        finally:
            _Loader.nesting.depth = depth
        if depth == 0:  # an outermost import of the agent package in this thread, with all it pulls in
            where = "" if threading.current_thread() is threading.main_thread() else " (thread)"
            emit(f"import {module.__name__}{where}", t0, time.time(), time.process_time() - c0)
        for path, what in STEPS.get(module.__name__, []):
            patch(module, path, what)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if not (name == "agent" or name.startswith("agent.")):
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


_GC: dict[int, list[float]] = {}  # generation -> [collections, seconds] in this process
_GC_START = [0.0]


def _gc_noted(phase: str, info: dict) -> None:
    if phase == "start":
        _GC_START[0] = time.perf_counter()
    else:
        seen = _GC.setdefault(info["generation"], [0, 0.0])
        seen[0] += 1
        seen[1] += time.perf_counter() - _GC_START[0]


def emit_gc() -> None:
    """The collections of this process, per generation ("gc 2": full ones), their count as ``cpu``'s neighbour."""
    now = time.time()
    for gen, (n, seconds) in sorted(_GC.items()):
        line = json.dumps({"pid": os.getpid(), "what": f"gc {gen}", "t0": now, "t1": now, "cpu": round(seconds, 4),
                           "n": int(n)})
        with open(OUT, "a", encoding="utf-8") as f:
            f.write(line + "\n")


if __name__ == "__main__":
    import gc
    gc.callbacks.append(_gc_noted)
    emit("interpreter up", UP, UP)
    sys.meta_path.insert(0, _Finder())
    import agent.cli  # noqa: E402 - after the finder, so that its imports are timed and patched
    common = sys.modules.get("agent.cli.common")
    if common is not None and hasattr(common, "COMMAND_PROCESS"):
        common.COMMAND_PROCESS = True  # as agent.cli.entry says of the ``onward`` process
    code = agent.cli.main(sys.argv[1:])
    emit("main returned", time.time(), time.time(), time.process_time())
    emit_gc()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # as the ``onward`` command ends (agent.cli.entry): no teardown of the model's objects
