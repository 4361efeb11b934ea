"""ProcLab's interpreter-start hook (on PYTHONPATH through `proclab-cli python` or the window).

When PROCLAB_SESSION names a session, the standard multiprocessing modules are watched as they are
imported (proclab_watch); without it nothing is installed. Any other sitecustomize further along
sys.path (Debian's, a virtualenv's) still runs afterwards.

With PROCLAB_LINE_BUFFERED set (the window and the lesson runner read the output through a pipe),
stdout and stderr are line-buffered as on a terminal: output shows as it is printed and each line
is one write, so lines printed by several processes at once do not cut into each other.
"""


def _chain_next_sitecustomize():
    import importlib.machinery
    import importlib.util
    import os
    import sys

    here = os.path.dirname(os.path.abspath(__file__))
    rest = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)


def _line_buffered():
    import sys

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(line_buffering=True, write_through=False)
        except (AttributeError, ValueError):  # replaced by the program, or not a text stream
            pass


def _start():
    import os

    if os.environ.get("PROCLAB_LINE_BUFFERED"):
        _line_buffered()

    if os.environ.get("PROCLAB_SESSION"):
        try:
            import proclab_watch

            proclab_watch.install()
        except Exception as error:  # the program must run whatever happens to the bridge
            import sys

            if os.environ.get("PROCLAB_WATCH_DEBUG"):
                print(f"proclab_watch: not watching: {error!r}", file=sys.stderr)
    _chain_next_sitecustomize()


_start()
del _start
