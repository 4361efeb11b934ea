"""proclab_watch: shows an unmodified Python multiprocessing program live in a ProcLab session.

install() attaches this interpreter to the session named by PROCLAB_SESSION and watches the
standard multiprocessing modules as they are imported: their processes, queues, pipes, locks and
pools appear in the session registry beside those of C++ programs. The program's behaviour is
unchanged: same output, exit codes and exceptions; a session that is gone leaves it unwatched.
"""

_installed = False


def install():
    """Attaches and installs the hooks once; returns True when this interpreter is watched."""
    global _installed
    if _installed:
        return True
    from . import _bridge

    if not _bridge.attach():
        return False
    _bridge.prefault()  # the registry's pages mapped at once, not one fault per 64 events
    from . import _processes

    # Scheduler mode shows the line a held process is at: the program's own, not the library's.
    _bridge.set_library_dirs(_processes.library_dirs())
    from . import _importhook

    _importhook.install()
    from . import _lesson

    _lesson.install()
    import os

    method = os.environ.get("PROCLAB_START_METHOD")
    if method:  # multiprocessing's default; the program's own set_start_method() still wins
        from multiprocessing import context

        context._default_context._default_context = context._concrete_contexts[method]
    _installed = True
    return True


def watched():
    """True when this interpreter reports to a session."""
    if not _installed:
        return False
    from . import _bridge

    return _bridge.attached()
