"""Patches each standard module right after it is first imported (a sys.meta_path finder).

Modules the program never imports are never loaded or touched: a script without multiprocessing
pays one dictionary lookup per import.
"""

import importlib.abc
import importlib.machinery
import sys


def _patchers():
    from . import _channels, _managers, _pools, _processes, _sync

    return {
        "multiprocessing.process": _processes.patch_process,
        "multiprocessing.popen_fork": _processes.patch_popen_fork,
        "multiprocessing.popen_forkserver": _processes.patch_popen_forkserver,
        "multiprocessing.forkserver": _processes.patch_forkserver,
        "multiprocessing.resource_tracker": _processes.patch_resource_tracker,
        "multiprocessing.managers": _managers.patch_managers,
        "multiprocessing.synchronize": _sync.patch,
        "multiprocessing.queues": _channels.patch_queues,
        "multiprocessing.connection": _channels.patch_connection,
        "multiprocessing.pool": _pools.patch_pool,
        "concurrent.futures.process": _pools.patch_futures,
    }


class _Loader(importlib.abc.Loader):
    def __init__(self, loader, patch):
        self._loader = loader
        self._patch = patch

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        try:
            self._patch(module)
        except Exception:  # a module of another Python version: leave it as it is
            if __import__("os").environ.get("PROCLAB_WATCH_DEBUG"):
                raise


class _Finder(importlib.abc.MetaPathFinder):
    def __init__(self, patchers):
        self._patchers = patchers

    def find_spec(self, fullname, path, target=None):
        patch = self._patchers.get(fullname)
        if patch is None:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _Loader(spec.loader, patch)
        return spec


def install():
    patchers = _patchers()
    # Modules imported before us (multiprocessing.process comes with `import multiprocessing`).
    for name, patch in list(patchers.items()):
        module = sys.modules.get(name)
        if module is not None:
            patch(module)
            del patchers[name]
    sys.meta_path.insert(0, _Finder(patchers))
