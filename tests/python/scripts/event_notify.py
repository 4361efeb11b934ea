# A process waits for an Event the main process sets; another notifies a Condition. In scheduler
# mode each of these is a point: wait, set, notify.
import multiprocessing as mp
import sys


def waiter(event):
    event.wait()
    print("waiter woke", flush=True)


def notifier(cond):
    with cond:
        cond.notify_all()
    print("notifier done", flush=True)


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1])
    ev, cond = mp.Event(), mp.Condition()
    w = mp.Process(target=waiter, args=(ev,), name="waiter")
    n = mp.Process(target=notifier, args=(cond,), name="notifier")
    w.start()
    n.start()
    ev.set()
    w.join()
    n.join()
    print("exit codes", w.exitcode, n.exitcode, flush=True)
