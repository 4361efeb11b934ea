#pragma once
// The bridge's hot paths in plain C: a watched lock's or semaphore's acquire/release (the SemLock's
// own C method runs directly, then the holder or value is stored in the registry), a queue's put and
// get (the standard method, with the counts and waits around it), and the hooks run on every wait
// and task. A Python wrapper, or a pybind11 call, would cost more than an uncontended acquire
// itself.

#include <pybind11/pybind11.h>

namespace proclab::python {

/// Adds watched_method(semlock, object_id, mode), watched_python_method(original, helper, mode) (a
/// queue's put or get) and their MODE_* constants, and add_counter, set_counter, count_message,
/// set_library_dirs, wait_begin, wait_end, task_begin, task_end, pool_task_begin, pool_task_end to `m`.
void add_watched_methods(pybind11::module_& m);

} // namespace proclab::python
