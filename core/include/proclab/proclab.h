#pragma once
// ProcLab core: Python's multiprocessing, natively. The one header to include.

#include <proclab/array.h>
#include <proclab/barrier.h>
#include <proclab/clock.h>
#include <proclab/condition.h>
#include <proclab/debris.h>
#include <proclab/errors.h>
#include <proclab/event.h>
#include <proclab/lock.h>
#include <proclab/manager.h>
#include <proclab/pipe.h>
#include <proclab/pool.h>
#include <proclab/process.h>
#include <proclab/queue.h>
#include <proclab/semaphore.h>
#include <proclab/serialize.h>
#include <proclab/session.h>
#include <proclab/shared_memory.h>
#include <proclab/system_processes.h>
#include <proclab/task.h>
#include <proclab/value.h>
