#pragma once
// ProcLab core: Python's multiprocessing, natively. The one header to include.

#include <proclab/errors.h>
#include <proclab/pipe.h>
#include <proclab/process.h>
#include <proclab/queue.h>
#include <proclab/serialize.h>
#include <proclab/task.h>
