"""ProcLab's interpreter-start hook (on PYTHONPATH through `proclab-cli python` or the window).

When PROCLAB_SESSION names a session, the standard multiprocessing modules are watched as they are
imported (proclab_watch); without it nothing is installed. Any other sitecustomize further along
sys.path (Debian's, a virtualenv's) still runs afterwards.
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


def _start():
    import os

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
