<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ChannelsPanel</name>
    <message>
        <source>New Queue</source>
        <translation>New Queue</translation>
    </message>
    <message>
        <source>maxsize (0: unbounded):</source>
        <translation>maxsize (0: unbounded):</translation>
    </message>
    <message>
        <source>Created queue %1: choose it in the launcher&apos;s produce/consume tasks.</source>
        <translation>Created queue %1: choose it in the launcher&apos;s produce/consume tasks.</translation>
    </message>
    <message>
        <source>Created lock %1: choose it in the launcher&apos;s hold-a-lock task.</source>
        <translation>Created lock %1: choose it in the launcher&apos;s hold-a-lock task.</translation>
    </message>
    <message>
        <source>New &amp;Queue…</source>
        <translation>New &amp;Queue…</translation>
    </message>
    <message>
        <source>Create a Queue that built-in tasks can produce to and consume from.</source>
        <translation>Create a Queue that built-in tasks can produce to and consume from.</translation>
    </message>
    <message>
        <source>New &amp;Lock</source>
        <translation>New &amp;Lock</translation>
    </message>
    <message>
        <source>Create a Lock that the hold-a-lock task can acquire.</source>
        <translation>Create a Lock that the hold-a-lock task can acquire.</translation>
    </message>
    <message>
        <source>Show closed objects</source>
        <translation>Show closed objects</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>ProcLab: launch processes and watch them live.</source>
        <translation>ProcLab: launch processes and watch them live.</translation>
    </message>
    <message>
        <source>Run the demo processes at start.</source>
        <translation>Run the demo processes at start.</translation>
    </message>
    <message>
        <source>Open lesson N (its number, or its id such as 02_start_join) in the Lessons panel.</source>
        <translation>Open lesson N (its number, or its id such as 02_start_join) in the Lessons panel.</translation>
    </message>
    <message>
        <source>Attach to the live session NAME (a program run with PROCLAB_SESSION=NAME; see proclab-cli sessions).</source>
        <translation>Attach to the live session NAME (a program run with PROCLAB_SESSION=NAME; see proclab-cli sessions).</translation>
    </message>
    <message>
        <source>The interface language for this run: %1 (View ▸ Language is remembered).</source>
        <translation>The interface language for this run: %1 (View ▸ Language is remembered).</translation>
    </message>
    <message>
        <source>Start showing these processes: session, mine or all.</source>
        <translation>Start showing these processes: session, mine or all.</translation>
    </message>
    <message>
        <source>Run a Python script (watched live) at start; the remaining arguments are the script&apos;s.</source>
        <translation>Run a Python script (watched live) at start; the remaining arguments are the script&apos;s.</translation>
    </message>
    <message>
        <source>With --python: the script&apos;s arguments.</source>
        <translation>With --python: the script&apos;s arguments.</translation>
    </message>
    <message>
        <source>no display (neither DISPLAY nor WAYLAND_DISPLAY is set): the window needs a desktop session, or a virtual X server (xvfb-run -a proclab)</source>
        <translation>no display (neither DISPLAY nor WAYLAND_DISPLAY is set): the window needs a desktop session, or a virtual X server (xvfb-run -a proclab)</translation>
    </message>
    <message>
        <source>proclab: %1
(proclab --help lists the options)
</source>
        <translation>proclab: %1
(proclab --help lists the options)
</translation>
    </message>
    <message>
        <source>--session: %1</source>
        <translation>--session: %1</translation>
    </message>
    <message>
        <source>--session: &apos;%1&apos; is not a session name; see proclab-cli sessions</source>
        <translation>--session: &apos;%1&apos; is not a session name; see proclab-cli sessions</translation>
    </message>
    <message>
        <source>--lang: ProcLab has no language &apos;%1&apos;; choose %2</source>
        <translation>--lang: ProcLab has no language &apos;%1&apos;; choose %2</translation>
    </message>
    <message>
        <source> or </source>
        <translation> or </translation>
    </message>
    <message>
        <source>--scope: &apos;%1&apos; is none of session, mine, all</source>
        <translation>--scope: &apos;%1&apos; is none of session, mine, all</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos; (only --python takes further arguments)</source>
        <translation>unexpected argument &apos;%1&apos; (only --python takes further arguments)</translation>
    </message>
    <message>
        <source>--lesson: no lesson %1; no lessons are installed</source>
        <translation>--lesson: no lesson %1; no lessons are installed</translation>
    </message>
    <message>
        <source>--lesson: no lesson %1; lessons are %2–%3</source>
        <translation>--lesson: no lesson %1; lessons are %2–%3</translation>
    </message>
</context>
<context>
    <name>DebrisNotice</name>
    <message numerus="yes">
        <source>Removed %n leftover shared object(s) of programs that were killed.</source>
        <translation>
            <numerusform>Removed %n leftover shared object of programs that were killed.</numerusform>
            <numerusform>Removed %n leftover shared objects of programs that were killed.</numerusform>
        </translation>
    </message>
    <message>
        <source>Leftovers of killed programs</source>
        <translation>Leftovers of killed programs</translation>
    </message>
    <message numerus="yes">
        <source>%n shared object(s) in /dev/shm belong to programs that are no longer running, and no live program uses them. Remove them?</source>
        <translation>
            <numerusform>%n shared object in /dev/shm belong to programs that are no longer running, and no live program uses them. Remove them?</numerusform>
            <numerusform>%n shared objects in /dev/shm belong to programs that are no longer running, and no live program uses them. Remove them?</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Keep</translation>
    </message>
    <message numerus="yes">
        <source>Removed %n shared object(s).</source>
        <translation>
            <numerusform>Removed %n shared object.</numerusform>
            <numerusform>Removed %n shared objects.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Glossary</name>
    <message>
        <source>A running program with its own memory; multiprocessing.Process starts one.</source>
        <translation>A running program with its own memory; multiprocessing.Process starts one.</translation>
    </message>
    <message>
        <source>A process started by another process, its parent.</source>
        <translation>A process started by another process, its parent.</translation>
    </message>
    <message>
        <source>A child that is terminated when its parent ends; it may not start children.</source>
        <translation>A child that is terminated when its parent ends; it may not start children.</translation>
    </message>
    <message>
        <source>A fixed group of worker processes that run many tasks one after another.</source>
        <translation>A fixed group of worker processes that run many tasks one after another.</translation>
    </message>
    <message>
        <source>A first-in, first-out channel that many processes can put to and get from.</source>
        <translation>A first-in, first-out channel that many processes can put to and get from.</translation>
    </message>
    <message>
        <source>A connection with two ends; what one end sends, the other receives.</source>
        <translation>A connection with two ends; what one end sends, the other receives.</translation>
    </message>
    <message>
        <source>Lets only one process at a time run a critical section.</source>
        <translation>Lets only one process at a time run a critical section.</translation>
    </message>
    <message>
        <source>Memory that several processes can read and write directly.</source>
        <translation>Memory that several processes can read and write directly.</translation>
    </message>
    <message>
        <source>A process whose parent has ended; another process adopts it.</source>
        <translation>A process whose parent has ended; another process adopts it.</translation>
    </message>
    <message>
        <source>How a process ended: 0 ok, 1 an exception, -N killed by signal N.</source>
        <translation>How a process ended: 0 ok, 1 an exception, -N killed by signal N.</translation>
    </message>
    <message>
        <source>A process that has ended but whose exit code its parent has not read yet.</source>
        <translation>A process that has ended but whose exit code its parent has not read yet.</translation>
    </message>
    <message>
        <source>A marker such as None put last into a queue: no more data follows.</source>
        <translation>A marker such as None put last into a queue: no more data follows.</translation>
    </message>
    <message>
        <source>A function the pool calls with a task&apos;s result when it is ready.</source>
        <translation>A function the pool calls with a task&apos;s result when it is ready.</translation>
    </message>
    <message>
        <source>CPython&apos;s global interpreter lock: one thread at a time runs Python code.</source>
        <translation>CPython&apos;s global interpreter lock: one thread at a time runs Python code.</translation>
    </message>
</context>
<context>
    <name>GlossaryBar</name>
    <message>
        <source>Glossary (hover a word):</source>
        <translation>Glossary (hover a word):</translation>
    </message>
</context>
<context>
    <name>HeaderMeters</name>
    <message>
        <source>Load average: %1 %2 %3</source>
        <translation>Load average: %1 %2 %3</translation>
    </message>
    <message>
        <source>Tasks: %1, %2 running</source>
        <translation>Tasks: %1, %2 running</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>no swap</source>
        <translation>no swap</translation>
    </message>
    <message>
        <source>The machine now, as htop shows it: each CPU&apos;s use since the previous sample, memory in use (without caches), swap in use, the load average over 1, 5 and 15 minutes.</source>
        <translation>The machine now, as htop shows it: each CPU&apos;s use since the previous sample, memory in use (without caches), swap in use, the load average over 1, 5 and 15 minutes.</translation>
    </message>
    <message>
        <source>Mem</source>
        <translation>Mem</translation>
    </message>
    <message>
        <source>Swp</source>
        <translation>Swp</translation>
    </message>
    <message>
        <source>Reading the machine&apos;s meters…</source>
        <translation>Reading the machine&apos;s meters…</translation>
    </message>
</context>
<context>
    <name>HeldProcessModel</name>
    <message>
        <source>can move</source>
        <translation>can move</translation>
    </message>
    <message>
        <source>blocked: %1</source>
        <translation>blocked: %1</translation>
    </message>
    <message>
        <source>Double-click to let %1 do this operation</source>
        <translation>Double-click to let %1 do this operation</translation>
    </message>
    <message>
        <source>%1 would block now: %2</source>
        <translation>%1 would block now: %2</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Process</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>About to</source>
        <translation>About to</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>Object</translation>
    </message>
    <message>
        <source>Can it move?</source>
        <translation>Can it move?</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>py %1 · C++ %2</source>
        <translation>py %1 · C++ %2</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>line %1</translation>
    </message>
    <message>
        <source>C++ line %1</source>
        <translation>C++ line %1</translation>
    </message>
</context>
<context>
    <name>LaunchSpec</name>
    <message>
        <source>Sleep</source>
        <translation>Sleep</translation>
    </message>
    <message>
        <source>Busy CPU</source>
        <translation>Busy CPU</translation>
    </message>
    <message>
        <source>Print lines</source>
        <translation>Print lines</translation>
    </message>
    <message>
        <source>Produce to a queue</source>
        <translation>Produce to a queue</translation>
    </message>
    <message>
        <source>Consume from a queue</source>
        <translation>Consume from a queue</translation>
    </message>
    <message>
        <source>Hold a lock</source>
        <translation>Hold a lock</translation>
    </message>
    <message>
        <source>Fail with an exception</source>
        <translation>Fail with an exception</translation>
    </message>
    <message>
        <source>Crash with a signal</source>
        <translation>Crash with a signal</translation>
    </message>
    <message>
        <source>Spawn children</source>
        <translation>Spawn children</translation>
    </message>
    <message>
        <source>Echo server on 127.0.0.1</source>
        <translation>Echo server on 127.0.0.1</translation>
    </message>
    <message>
        <source>Max retries must be between 0 and 100.</source>
        <translation>Max retries must be between 0 and 100.</translation>
    </message>
    <message>
        <source>Back-off must be between 0 and 600 s.</source>
        <translation>Back-off must be between 0 and 600 s.</translation>
    </message>
    <message>
        <source>Working directory %1 does not exist.</source>
        <translation>Working directory %1 does not exist.</translation>
    </message>
    <message>
        <source>The shell command line is empty.</source>
        <translation>The shell command line is empty.</translation>
    </message>
    <message>
        <source>Permission denied: %1 is not executable.</source>
        <translation>Permission denied: %1 is not executable.</translation>
    </message>
    <message>
        <source>The command is empty.</source>
        <translation>The command is empty.</translation>
    </message>
    <message>
        <source>Program &quot;%1&quot; was not found in PATH.</source>
        <translation>Program &quot;%1&quot; was not found in PATH.</translation>
    </message>
    <message>
        <source>Program %1 does not exist.</source>
        <translation>Program %1 does not exist.</translation>
    </message>
    <message>
        <source>%1 is a directory, not a program.</source>
        <translation>%1 is a directory, not a program.</translation>
    </message>
    <message>
        <source>The fork start method is unsafe in the threaded GUI: use forkserver or spawn.</source>
        <translation>The fork start method is unsafe in the threaded GUI: use forkserver or spawn.</translation>
    </message>
    <message>
        <source>Seconds must be between 0 and 86400.</source>
        <translation>Seconds must be between 0 and 86400.</translation>
    </message>
    <message>
        <source>Interval must be between 0 and 3600 s.</source>
        <translation>Interval must be between 0 and 3600 s.</translation>
    </message>
    <message>
        <source>Count must be between 1 and 100,000,000.</source>
        <translation>Count must be between 1 and 100,000,000.</translation>
    </message>
    <message>
        <source>Count must not be negative.</source>
        <translation>Count must not be negative.</translation>
    </message>
    <message>
        <source>Children must be between 1 and 64.</source>
        <translation>Children must be between 1 and 64.</translation>
    </message>
    <message>
        <source>A daemon process may not create children.</source>
        <translation>A daemon process may not create children.</translation>
    </message>
    <message>
        <source>Signal must be between 1 and 64.</source>
        <translation>Signal must be between 1 and 64.</translation>
    </message>
    <message>
        <source>Port must be between 0 and 65535.</source>
        <translation>Port must be between 0 and 65535.</translation>
    </message>
    <message>
        <source>Choose a queue (create one in the Channels panel).</source>
        <translation>Choose a queue (create one in the Channels panel).</translation>
    </message>
    <message>
        <source>Choose a lock (create one in the Channels panel).</source>
        <translation>Choose a lock (create one in the Channels panel).</translation>
    </message>
    <message>
        <source>Start method %1 is none of fork, spawn, forkserver.</source>
        <translation>Start method %1 is none of fork, spawn, forkserver.</translation>
    </message>
    <message>
        <source>The Python bridge is not installed: the script would run unwatched. Untick &quot;Watch Python multiprocessing&quot; to run it anyway.</source>
        <translation>The Python bridge is not installed: the script would run unwatched. Untick &quot;Watch Python multiprocessing&quot; to run it anyway.</translation>
    </message>
    <message>
        <source>Count must be between 1 and %1.</source>
        <translation>Count must be between 1 and %1.</translation>
    </message>
    <message>
        <source>An environment line has no variable name before &apos;=&apos;.</source>
        <translation>An environment line has no variable name before &apos;=&apos;.</translation>
    </message>
    <message>
        <source>Environment variable name &quot;%1&quot; may not contain spaces or &apos;=&apos;.</source>
        <translation>Environment variable name &quot;%1&quot; may not contain spaces or &apos;=&apos;.</translation>
    </message>
</context>
<context>
    <name>LauncherDialog</name>
    <message>
        <source>New Process</source>
        <translation>New Process</translation>
    </message>
    <message>
        <source>Built-in &amp;task</source>
        <translation>Built-in &amp;task</translation>
    </message>
    <message>
        <source>External &amp;command</source>
        <translation>External &amp;command</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Process</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Daemon (terminated when its parent ends; may not have children)</source>
        <translation>Daemon (terminated when its parent ends; may not have children)</translation>
    </message>
    <message>
        <source>C&amp;ount (copies):</source>
        <translation>C&amp;ount (copies):</translation>
    </message>
    <message>
        <source>Start now (otherwise it waits in state &quot;created&quot; until Start)</source>
        <translation>Start now (otherwise it waits in state &quot;created&quot; until Start)</translation>
    </message>
    <message>
        <source>Never restart</source>
        <translation>Never restart</translation>
    </message>
    <message>
        <source>Restart on failure</source>
        <translation>Restart on failure</translation>
    </message>
    <message>
        <source>max retries</source>
        <translation>max retries</translation>
    </message>
    <message>
        <source>back-off (s, doubles)</source>
        <translation>back-off (s, doubles)</translation>
    </message>
    <message>
        <source>&amp;Launch</source>
        <translation>&amp;Launch</translation>
    </message>
    <message>
        <source>fork is not offered: forking the threaded GUI is unsafe.</source>
        <translation>fork is not offered: forking the threaded GUI is unsafe.</translation>
    </message>
    <message>
        <source>Seconds:</source>
        <translation>Seconds:</translation>
    </message>
    <message>
        <source>Count:</source>
        <translation>Count:</translation>
    </message>
    <message>
        <source>Interval (s):</source>
        <translation>Interval (s):</translation>
    </message>
    <message>
        <source>Object:</source>
        <translation>Object:</translation>
    </message>
    <message>
        <source>Message:</source>
        <translation>Message:</translation>
    </message>
    <message>
        <source>Signal:</source>
        <translation>Signal:</translation>
    </message>
    <message>
        <source>Port (0: any):</source>
        <translation>Port (0: any):</translation>
    </message>
    <message>
        <source>Start method:</source>
        <translation>Start method:</translation>
    </message>
    <message>
        <source>Run through the shell (/bin/sh -c)</source>
        <translation>Run through the shell (/bin/sh -c)</translation>
    </message>
    <message>
        <source>One argument per line: the program first, e.g.
sleep
30</source>
        <translation>One argument per line: the program first, e.g.
sleep
30</translation>
    </message>
    <message>
        <source>default: ProcLab&apos;s working directory</source>
        <translation>default: ProcLab&apos;s working directory</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Working Directory</source>
        <translation>Working Directory</translation>
    </message>
    <message>
        <source>NAME=value, one per line (added to the environment)</source>
        <translation>NAME=value, one per line (added to the environment)</translation>
    </message>
    <message>
        <source>Arguments:</source>
        <translation>Arguments:</translation>
    </message>
    <message>
        <source>Command line:</source>
        <translation>Command line:</translation>
    </message>
    <message>
        <source>Runs:</source>
        <translation>Runs:</translation>
    </message>
    <message>
        <source>Working directory:</source>
        <translation>Working directory:</translation>
    </message>
    <message>
        <source>Environment:</source>
        <translation>Environment:</translation>
    </message>
    <message>
        <source>Sleeps for the given seconds, then exits with 0.</source>
        <translation>Sleeps for the given seconds, then exits with 0.</translation>
    </message>
    <message>
        <source>Spins on one CPU for the given seconds: watch CPU % rise.</source>
        <translation>Spins on one CPU for the given seconds: watch CPU % rise.</translation>
    </message>
    <message>
        <source>Prints numbered lines to stdout (interval 0: as fast as possible).</source>
        <translation>Prints numbered lines to stdout (interval 0: as fast as possible).</translation>
    </message>
    <message>
        <source>Puts items on a queue; it blocks while the queue is full.</source>
        <translation>Puts items on a queue; it blocks while the queue is full.</translation>
    </message>
    <message>
        <source>Gets items from a queue; it blocks while the queue is empty (count 0: until idle for the interval).</source>
        <translation>Gets items from a queue; it blocks while the queue is empty (count 0: until idle for the interval).</translation>
    </message>
    <message>
        <source>Acquires a lock and holds it: start two to see one blocked on the other.</source>
        <translation>Acquires a lock and holds it: start two to see one blocked on the other.</translation>
    </message>
    <message>
        <source>Raises an exception: exit code 1 and the message on stderr.</source>
        <translation>Raises an exception: exit code 1 and the message on stderr.</translation>
    </message>
    <message>
        <source>Kills itself with a signal: the exit code is minus the signal number.</source>
        <translation>Kills itself with a signal: the exit code is minus the signal number.</translation>
    </message>
    <message>
        <source>Starts child processes that sleep, then joins them: a small tree.</source>
        <translation>Starts child processes that sleep, then joins them: a small tree.</translation>
    </message>
    <message>
        <source>Echoes what clients send on 127.0.0.1 (port 0: any free port, printed); seconds 0: until stopped.</source>
        <translation>Echoes what clients send on 127.0.0.1 (port 0: any free port, printed); seconds 0: until stopped.</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not a valid number.</source>
        <translation>%1: &quot;%2&quot; is not a valid number.</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>Max retries</source>
        <translation>Max retries</translation>
    </message>
    <message>
        <source>Back-off</source>
        <translation>Back-off</translation>
    </message>
    <message>
        <source>Environment: &quot;%1&quot; is not NAME=value.</source>
        <translation>Environment: &quot;%1&quot; is not NAME=value.</translation>
    </message>
    <message>
        <source>Seconds</source>
        <translation>Seconds</translation>
    </message>
    <message>
        <source>Interval</source>
        <translation>Interval</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Restart:</source>
        <translation>Restart:</translation>
    </message>
    <message>
        <source>Watch Python multiprocessing (its processes, queues, locks and pools show live)</source>
        <translation>Watch Python multiprocessing (its processes, queues, locks and pools show live)</translation>
    </message>
    <message>
        <source>1 to %1 copies, named name-1 … name-N; they start one after another without holding up the window (progress in the status bar).</source>
        <translation>1 to %1 copies, named name-1 … name-N; they start one after another without holding up the window (progress in the status bar).</translation>
    </message>
    <message>
        <source>default: the program&apos;s name; a built-in task is Process-N, as in Python</source>
        <translation>default: the program&apos;s name; a built-in task is Process-N, as in Python</translation>
    </message>
</context>
<context>
    <name>LessonBrowser</name>
    <message>
        <source>Processes 进程</source>
        <translation>Processes 进程</translation>
    </message>
    <message>
        <source>Locks 锁</source>
        <translation>Locks 锁</translation>
    </message>
    <message>
        <source>Queues 队列</source>
        <translation>Queues 队列</translation>
    </message>
    <message>
        <source>Pipes 管道</source>
        <translation>Pipes 管道</translation>
    </message>
    <message>
        <source>Pools 进程池</source>
        <translation>Pools 进程池</translation>
    </message>
    <message>
        <source>Managers 管理器</source>
        <translation>Managers 管理器</translation>
    </message>
    <message>
        <source>Other lessons</source>
        <translation>Other lessons</translation>
    </message>
    <message>
        <source>(needs %1)</source>
        <translation>(needs %1)</translation>
    </message>
    <message>
        <source>Cannot run yet: %1</source>
        <translation>Cannot run yet: %1</translation>
    </message>
    <message>
        <source>Lesson files with errors</source>
        <translation>Lesson files with errors</translation>
    </message>
    <message>
        <source>Search lessons (title, topic, number)…</source>
        <translation>Search lessons (title, topic, number)…</translation>
    </message>
    <message>
        <source>Shared memory 共享内存</source>
        <translation>Shared memory 共享内存</translation>
    </message>
    <message>
        <source>Advanced 进阶</source>
        <translation>Advanced 进阶</translation>
    </message>
    <message>
        <source>Be the scheduler 当调度器</source>
        <translation>Be the scheduler 当调度器</translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <source>Cannot use the lesson file %1</source>
        <translation>Cannot use the lesson file %1</translation>
    </message>
    <message>
        <source>Step mode: press Step for each step, Run to End for the rest.</source>
        <translation>Step mode: press Step for each step, Run to End for the rest.</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Running…</translation>
    </message>
    <message>
        <source>The lesson has ended.</source>
        <translation>The lesson has ended.</translation>
    </message>
    <message>
        <source>The lesson was stopped (its processes were killed).</source>
        <translation>The lesson was stopped (its processes were killed).</translation>
    </message>
    <message>
        <source>The lesson ended with an error (exit code %1).</source>
        <translation>The lesson ended with an error (exit code %1).</translation>
    </message>
    <message>
        <source>en</source>
        <extracomment>The language of the lessons&apos; titles and explanations: &quot;en&quot; or &quot;zh_CN&quot; (not shown).</extracomment>
        <translation>en</translation>
    </message>
    <message>
        <source>Paused: every process of the lesson is stopped (state T). Resume continues them.</source>
        <translation>Paused: every process of the lesson is stopped (state T). Resume continues them.</translation>
    </message>
    <message>
        <source>Restarting…</source>
        <translation>Restarting…</translation>
    </message>
    <message>
        <source>Running the Python code (python3, watched)…</source>
        <translation>Running the Python code (python3, watched)…</translation>
    </message>
    <message>
        <source>Running the C++ twin…</source>
        <translation>Running the C++ twin…</translation>
    </message>
    <message>
        <source>The lesson could not start: %1</source>
        <translation>The lesson could not start: %1</translation>
    </message>
    <message>
        <source>Starting the lesson…</source>
        <translation>Starting the lesson…</translation>
    </message>
    <message>
        <source>Goal reached: %1</source>
        <translation>Goal reached: %1</translation>
    </message>
</context>
<context>
    <name>LessonRun</name>
    <message>
        <source>The lesson is still running.</source>
        <translation>The lesson is still running.</translation>
    </message>
    <message>
        <source>Cannot find proclab-cli (looked for %1).</source>
        <translation>Cannot find proclab-cli (looked for %1).</translation>
    </message>
</context>
<context>
    <name>LessonView</name>
    <message>
        <source>Lesson %1: %2</source>
        <translation>Lesson %1: %2</translation>
    </message>
    <message>
        <source>This lesson cannot run yet: %1. Read its code; the Run button is off.</source>
        <translation>This lesson cannot run yet: %1. Read its code; the Run button is off.</translation>
    </message>
    <message>
        <source>Nothing runs: fix the lesson file, then choose it again.</source>
        <translation>Nothing runs: fix the lesson file, then choose it again.</translation>
    </message>
    <message>
        <source>Step %1 of %2 (Python line %3, C++ line %4)</source>
        <translation>Step %1 of %2 (Python line %3, C++ line %4)</translation>
    </message>
    <message>
        <source>Run to &amp;End</source>
        <translation>Run to &amp;End</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Run</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>Res&amp;ume</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>Run the lesson&apos;s main program as a real process; its processes appear in the table.</source>
        <translation>Run the lesson&apos;s main program as a real process; its processes appear in the table.</translation>
    </message>
    <message>
        <source>Stop the whole process tree of the lesson (SIGSTOP); again to continue (SIGCONT).</source>
        <translation>Stop the whole process tree of the lesson (SIGSTOP); again to continue (SIGCONT).</translation>
    </message>
    <message>
        <source>S&amp;tep</source>
        <translation>S&amp;tep</translation>
    </message>
    <message>
        <source>Let the main program run one step, then wait.</source>
        <translation>Let the main program run one step, then wait.</translation>
    </message>
    <message>
        <source>Re&amp;start</source>
        <translation>Re&amp;start</translation>
    </message>
    <message>
        <source>Kill the lesson&apos;s processes and run it again from the start.</source>
        <translation>Kill the lesson&apos;s processes and run it again from the start.</translation>
    </message>
    <message>
        <source>St&amp;op</source>
        <translation>St&amp;op</translation>
    </message>
    <message>
        <source>Kill the lesson&apos;s whole process tree.</source>
        <translation>Kill the lesson&apos;s whole process tree.</translation>
    </message>
    <message>
        <source>Spee&amp;d:</source>
        <translation>Spee&amp;d:</translation>
    </message>
    <message>
        <source>Sleeps and timeouts are divided by this factor: at 4 × a 10-second lesson takes 2.5 s. Used from the next run.</source>
        <translation>Sleeps and timeouts are divided by this factor: at 4 × a 10-second lesson takes 2.5 s. Used from the next run.</translation>
    </message>
    <message>
        <source>What happened: seconds since the start, [process PID], what it did:</source>
        <translation>What happened: seconds since the start, [process PID], what it did:</translation>
    </message>
    <message>
        <source>The Python program of the tutorial</source>
        <translation>The Python program of the tutorial</translation>
    </message>
    <message>
        <source>The same program with ProcLab in C++</source>
        <translation>The same program with ProcLab in C++</translation>
    </message>
    <message>
        <source>R&amp;uns:</source>
        <translation>R&amp;uns:</translation>
    </message>
    <message>
        <source>C++ twin</source>
        <translation>C++ twin</translation>
    </message>
    <message>
        <source>Python code</source>
        <translation>Python code</translation>
    </message>
    <message>
        <source>Run the lesson&apos;s C++ twin, or its Python code itself with python3, watched live: its processes, queues and pools appear in the table. Either one runs step by step with Step.</source>
        <translation>Run the lesson&apos;s C++ twin, or its Python code itself with python3, watched live: its processes, queues and pools appear in the table. Either one runs step by step with Step.</translation>
    </message>
    <message>
        <source>Goal (turn on scheduler mode in the Scheduler dock, then run): %1</source>
        <translation>Goal (turn on scheduler mode in the Scheduler dock, then run): %1</translation>
    </message>
</context>
<context>
    <name>MainActions</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Attach to Session…</source>
        <translation>&amp;Attach to Session…</translation>
    </message>
    <message>
        <source>Watch another program started with PROCLAB_SESSION=&lt;name&gt;</source>
        <translation>Watch another program started with PROCLAB_SESSION=&lt;name&gt;</translation>
    </message>
    <message>
        <source>&amp;Export Table as CSV…</source>
        <translation>&amp;Export Table as CSV…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>Close ProcLab</source>
        <translation>Close ProcLab</translation>
    </message>
    <message>
        <source>&amp;Process</source>
        <translation>&amp;Process</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Pause Updates</source>
        <translation>&amp;Pause Updates</translation>
    </message>
    <message>
        <source>Freeze the tables on the last sample (the processes keep running).</source>
        <translation>Freeze the tables on the last sample (the processes keep running).</translation>
    </message>
    <message>
        <source>Process &amp;Tree</source>
        <translation>Process &amp;Tree</translation>
    </message>
    <message>
        <source>Refresh &amp;Rate</source>
        <translation>Refresh &amp;Rate</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>System Language</source>
        <translation>System Language</translation>
    </message>
    <message>
        <source>&amp;Lessons…</source>
        <translation>&amp;Lessons…</translation>
    </message>
    <message>
        <source>Step-by-step lessons: Python&apos;s multiprocessing examples run for real</source>
        <translation>Step-by-step lessons: Python&apos;s multiprocessing examples run for real</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About ProcLab</source>
        <translation>&amp;About ProcLab</translation>
    </message>
    <message>
        <source>Show ProcLab&apos;s version and license</source>
        <translation>Show ProcLab&apos;s version and license</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>About &amp;Qt</translation>
    </message>
    <message>
        <source>Show the version of Qt in use</source>
        <translation>Show the version of Qt in use</translation>
    </message>
    <message>
        <source>&amp;Scope</source>
        <translation>&amp;Scope</translation>
    </message>
    <message>
        <source>This Session</source>
        <translation>This Session</translation>
    </message>
    <message>
        <source>The processes of this session and their descendants (children of launched commands).</source>
        <translation>The processes of this session and their descendants (children of launched commands).</translation>
    </message>
    <message>
        <source>My Processes</source>
        <translation>My Processes</translation>
    </message>
    <message>
        <source>Every process of your user on this machine, with ps&apos;s columns.</source>
        <translation>Every process of your user on this machine, with ps&apos;s columns.</translation>
    </message>
    <message>
        <source>All Processes</source>
        <translation>All Processes</translation>
    </message>
    <message>
        <source>Every process on this machine, as htop shows them.</source>
        <translation>Every process on this machine, as htop shows them.</translation>
    </message>
    <message>
        <source>Which processes the table shows (View ▸ Scope).</source>
        <translation>Which processes the table shows (View ▸ Scope).</translation>
    </message>
    <message>
        <source>Run &amp;Python Script…</source>
        <translation>Run &amp;Python Script…</translation>
    </message>
    <message>
        <source>Run a Python multiprocessing program and watch its processes live</source>
        <translation>Run a Python multiprocessing program and watch its processes live</translation>
    </message>
    <message>
        <source>Run the &amp;Demo</source>
        <translation>Run the &amp;Demo</translation>
    </message>
    <message>
        <source>Start the demo: a producer, consumers, a pool and a lock, to see every view at work</source>
        <translation>Start the demo: a producer, consumers, a pool and a lock, to see every view at work</translation>
    </message>
    <message>
        <source>Refresh &amp;Now</source>
        <translation>Refresh &amp;Now</translation>
    </message>
    <message>
        <source>Run with &amp;MPI…</source>
        <translation>Run with &amp;MPI…</translation>
    </message>
    <message>
        <source>Run a program on several MPI ranks with mpirun and watch its ranks live</source>
        <translation>Run a program on several MPI ranks with mpirun and watch its ranks live</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>ProcLab — Process Laboratory</source>
        <translation>ProcLab — Process Laboratory</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>Exported to %1</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Output</translation>
    </message>
    <message>
        <source>Channels and Locks</source>
        <translation>Channels and Locks</translation>
    </message>
    <message>
        <source>Plots</source>
        <translation>Plots</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>Lessons</translation>
    </message>
    <message>
        <source>Scheduler</source>
        <translation>Scheduler</translation>
    </message>
</context>
<context>
    <name>MpiRunDialog</name>
    <message>
        <source>More ranks than cores (--oversubscribe)</source>
        <translation>More ranks than cores (--oversubscribe)</translation>
    </message>
    <message>
        <source>Run with MPI</source>
        <translation>Run with MPI</translation>
    </message>
    <message>
        <source>Starts the program on several MPI ranks with mpirun (Open MPI). The ranks on this computer join this session: the worker ranks of a ProcLab MPI pool appear as pool workers named host:rank.</source>
        <translation>Starts the program on several MPI ranks with mpirun (Open MPI). The ranks on this computer join this session: the worker ranks of a ProcLab MPI pool appear as pool workers named host:rank.</translation>
    </message>
    <message>
        <source>an MPI program</source>
        <translation>an MPI program</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>MPI Program</source>
        <translation>MPI Program</translation>
    </message>
    <message>
        <source>as in a shell, e.g. --size 1000 &quot;two words&quot;</source>
        <translation>as in a shell, e.g. --size 1000 &quot;two words&quot;</translation>
    </message>
    <message>
        <source>mpirun -np: rank 0 runs main(), the other ranks serve its MPI pool.</source>
        <translation>mpirun -np: rank 0 runs main(), the other ranks serve its MPI pool.</translation>
    </message>
    <message>
        <source>optional: the machines and their slots, e.g. node01 slots=16</source>
        <translation>optional: the machines and their slots, e.g. node01 slots=16</translation>
    </message>
    <message>
        <source>Hostfile</source>
        <translation>Hostfile</translation>
    </message>
    <message>
        <source>Without it, mpirun refuses to start more ranks than the machines have cores.</source>
        <translation>Without it, mpirun refuses to start more ranks than the machines have cores.</translation>
    </message>
    <message>
        <source>Program:</source>
        <translation>Program:</translation>
    </message>
    <message>
        <source>Arguments:</source>
        <translation>Arguments:</translation>
    </message>
    <message>
        <source>Ranks:</source>
        <translation>Ranks:</translation>
    </message>
    <message>
        <source>Hostfile:</source>
        <translation>Hostfile:</translation>
    </message>
    <message>
        <source>Command:</source>
        <translation>Command:</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Run</translation>
    </message>
    <message>
        <source>Running as root: mpirun is allowed to run as root (OMPI_ALLOW_RUN_AS_ROOT=1, OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1).</source>
        <translation>Running as root: mpirun is allowed to run as root (OMPI_ALLOW_RUN_AS_ROOT=1, OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1).</translation>
    </message>
    <message>
        <source>Choose a program to run.</source>
        <translation>Choose a program to run.</translation>
    </message>
    <message>
        <source>The number of ranks must be at least 1.</source>
        <translation>The number of ranks must be at least 1.</translation>
    </message>
    <message>
        <source>Hostfile %1 does not exist.</source>
        <translation>Hostfile %1 does not exist.</translation>
    </message>
    <message>
        <source>Hostfile %1 cannot be read.</source>
        <translation>Hostfile %1 cannot be read.</translation>
    </message>
    <message>
        <source>mpirun was not found in PATH: install Open MPI (Debian: openmpi-bin).</source>
        <translation>mpirun was not found in PATH: install Open MPI (Debian: openmpi-bin).</translation>
    </message>
</context>
<context>
    <name>ObjectsModel</name>
    <message>
        <source>%1 / unbounded</source>
        <translation>%1 / unbounded</translation>
    </message>
    <message numerus="yes">
        <source>%n in flight</source>
        <translation>
            <numerusform>%n in flight</numerusform>
            <numerusform>%n in flight</numerusform>
        </translation>
    </message>
    <message>
        <source>held</source>
        <translation>held</translation>
    </message>
    <message>
        <source>free</source>
        <translation>free</translation>
    </message>
    <message>
        <source>set</source>
        <translation>set</translation>
    </message>
    <message>
        <source>clear</source>
        <translation>clear</translation>
    </message>
    <message>
        <source>value %1</source>
        <translation>value %1</translation>
    </message>
    <message numerus="yes">
        <source>%n parties</source>
        <translation>
            <numerusform>%n party</numerusform>
            <numerusform>%n parties</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 workers · %2 queued · %3 running</source>
        <translation>%1 workers · %2 queued · %3 running</translation>
    </message>
    <message>
        <source>%1 put · %2 got</source>
        <translation>%1 put · %2 got</translation>
    </message>
    <message>
        <source>%1 done · %2 failed · %3 lost</source>
        <translation>%1 done · %2 failed · %3 lost</translation>
    </message>
    <message>
        <source>Messages waiting in the queue / its maxsize.</source>
        <translation>Messages waiting in the queue / its maxsize.</translation>
    </message>
    <message>
        <source>Processes or threads sleeping on this object.</source>
        <translation>Processes or threads sleeping on this object.</translation>
    </message>
    <message>
        <source>The shared object&apos;s name: any process of the session can open it by this name.</source>
        <translation>The shared object&apos;s name: any process of the session can open it by this name.</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Creator</source>
        <translation>Creator</translation>
    </message>
    <message>
        <source>Depth / capacity</source>
        <translation>Depth / capacity</translation>
    </message>
    <message>
        <source>Puts/s</source>
        <translation>Puts/s</translation>
    </message>
    <message>
        <source>Gets/s</source>
        <translation>Gets/s</translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>Totals</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>Waiters</source>
        <translation>Waiters</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>Pipe</source>
        <translation>Pipe</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>RLock</source>
        <translation>RLock</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>Semaphore</source>
        <translation>Semaphore</translation>
    </message>
    <message>
        <source>BoundedSemaphore</source>
        <translation>BoundedSemaphore</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>Condition</translation>
    </message>
    <message>
        <source>Barrier</source>
        <translation>Barrier</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Array</source>
        <translation>Array</translation>
    </message>
    <message>
        <source>Shared memory</source>
        <translation>Shared memory</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>Pool</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Manager</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Process</translation>
    </message>
</context>
<context>
    <name>OutputModel</name>
    <message>
        <source>stderr of PID %1</source>
        <translation>stderr of PID %1</translation>
    </message>
    <message>
        <source>stdout of PID %1</source>
        <translation>stdout of PID %1</translation>
    </message>
</context>
<context>
    <name>OutputPanel</name>
    <message numerus="yes">
        <source>%n older line(s) dropped</source>
        <translation>
            <numerusform>%n older line dropped</numerusform>
            <numerusform>%n older lines dropped</numerusform>
        </translation>
    </message>
    <message>
        <source>All processes</source>
        <translation>All processes</translation>
    </message>
    <message>
        <source>Search output…</source>
        <translation>Search output…</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Follow</translation>
    </message>
    <message>
        <source>Keep the newest line in view.</source>
        <translation>Keep the newest line in view.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Forget the output captured so far.</source>
        <translation>Forget the output captured so far.</translation>
    </message>
    <message>
        <source>stderr merged for some processes</source>
        <translation>stderr merged for some processes</translation>
    </message>
    <message>
        <source>stderr merged: exact order</source>
        <translation>stderr merged: exact order</translation>
    </message>
    <message>
        <source>stderr apart: order as read</source>
        <translation>stderr apart: order as read</translation>
    </message>
    <message>
        <source>Merge stderr (2&gt;&amp;&amp;1)</source>
        <translation>Merge stderr (2&gt;&amp;&amp;1)</translation>
    </message>
    <message>
        <source>For processes launched from now on: stderr goes into stdout (2&gt;&amp;1), so lines keep the exact order in which they were written, but are no longer marked as errors.</source>
        <translation>For processes launched from now on: stderr goes into stdout (2&gt;&amp;1), so lines keep the exact order in which they were written, but are no longer marked as errors.</translation>
    </message>
    <message>
        <source>Apart, stdout and stderr are two pipes read together: lines keep the order in which they were read, which can differ from the order in which they were written. Errors have a cap of their own: an output flood never drops them.</source>
        <translation>Apart, stdout and stderr are two pipes read together: lines keep the order in which they were read, which can differ from the order in which they were written. Errors have a cap of their own: an output flood never drops them.</translation>
    </message>
</context>
<context>
    <name>PlotExport</name>
    <message>
        <source>Nothing to export.</source>
        <translation>Nothing to export.</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>Could not write %1.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Could not write %1: %2</translation>
    </message>
</context>
<context>
    <name>PlotsPanel</name>
    <message>
        <source>Pool timeline</source>
        <translation>Pool timeline</translation>
    </message>
    <message>
        <source>What each pool worker did and when: tasks, idle time, the caller&apos;s waits</source>
        <translation>What each pool worker did and when: tasks, idle time, the caller&apos;s waits</translation>
    </message>
    <message>
        <source>Queues</source>
        <translation>Queues</translation>
    </message>
    <message>
        <source>Messages waiting in each queue and pipe over time</source>
        <translation>Messages waiting in each queue and pipe over time</translation>
    </message>
    <message>
        <source>Who waits on what</source>
        <translation>Who waits on what</translation>
    </message>
    <message>
        <source>The wait-for graph: a red loop is a deadlock</source>
        <translation>The wait-for graph: a red loop is a deadlock</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>Processes</translation>
    </message>
    <message>
        <source>Lifetimes, join() waits, daemons and children never joined</source>
        <translation>Lifetimes, join() waits, daemons and children never joined</translation>
    </message>
    <message>
        <source>CPU and memory</source>
        <translation>CPU and memory</translation>
    </message>
    <message>
        <source>CPU % and memory of one process</source>
        <translation>CPU % and memory of one process</translation>
    </message>
    <message>
        <source>Follow live</source>
        <translation>Follow live</translation>
    </message>
    <message>
        <source>Save as PNG/PDF…</source>
        <translation>Save as PNG/PDF…</translation>
    </message>
    <message>
        <source>Save the plot shown as an image (PNG) or a document (PDF)</source>
        <translation>Save the plot shown as an image (PNG) or a document (PDF)</translation>
    </message>
    <message>
        <source>Save trace…</source>
        <translation>Save trace…</translation>
    </message>
    <message>
        <source>Save the session&apos;s events as a Chrome trace (open it in ui.perfetto.dev)</source>
        <translation>Save the session&apos;s events as a Chrome trace (open it in ui.perfetto.dev)</translation>
    </message>
    <message>
        <source>Stop recording</source>
        <translation>Stop recording</translation>
    </message>
    <message>
        <source>Record…</source>
        <translation>Record…</translation>
    </message>
    <message>
        <source>Record the session to a file, to replay it later</source>
        <translation>Record the session to a file, to replay it later</translation>
    </message>
    <message>
        <source>Open recording…</source>
        <translation>Open recording…</translation>
    </message>
    <message>
        <source>Back to live</source>
        <translation>Back to live</translation>
    </message>
    <message>
        <source>The process whose CPU and memory are plotted</source>
        <translation>The process whose CPU and memory are plotted</translation>
    </message>
    <message>
        <source>%1 (pid %2)</source>
        <translation>%1 (pid %2)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <source>Saved %1 (open it in ui.perfetto.dev)</source>
        <translation>Saved %1 (open it in ui.perfetto.dev)</translation>
    </message>
    <message>
        <source>Recording to %1</source>
        <translation>Recording to %1</translation>
    </message>
    <message numerus="yes">
        <source>Recorded %n tick(s) to %1</source>
        <translation>
            <numerusform>Recorded %n tick to %1</numerusform>
            <numerusform>Recorded %n ticks to %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Replaying %1: drag the slider to any moment</source>
        <translation>Replaying %1: drag the slider to any moment</translation>
    </message>
    <message>
        <source>Save the plot</source>
        <translation>Save the plot</translation>
    </message>
    <message>
        <source>Save the Chrome trace</source>
        <translation>Save the Chrome trace</translation>
    </message>
    <message>
        <source>Chrome trace (*.json)</source>
        <translation>Chrome trace (*.json)</translation>
    </message>
    <message>
        <source>Record the session to</source>
        <translation>Record the session to</translation>
    </message>
    <message>
        <source>ProcLab recording (*.plrec)</source>
        <translation>ProcLab recording (*.plrec)</translation>
    </message>
    <message>
        <source>Open a recording</source>
        <translation>Open a recording</translation>
    </message>
    <message>
        <source>ProcLab recording (*.plrec);;All files (*)</source>
        <translation>ProcLab recording (*.plrec);;All files (*)</translation>
    </message>
    <message>
        <source>Saving %1…</source>
        <translation>Saving %1…</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>Opening %1…</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG image (*.png)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF document (*.pdf)</translation>
    </message>
</context>
<context>
    <name>PoolTimelinePlot</name>
    <message>
        <source>Follow live</source>
        <translation>Follow live</translation>
    </message>
    <message>
        <source>Keep the newest moment in view. Dragging or zooming the plot turns it off.</source>
        <translation>Keep the newest moment in view. Dragging or zooming the plot turns it off.</translation>
    </message>
    <message>
        <source>task done</source>
        <translation>task done</translation>
    </message>
    <message>
        <source>task raised</source>
        <translation>task raised</translation>
    </message>
    <message>
        <source>task lost (worker died)</source>
        <translation>task lost (worker died)</translation>
    </message>
    <message>
        <source>running</source>
        <translation>running</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>idle</translation>
    </message>
    <message>
        <source>caller waits (get)</source>
        <translation>caller waits (get)</translation>
    </message>
    <message>
        <source>caller waits (join)</source>
        <translation>caller waits (join)</translation>
    </message>
    <message>
        <source>Worker insights</source>
        <translation>Worker insights</translation>
    </message>
    <message>
        <source>seconds since the session started (wheel: zoom, drag: pan)</source>
        <translation>seconds since the session started (wheel: zoom, drag: pan)</translation>
    </message>
    <message>
        <source>worker %1</source>
        <translation>worker %1</translation>
    </message>
    <message>
        <source> (ended)</source>
        <translation> (ended)</translation>
    </message>
    <message>
        <source>caller %1 (%2)</source>
        <translation>caller %1 (%2)</translation>
    </message>
    <message>
        <source>join(%1)</source>
        <translation>join(%1)</translation>
    </message>
    <message>
        <source>Task %1 running on worker %2 for %3</source>
        <translation>Task %1 running on worker %2 for %3</translation>
    </message>
    <message>
        <source>%1 is waiting (%2 so far)</source>
        <translation>%1 is waiting (%2 so far)</translation>
    </message>
    <message>
        <source>%1 tasks between %2 s and %3 s (older history, aggregated): busy %4 %, %5 raised, %6 lost</source>
        <translation>%1 tasks between %2 s and %3 s (older history, aggregated): busy %4 %, %5 raised, %6 lost</translation>
    </message>
    <message>
        <source>%1: idle</source>
        <translation>%1: idle</translation>
    </message>
    <message>
        <source>join(%1): waited for child %1 to end</source>
        <translation>join(%1): waited for child %1 to end</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 on %2</translation>
    </message>
    <message>
        <source>object %1</source>
        <translation>object %1</translation>
    </message>
    <message>
        <source>%1
Waited %2 (from %3 s)</source>
        <translation>%1
Waited %2 (from %3 s)</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>raised an exception</source>
        <translation>raised an exception</translation>
    </message>
    <message>
        <source>lost: the worker died while running it</source>
        <translation>lost: the worker died while running it</translation>
    </message>
    <message>
        <source>(not seen)</source>
        <translation>(not seen)</translation>
    </message>
    <message>
        <source>Task %1
Function: %2
Arguments: not recorded by the session
Duration: %3 (from %4 s)
Worker pid: %5
Outcome: %6</source>
        <translation>Task %1
Function: %2
Arguments: not recorded by the session
Duration: %3 (from %4 s)
Worker pid: %5
Outcome: %6</translation>
    </message>
    <message>
        <source>Busy share per worker</source>
        <translation>Busy share per worker</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s)</source>
        <translation>
            <numerusform>%n task</numerusform>
            <numerusform>%n tasks</numerusform>
        </translation>
    </message>
    <message>
        <source>no task yet</source>
        <translation>no task yet</translation>
    </message>
    <message>
        <source>Five slowest tasks</source>
        <translation>Five slowest tasks</translation>
    </message>
    <message>
        <source>task %1</source>
        <translation>task %1</translation>
    </message>
    <message>
        <source>on worker %1</source>
        <translation>on worker %1</translation>
    </message>
    <message>
        <source>%1: %2 of %3 tasks%4</source>
        <translation>%1: %2 of %3 tasks%4</translation>
    </message>
    <message>
        <source> (closed)</source>
        <translation> (closed)</translation>
    </message>
    <message>
        <source>%1 done, %2 raised, %3 lost, %4 running, %5 waiting in the pool&apos;s queue</source>
        <translation>%1 done, %2 raised, %3 lost, %4 running, %5 waiting in the pool&apos;s queue</translation>
    </message>
    <message>
        <source>#%1 running</source>
        <translation>#%1 running</translation>
    </message>
    <message>
        <source>raised %1</source>
        <translation>raised %1</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more worker(s)</source>
        <translation>
            <numerusform>… and %n more worker</numerusform>
            <numerusform>… and %n more workers</numerusform>
        </translation>
    </message>
    <message>
        <source>worker %1 (%2)</source>
        <translation>worker %1 (%2)</translation>
    </message>
</context>
<context>
    <name>ProcessCommands</name>
    <message>
        <source>Send any signal, chosen by name, to the selected processes.</source>
        <translation>Send any signal, chosen by name, to the selected processes.</translation>
    </message>
    <message>
        <source>Change the nice value (priority) of the selected processes; a lower value needs privileges.</source>
        <translation>Change the nice value (priority) of the selected processes; a lower value needs privileges.</translation>
    </message>
    <message>
        <source>Copy the selected PIDs to the clipboard.</source>
        <translation>Copy the selected PIDs to the clipboard.</translation>
    </message>
    <message>
        <source>Command line, working directory, environment, open files, limits and memory of the process.</source>
        <translation>Command line, working directory, environment, open files, limits and memory of the process.</translation>
    </message>
    <message>
        <source>Show &amp;Ended Processes</source>
        <translation>Show &amp;Ended Processes</translation>
    </message>
    <message>
        <source>Show processes that have exited or were killed.</source>
        <translation>Show processes that have exited or were killed.</translation>
    </message>
    <message>
        <source>C&amp;lear Ended</source>
        <translation>C&amp;lear Ended</translation>
    </message>
    <message>
        <source>Remove the processes that have ended from the table.</source>
        <translation>Remove the processes that have ended from the table.</translation>
    </message>
    <message>
        <source>Ask before Kill, Kill Tree and any action on more than %1 processes.</source>
        <translation>Ask before Kill, Kill Tree and any action on more than %1 processes.</translation>
    </message>
    <message>
        <source>SIGKILL ends a process at once: it cannot clean up or save anything.</source>
        <translation>SIGKILL ends a process at once: it cannot clean up or save anything.</translation>
    </message>
    <message>
        <source>Every descendant of each process is killed too, with SIGKILL.</source>
        <translation>Every descendant of each process is killed too, with SIGKILL.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n process(es) (PID %2)?</source>
        <translation>
            <numerusform>%1: %n process(es) (PID %2)?</numerusform>
            <numerusform>%1: %n process(es) (PID %2)?</numerusform>
        </translation>
    </message>
    <message>
        <source>Don&apos;t ask again</source>
        <translation>Don&apos;t ask again</translation>
    </message>
    <message>
        <source>Process ▸ Confirm Dangerous Actions asks again.</source>
        <translation>Process ▸ Confirm Dangerous Actions asks again.</translation>
    </message>
    <message>
        <source>Send Signal</source>
        <translation>Send Signal</translation>
    </message>
    <message numerus="yes">
        <source>Signal to send to %n process(es):</source>
        <translation>
            <numerusform>Signal to send to %n process(es):</numerusform>
            <numerusform>Signal to send to %n process(es):</numerusform>
        </translation>
    </message>
    <message>
        <source>Send %1</source>
        <translation>Send %1</translation>
    </message>
    <message>
        <source>PID %1: %2</source>
        <translation>PID %1: %2</translation>
    </message>
    <message>
        <source>Renice</source>
        <translation>Renice</translation>
    </message>
    <message numerus="yes">
        <source>Nice value for %n process(es), from −20 (highest priority) to 19 (lowest); now %1:</source>
        <translation>
            <numerusform>Nice value for %n process(es), from −20 (highest priority) to 19 (lowest); now %1:</numerusform>
            <numerusform>Nice value for %n process(es), from −20 (highest priority) to 19 (lowest); now %1:</numerusform>
        </translation>
    </message>
    <message>
        <source>Renice to %1</source>
        <translation>Renice to %1</translation>
    </message>
    <message>
        <source>Send Si&amp;gnal…</source>
        <translation>Send Si&amp;gnal…</translation>
    </message>
    <message>
        <source>Ren&amp;ice…</source>
        <translation>Ren&amp;ice…</translation>
    </message>
    <message>
        <source>Cop&amp;y PID</source>
        <translation>Cop&amp;y PID</translation>
    </message>
    <message>
        <source>Det&amp;ails…</source>
        <translation>Det&amp;ails…</translation>
    </message>
    <message>
        <source>Con&amp;firm Dangerous Actions</source>
        <translation>Con&amp;firm Dangerous Actions</translation>
    </message>
</context>
<context>
    <name>ProcessDetailPlot</name>
    <message>
        <source>CPU % (100 = one core busy)</source>
        <translation>CPU % (100 = one core busy)</translation>
    </message>
    <message>
        <source>memory (RSS, MiB)</source>
        <translation>memory (RSS, MiB)</translation>
    </message>
    <message>
        <source>CPU %</source>
        <translation>CPU %</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>seconds ago</source>
        <translation>seconds ago</translation>
    </message>
    <message>
        <source>Process %1</source>
        <translation>Process %1</translation>
    </message>
    <message>
        <source>Select a process to see its CPU and memory</source>
        <translation>Select a process to see its CPU and memory</translation>
    </message>
</context>
<context>
    <name>ProcessDetailsDialog</name>
    <message>
        <source>not readable (permission denied)</source>
        <translation>not readable (permission denied)</translation>
    </message>
    <message>
        <source>not available (the process has ended)</source>
        <translation>not available (the process has ended)</translation>
    </message>
    <message>
        <source>not readable (%1)</source>
        <translation>not readable (%1)</translation>
    </message>
    <message>
        <source>Reading /proc/%1…</source>
        <translation>Reading /proc/%1…</translation>
    </message>
    <message>
        <source>Process %1 — %2</source>
        <translation>Process %1 — %2</translation>
    </message>
    <message>
        <source>Command line:</source>
        <translation>Command line:</translation>
    </message>
    <message>
        <source>Executable:</source>
        <translation>Executable:</translation>
    </message>
    <message>
        <source>Working directory:</source>
        <translation>Working directory:</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>State:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>User:</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>Threads:</translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>Memory:</translation>
    </message>
    <message>
        <source>Control group:</source>
        <translation>Control group:</translation>
    </message>
    <message>
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Environment</translation>
    </message>
    <message>
        <source>Open Files</source>
        <translation>Open Files</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>Limits</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>Variable</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>FD</source>
        <translation>FD</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Limit</translation>
    </message>
    <message>
        <source>Soft</source>
        <translation>Soft</translation>
    </message>
    <message>
        <source>Hard</source>
        <translation>Hard</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Units</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>PID %1, read from /proc/%1 at %2.</source>
        <translation>PID %1, read from /proc/%1 at %2.</translation>
    </message>
    <message>
        <source>PID %1 has ended (or now names another process): nothing to show.</source>
        <translation>PID %1 has ended (or now names another process): nothing to show.</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>(none: a kernel thread)</source>
        <translation>(none: a kernel thread)</translation>
    </message>
    <message>
        <source>uid %1</source>
        <translation>uid %1</translation>
    </message>
    <message>
        <source>resident %1, virtual %2, swapped %3</source>
        <translation>resident %1, virtual %2, swapped %3</translation>
    </message>
    <message>
        <source>file</source>
        <translation>file</translation>
    </message>
    <message>
        <source>directory</source>
        <translation>directory</translation>
    </message>
    <message>
        <source>device</source>
        <translation>device</translation>
    </message>
    <message>
        <source>pipe</source>
        <translation>pipe</translation>
    </message>
    <message>
        <source>socket</source>
        <translation>socket</translation>
    </message>
    <message>
        <source>anonymous</source>
        <translation>anonymous</translation>
    </message>
    <message>
        <source>other</source>
        <translation>other</translation>
    </message>
    <message>
        <source>Max cpu time</source>
        <translation>Max cpu time</translation>
    </message>
    <message>
        <source>Max file size</source>
        <translation>Max file size</translation>
    </message>
    <message>
        <source>Max data size</source>
        <translation>Max data size</translation>
    </message>
    <message>
        <source>Max stack size</source>
        <translation>Max stack size</translation>
    </message>
    <message>
        <source>Max core file size</source>
        <translation>Max core file size</translation>
    </message>
    <message>
        <source>Max resident set</source>
        <translation>Max resident set</translation>
    </message>
    <message>
        <source>Max processes</source>
        <translation>Max processes</translation>
    </message>
    <message>
        <source>Max open files</source>
        <translation>Max open files</translation>
    </message>
    <message>
        <source>Max locked memory</source>
        <translation>Max locked memory</translation>
    </message>
    <message>
        <source>Max address space</source>
        <translation>Max address space</translation>
    </message>
    <message>
        <source>Max file locks</source>
        <translation>Max file locks</translation>
    </message>
    <message>
        <source>Max pending signals</source>
        <translation>Max pending signals</translation>
    </message>
    <message>
        <source>Max msgqueue size</source>
        <translation>Max msgqueue size</translation>
    </message>
    <message>
        <source>Max nice priority</source>
        <translation>Max nice priority</translation>
    </message>
    <message>
        <source>Max realtime priority</source>
        <translation>Max realtime priority</translation>
    </message>
    <message>
        <source>Max realtime timeout</source>
        <translation>Max realtime timeout</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>unlimited</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>seconds</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>bytes</translation>
    </message>
    <message>
        <source>processes</source>
        <translation>processes</translation>
    </message>
    <message>
        <source>files</source>
        <translation>files</translation>
    </message>
    <message>
        <source>locks</source>
        <translation>locks</translation>
    </message>
    <message>
        <source>signals</source>
        <translation>signals</translation>
    </message>
    <message>
        <source>us</source>
        <translation>us</translation>
    </message>
</context>
<context>
    <name>ProcessLifetimePlot</name>
    <message>
        <source>alive</source>
        <translation>alive</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>blocked</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>ended</translation>
    </message>
    <message>
        <source>killed by a signal</source>
        <translation>killed by a signal</translation>
    </message>
    <message>
        <source>parent waiting in join(pid)</source>
        <translation>parent waiting in join(pid)</translation>
    </message>
    <message>
        <source>dashed outline: daemon (ended with its parent)</source>
        <translation>dashed outline: daemon (ended with its parent)</translation>
    </message>
    <message>
        <source>A child shown &quot;not joined&quot; has ended but its parent never called join() on it.</source>
        <translation>A child shown &quot;not joined&quot; has ended but its parent never called join() on it.</translation>
    </message>
    <message>
        <source>seconds since the session started</source>
        <translation>seconds since the session started</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source> · daemon</source>
        <translation> · daemon</translation>
    </message>
    <message>
        <source>in join(%1)</source>
        <translation>in join(%1)</translation>
    </message>
    <message>
        <source>exit %1</source>
        <translation>exit %1</translation>
    </message>
    <message>
        <source> · terminated with its parent</source>
        <translation> · terminated with its parent</translation>
    </message>
    <message>
        <source> · not joined</source>
        <translation> · not joined</translation>
    </message>
    <message>
        <source>join(%1)</source>
        <translation>join(%1)</translation>
    </message>
</context>
<context>
    <name>ProcessState</name>
    <message>
        <source>created</source>
        <translation>created</translation>
    </message>
    <message>
        <source>running</source>
        <translation>running</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>blocked</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>stopped</translation>
    </message>
    <message>
        <source>exited ok</source>
        <translation>exited ok</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>killed</source>
        <translation>killed</translation>
    </message>
    <message>
        <source>zombie</source>
        <translation>zombie</translation>
    </message>
    <message>
        <source>Created but not started yet: start() has not been called.</source>
        <translation>Created but not started yet: start() has not been called.</translation>
    </message>
    <message>
        <source>Running: the process is alive and may use the CPU.</source>
        <translation>Running: the process is alive and may use the CPU.</translation>
    </message>
    <message>
        <source>Blocked: the process sleeps until a queue, lock, event or child it waits on is ready.</source>
        <translation>Blocked: the process sleeps until a queue, lock, event or child it waits on is ready.</translation>
    </message>
    <message>
        <source>Stopped: paused by SIGSTOP; it resumes on SIGCONT (Continue).</source>
        <translation>Stopped: paused by SIGSTOP; it resumes on SIGCONT (Continue).</translation>
    </message>
    <message>
        <source>Exited with code 0: the process finished successfully.</source>
        <translation>Exited with code 0: the process finished successfully.</translation>
    </message>
    <message>
        <source>Failed: the process exited with a non-zero code (1 when a task threw).</source>
        <translation>Failed: the process exited with a non-zero code (1 when a task threw).</translation>
    </message>
    <message>
        <source>Killed: a signal ended the process; its exit code is minus the signal number.</source>
        <translation>Killed: a signal ended the process; its exit code is minus the signal number.</translation>
    </message>
    <message>
        <source>Zombie: the process has ended but its parent has not collected its exit code yet (join()).</source>
        <translation>Zombie: the process has ended but its parent has not collected its exit code yet (join()).</translation>
    </message>
    <message>
        <source>sleeping (nanosleep)</source>
        <translation>sleeping (nanosleep)</translation>
    </message>
    <message>
        <source>waiting on a futex</source>
        <translation>waiting on a futex</translation>
    </message>
    <message>
        <source>reading a pipe</source>
        <translation>reading a pipe</translation>
    </message>
    <message>
        <source>writing to a full pipe</source>
        <translation>writing to a full pipe</translation>
    </message>
    <message>
        <source>reading (terminal or file)</source>
        <translation>reading (terminal or file)</translation>
    </message>
    <message>
        <source>writing (terminal or file)</source>
        <translation>writing (terminal or file)</translation>
    </message>
    <message>
        <source>in select/poll</source>
        <translation>in select/poll</translation>
    </message>
    <message>
        <source>waiting for a child</source>
        <translation>waiting for a child</translation>
    </message>
    <message>
        <source>waiting for a signal</source>
        <translation>waiting for a signal</translation>
    </message>
    <message>
        <source>waiting on a socket</source>
        <translation>waiting on a socket</translation>
    </message>
    <message>
        <source>waiting for disk I/O</source>
        <translation>waiting for disk I/O</translation>
    </message>
    <message>
        <source>zombie: waiting to be reaped</source>
        <translation>zombie: waiting to be reaped</translation>
    </message>
    <message>
        <source>in the kernel</source>
        <translation>in the kernel</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>ended</translation>
    </message>
    <message>
        <source>Ended: an observed process ended and its own parent collected its exit code, which ProcLab cannot see.</source>
        <translation>Ended: an observed process ended and its own parent collected its exit code, which ProcLab cannot see.</translation>
    </message>
</context>
<context>
    <name>ProcessTableModel</name>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>PPID</source>
        <translation>PPID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Daemon</source>
        <translation>Daemon</translation>
    </message>
    <message>
        <source>Exit code</source>
        <translation>Exit code</translation>
    </message>
    <message>
        <source>CPU %</source>
        <translation>CPU %</translation>
    </message>
    <message>
        <source>RSS</source>
        <translation>RSS</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>Run time</source>
        <translation>Run time</translation>
    </message>
    <message>
        <source>Blocked on</source>
        <translation>Blocked on</translation>
    </message>
    <message>
        <source>being joined by the GUI…</source>
        <translation>being joined by the GUI…</translation>
    </message>
    <message>
        <source>join PID %1</source>
        <translation>join PID %1</translation>
    </message>
    <message>
        <source>(held by %1)</source>
        <translation>(held by %1)</translation>
    </message>
    <message>
        <source>daemon</source>
        <translation>daemon</translation>
    </message>
    <message>
        <source>Killed by signal %1.</source>
        <translation>Killed by signal %1.</translation>
    </message>
    <message>
        <source>Exited with code %1.</source>
        <translation>Exited with code %1.</translation>
    </message>
    <message>
        <source>A daemon process is terminated when its parent ends and may not have children.</source>
        <translation>A daemon process is terminated when its parent ends and may not have children.</translation>
    </message>
    <message>
        <source>main</source>
        <translation>main</translation>
    </message>
    <message>
        <source>process</source>
        <translation>process</translation>
    </message>
    <message>
        <source>pool worker</source>
        <translation>pool worker</translation>
    </message>
    <message>
        <source>command</source>
        <translation>command</translation>
    </message>
    <message>
        <source>forkserver</source>
        <translation>forkserver</translation>
    </message>
    <message>
        <source>manager</source>
        <translation>manager</translation>
    </message>
    <message>
        <source>User</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Nice</source>
        <translation>Nice</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <source>Virtual memory</source>
        <translation>Virtual memory</translation>
    </message>
    <message>
        <source>Memory %</source>
        <translation>Memory %</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>Command line</translation>
    </message>
    <message>
        <source>observed</source>
        <translation>observed</translation>
    </message>
    <message>
        <source>Observed: ProcLab did not start this process; it is seen in /proc (PID %1, parent %2).</source>
        <translation>Observed: ProcLab did not start this process; it is seen in /proc (PID %1, parent %2).</translation>
    </message>
    <message>
        <source>Kernel function (wchan): %1</source>
        <translation>Kernel function (wchan): %1</translation>
    </message>
    <message>
        <source>Read from its system call (/proc/%1/syscall).</source>
        <translation>Read from its system call (/proc/%1/syscall).</translation>
    </message>
    <message>
        <source>ended (exit code not observable: reaped by its parent PID %1)</source>
        <translation>ended (exit code not observable: reaped by its parent PID %1)</translation>
    </message>
    <message numerus="yes">
        <source>%1 · gave up after %n retries</source>
        <translation>
            <numerusform>%1 · gave up after %n retry</numerusform>
            <numerusform>%1 · gave up after %n retries</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · attempt %2/%3</source>
        <translation>%1 · attempt %2/%3</translation>
    </message>
    <message>
        <source>Not started yet: a process gets its PID when it starts.</source>
        <translation>Not started yet: a process gets its PID when it starts.</translation>
    </message>
    <message>
        <source>Its parent is PID %1 (as ps shows it); the tree shows it under PID %2, the process that asked for it (a fork server forks processes on another&apos;s behalf).</source>
        <translation>Its parent is PID %1 (as ps shows it); the tree shows it under PID %2, the process that asked for it (a fork server forks processes on another&apos;s behalf).</translation>
    </message>
    <message>
        <source>Restart on failure: this run failed and no restart is left; the runs of this launch are grouped under its first run.</source>
        <translation>Restart on failure: this run failed and no restart is left; the runs of this launch are grouped under its first run.</translation>
    </message>
    <message>
        <source>Restart on failure: run %1 of at most %2; the runs of this launch are grouped under its first run.</source>
        <translation>Restart on failure: run %1 of at most %2; the runs of this launch are grouped under its first run.</translation>
    </message>
    <message>
        <source>Started %1 (%2 ago)</source>
        <translation>Started %1 (%2 ago)</translation>
    </message>
    <message>
        <source>CPU time over the last sample: 100 % is one core busy (as in htop and top).</source>
        <translation>CPU time over the last sample: 100 % is one core busy (as in htop and top).</translation>
    </message>
    <message>
        <source>The parent the kernel shows (as ps). The tree groups a fork server&apos;s children under the process that asked for them, and the restarts of a launch under its first run.</source>
        <translation>The parent the kernel shows (as ps). The tree groups a fork server&apos;s children under the process that asked for them, and the restarts of a launch under its first run.</translation>
    </message>
    <message>
        <source>100 % is one core busy (as htop); at most 100 % × the number of CPUs.</source>
        <translation>100 % is one core busy (as htop); at most 100 % × the number of CPUs.</translation>
    </message>
    <message>
        <source>PID %1 on %2 (MPI rank %3), relayed by its pool&apos;s process: watched from here, not acted on.</source>
        <translation>PID %1 on %2 (MPI rank %3), relayed by its pool's process: watched from here, not acted on.</translation>
    </message>
    <message>
        <source>helper</source>
        <translation>helper</translation>
    </message>
</context>
<context>
    <name>ProcessesPanel</name>
    <message>
        <source>Filter by name, PID, state…</source>
        <translation>Filter by name, PID, state…</translation>
    </message>
    <message>
        <source>Tree</source>
        <translation>Tree</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Columns</translation>
    </message>
    <message>
        <source>Choose the columns to show.</source>
        <translation>Choose the columns to show.</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>Show all</translation>
    </message>
    <message>
        <source>&amp;New Process…</source>
        <translation>&amp;New Process…</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Start</translation>
    </message>
    <message>
        <source>&amp;Join</source>
        <translation>&amp;Join</translation>
    </message>
    <message>
        <source>&amp;Daemon</source>
        <translation>&amp;Daemon</translation>
    </message>
    <message>
        <source>&amp;Terminate</source>
        <translation>&amp;Terminate</translation>
    </message>
    <message>
        <source>&amp;Kill</source>
        <translation>&amp;Kill</translation>
    </message>
    <message>
        <source>Sto&amp;p</source>
        <translation>Sto&amp;p</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>&amp;Continue</translation>
    </message>
    <message>
        <source>Kill T&amp;ree</source>
        <translation>Kill T&amp;ree</translation>
    </message>
    <message>
        <source>Pool of PID %1</source>
        <translation>Pool of PID %1</translation>
    </message>
    <message>
        <source>Subtree of PID %1</source>
        <translation>Subtree of PID %1</translation>
    </message>
    <message>
        <source>no processes</source>
        <translation>no processes</translation>
    </message>
    <message>
        <source>Launch a command or a built-in task.</source>
        <translation>Launch a command or a built-in task.</translation>
    </message>
    <message>
        <source>Start the selected processes (Process.start()).</source>
        <translation>Start the selected processes (Process.start()).</translation>
    </message>
    <message>
        <source>Wait until the selected processes end (Process.join()); the window stays responsive.</source>
        <translation>Wait until the selected processes end (Process.join()); the window stays responsive.</translation>
    </message>
    <message>
        <source>Join with a timeout, as join(timeout).</source>
        <translation>Join with a timeout, as join(timeout).</translation>
    </message>
    <message>
        <source>Make the process a daemon: it is terminated when its parent ends.</source>
        <translation>Make the process a daemon: it is terminated when its parent ends.</translation>
    </message>
    <message>
        <source>Send SIGTERM (Process.terminate()).</source>
        <translation>Send SIGTERM (Process.terminate()).</translation>
    </message>
    <message>
        <source>Send SIGKILL (Process.kill()).</source>
        <translation>Send SIGKILL (Process.kill()).</translation>
    </message>
    <message>
        <source>Pause the process with SIGSTOP.</source>
        <translation>Pause the process with SIGSTOP.</translation>
    </message>
    <message>
        <source>Resume a stopped process with SIGCONT.</source>
        <translation>Resume a stopped process with SIGCONT.</translation>
    </message>
    <message>
        <source>Kill the process and all its descendants.</source>
        <translation>Kill the process and all its descendants.</translation>
    </message>
    <message>
        <source>Select one or more processes first.</source>
        <translation>Select one or more processes first.</translation>
    </message>
    <message>
        <source>Join with Timeout</source>
        <translation>Join with Timeout</translation>
    </message>
    <message>
        <source>Timeout in seconds:</source>
        <translation>Timeout in seconds:</translation>
    </message>
    <message>
        <source>PID %1: %2</source>
        <translation>PID %1: %2</translation>
    </message>
    <message>
        <source>Show parents and their children as a tree, or every process in a flat list. The tree groups a process under the process that asked for it: the fork server&apos;s children under this window, the restarts of a launch under its first run. The PPID column shows the real parent, as ps does.</source>
        <translation>Show parents and their children as a tree, or every process in a flat list. The tree groups a process under the process that asked for it: the fork server&apos;s children under this window, the restarts of a launch under its first run. The PPID column shows the real parent, as ps does.</translation>
    </message>
    <message>
        <source>Join with Time&amp;out…</source>
        <translation>Join with Time&amp;out…</translation>
    </message>
    <message>
        <source>Show Only This Su&amp;btree</source>
        <translation>Show Only This Su&amp;btree</translation>
    </message>
    <message>
        <source>S&amp;how Only This Pool</source>
        <translation>S&amp;how Only This Pool</translation>
    </message>
</context>
<context>
    <name>PythonScriptDialog</name>
    <message>
        <source>Run Python Script</source>
        <translation>Run Python Script</translation>
    </message>
    <message>
        <source>Runs your script unmodified. Its processes, queues, pipes, locks and pools appear live beside the others, with what each process waits on.</source>
        <translation>Runs your script unmodified. Its processes, queues, pipes, locks and pools appear live beside the others, with what each process waits on.</translation>
    </message>
    <message>
        <source>a .py file</source>
        <translation>a .py file</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Python Script</source>
        <translation>Python Script</translation>
    </message>
    <message>
        <source>Python scripts (*.py);;All files (*)</source>
        <translation>Python scripts (*.py);;All files (*)</translation>
    </message>
    <message>
        <source>as in a shell, e.g. --workers 4 &quot;two words&quot;</source>
        <translation>as in a shell, e.g. --workers 4 &quot;two words&quot;</translation>
    </message>
    <message>
        <source>default: the script&apos;s directory</source>
        <translation>default: the script&apos;s directory</translation>
    </message>
    <message>
        <source>Working Directory</source>
        <translation>Working Directory</translation>
    </message>
    <message>
        <source>As the script chooses (Linux default: fork)</source>
        <translation>As the script chooses (Linux default: fork)</translation>
    </message>
    <message>
        <source>multiprocessing&apos;s default start method; a script that calls set_start_method() keeps its own choice.</source>
        <translation>multiprocessing&apos;s default start method; a script that calls set_start_method() keeps its own choice.</translation>
    </message>
    <message>
        <source>Script:</source>
        <translation>Script:</translation>
    </message>
    <message>
        <source>Arguments:</source>
        <translation>Arguments:</translation>
    </message>
    <message>
        <source>Working directory:</source>
        <translation>Working directory:</translation>
    </message>
    <message>
        <source>Interpreter:</source>
        <translation>Interpreter:</translation>
    </message>
    <message>
        <source>Start method:</source>
        <translation>Start method:</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Run</translation>
    </message>
    <message>
        <source>Choose a script to run.</source>
        <translation>Choose a script to run.</translation>
    </message>
    <message>
        <source>Script %1 does not exist.</source>
        <translation>Script %1 does not exist.</translation>
    </message>
    <message>
        <source>Interpreter %1 is not a Python interpreter (python, python3, python3.11, …).</source>
        <translation>Interpreter %1 is not a Python interpreter (python, python3, python3.11, …).</translation>
    </message>
    <message>
        <source>Interpreter %1 was not found.</source>
        <translation>Interpreter %1 was not found.</translation>
    </message>
</context>
<context>
    <name>QueueDepthPlot</name>
    <message>
        <source>Overlaid</source>
        <translation>Overlaid</translation>
    </message>
    <message>
        <source>One plot per queue</source>
        <translation>One plot per queue</translation>
    </message>
    <message>
        <source>Put/get rates</source>
        <translation>Put/get rates</translation>
    </message>
    <message>
        <source>Messages waiting in each queue or pipe. A dashed line is the queue&apos;s maxsize: when the depth reaches it, put() blocks. Click a queue to see who puts and who gets.</source>
        <translation>Messages waiting in each queue or pipe. A dashed line is the queue&apos;s maxsize: when the depth reaches it, put() blocks. Click a queue to see who puts and who gets.</translation>
    </message>
    <message>
        <source>messages waiting</source>
        <translation>messages waiting</translation>
    </message>
    <message>
        <source>puts / gets per s</source>
        <translation>puts / gets per s</translation>
    </message>
    <message>
        <source>seconds since the session started</source>
        <translation>seconds since the session started</translation>
    </message>
    <message>
        <source>No queue or pipe in this session yet</source>
        <translation>No queue or pipe in this session yet</translation>
    </message>
    <message>
        <source> (maxsize %1)</source>
        <translation> (maxsize %1)</translation>
    </message>
    <message>
        <source> (messages in flight)</source>
        <translation> (messages in flight)</translation>
    </message>
    <message>
        <source>%1: maxsize</source>
        <translation>%1: maxsize</translation>
    </message>
    <message>
        <source>%1: puts/s</source>
        <translation>%1: puts/s</translation>
    </message>
    <message>
        <source>%1: gets/s</source>
        <translation>%1: gets/s</translation>
    </message>
</context>
<context>
    <name>QuitGuard</name>
    <message numerus="yes">
        <source>Waiting for %n process(es) to end before quitting…</source>
        <translation>
            <numerusform>Waiting for %n process to end before quitting…</numerusform>
            <numerusform>Waiting for %n processes to end before quitting…</numerusform>
        </translation>
    </message>
    <message>
        <source>Quit ProcLab</source>
        <translation>Quit ProcLab</translation>
    </message>
    <message numerus="yes">
        <source>%n process(es) started from this window are still running.</source>
        <translation>
            <numerusform>%n process started from this window is still running.</numerusform>
            <numerusform>%n processes started from this window are still running.</numerusform>
        </translation>
    </message>
    <message>
        <source>Wait: join them, then quit. Terminate: send them SIGTERM, then quit. Leave running: close the window now; ProcLab ends when they have finished, as Python&apos;s main process joins its children at exit (daemon children are terminated).</source>
        <translation>Wait: join them, then quit. Terminate: send them SIGTERM, then quit. Leave running: close the window now; ProcLab ends when they have finished, as Python&apos;s main process joins its children at exit (daemon children are terminated).</translation>
    </message>
    <message>
        <source>&amp;Wait</source>
        <translation>&amp;Wait</translation>
    </message>
    <message>
        <source>&amp;Terminate Them</source>
        <translation>&amp;Terminate Them</translation>
    </message>
    <message>
        <source>&amp;Leave Running</source>
        <translation>&amp;Leave Running</translation>
    </message>
</context>
<context>
    <name>ReplayBar</name>
    <message>
        <source>Play or pause the recording</source>
        <translation>Play or pause the recording</translation>
    </message>
    <message>
        <source>Drag to any moment of the recording: every panel shows the session as it was then</source>
        <translation>Drag to any moment of the recording: every panel shows the session as it was then</translation>
    </message>
    <message>
        <source>no recording open</source>
        <translation>no recording open</translation>
    </message>
    <message>
        <source>%1 s of %2 s</source>
        <translation>%1 s of %2 s</translation>
    </message>
</context>
<context>
    <name>SchedulerPanel</name>
    <message>
        <source>%1 cannot move now: %2</source>
        <translation>%1 cannot move now: %2</translation>
    </message>
    <message>
        <source>Random moves, seed %1</source>
        <translation>Random moves, seed %1</translation>
    </message>
    <message>
        <source>Cannot read the schedule %1: %2</source>
        <translation>Cannot read the schedule %1: %2</translation>
    </message>
    <message>
        <source>The schedule %1 names no process</source>
        <translation>The schedule %1 names no process</translation>
    </message>
    <message>
        <source>Replay a schedule</source>
        <translation>Replay a schedule</translation>
    </message>
    <message>
        <source>Schedules (*.schedule *.txt);;All files (*)</source>
        <translation>Schedules (*.schedule *.txt);;All files (*)</translation>
    </message>
    <message>
        <source>Cannot write the schedule %1: %2</source>
        <translation>Cannot write the schedule %1: %2</translation>
    </message>
    <message>
        <source>Schedule saved to %1</source>
        <translation>Schedule saved to %1</translation>
    </message>
    <message>
        <source>Save the schedule</source>
        <translation>Save the schedule</translation>
    </message>
    <message>
        <source>Schedules (*.schedule)</source>
        <translation>Schedules (*.schedule)</translation>
    </message>
    <message>
        <source>Deadlock: no process can move, and none ever will.</source>
        <translation>Deadlock: no process can move, and none ever will.</translation>
    </message>
    <message>
        <source>%1 waits for %2 to end</source>
        <translation>%1 waits for %2 to end</translation>
    </message>
    <message>
        <source>%1 waits for %2, held by %3</source>
        <translation>%1 waits for %2, held by %3</translation>
    </message>
    <message>
        <source>%1 waits for %2</source>
        <translation>%1 waits for %2</translation>
    </message>
    <message>
        <source>: a cycle in the wait-for graph.</source>
        <translation>: a cycle in the wait-for graph.</translation>
    </message>
    <message>
        <source>%1 cannot %2 %3: %4</source>
        <translation>%1 cannot %2 %3: %4</translation>
    </message>
    <message>
        <source>Scheduler mode: every process of the session stops at each synchronization point (start, join, put, get, send, recv, acquire, release, wait, set, notify, and reads and writes of a Value outside its lock), and you choose who moves next. Start a lesson or a program with it on.</source>
        <translation>Scheduler mode: every process of the session stops at each synchronization point (start, join, put, get, send, recv, acquire, release, wait, set, notify, and reads and writes of a Value outside its lock), and you choose who moves next. Start a lesson or a program with it on.</translation>
    </message>
    <message>
        <source>Scheduler mode: on</source>
        <translation>Scheduler mode: on</translation>
    </message>
    <message>
        <source>Scheduler mode: off</source>
        <translation>Scheduler mode: off</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>Run freely</source>
        <translation>Run freely</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>Random</translation>
    </message>
    <message>
        <source>Replay…</source>
        <translation>Replay…</translation>
    </message>
    <message>
        <source>Save schedule…</source>
        <translation>Save schedule…</translation>
    </message>
    <message>
        <source>Off: processes run freely.</source>
        <translation>Off: processes run freely.</translation>
    </message>
    <message>
        <source>Waiting for processes of the session…</source>
        <translation>Waiting for processes of the session…</translation>
    </message>
    <message>
        <source>Every process of the run has ended.</source>
        <translation>Every process of the run has ended.</translation>
    </message>
    <message>
        <source>Deadlock.</source>
        <translation>Deadlock.</translation>
    </message>
    <message numerus="yes">
        <source>%n process(es) running to their next point…</source>
        <translation>
            <numerusform>%n process running to its next point…</numerusform>
            <numerusform>%n processes running to their next point…</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose who moves next: double-click a process (greyed out: it would block).</source>
        <translation>Choose who moves next: double-click a process (greyed out: it would block).</translation>
    </message>
    <message>
        <source>Moving automatically…</source>
        <translation>Moving automatically…</translation>
    </message>
    <message>
        <source>Goal reached: %1</source>
        <translation>Goal reached: %1</translation>
    </message>
    <message>
        <source>Goal: %1</source>
        <translation>Goal: %1</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>%1 failed (%2): restart %3 of %4 in %5 s</source>
        <translation>%1 failed (%2): restart %3 of %4 in %5 s</translation>
    </message>
    <message>
        <source>Restart failed: %1</source>
        <translation>Restart failed: %1</translation>
    </message>
    <message>
        <source>Only processes launched from this window can be started here.</source>
        <translation>Only processes launched from this window can be started here.</translation>
    </message>
    <message>
        <source>Only processes launched from this window can be changed here.</source>
        <translation>Only processes launched from this window can be changed here.</translation>
    </message>
    <message>
        <source>The daemon flag can only be set before start.</source>
        <translation>The daemon flag can only be set before start.</translation>
    </message>
    <message>
        <source>Only the parent can join a process: this one was not started by this window.</source>
        <translation>Only the parent can join a process: this one was not started by this window.</translation>
    </message>
    <message>
        <source>A process that has not started has no PID to signal.</source>
        <translation>A process that has not started has no PID to signal.</translation>
    </message>
    <message>
        <source>The process has already ended.</source>
        <translation>The process has already ended.</translation>
    </message>
    <message>
        <source>start() runs once: this process has already been started.</source>
        <translation>start() runs once: this process has already been started.</translation>
    </message>
    <message>
        <source>Start the process before joining it.</source>
        <translation>Start the process before joining it.</translation>
    </message>
    <message>
        <source>The window is already joining this process.</source>
        <translation>The window is already joining this process.</translation>
    </message>
    <message>
        <source>This is the ProcLab window itself: quit it from the File menu.</source>
        <translation>This is the ProcLab window itself: quit it from the File menu.</translation>
    </message>
    <message>
        <source>The fork server starts this window&apos;s processes; it ends when ProcLab quits.</source>
        <translation>The fork server starts this window&apos;s processes; it ends when ProcLab quits.</translation>
    </message>
    <message>
        <source>Only a stopped process can be continued.</source>
        <translation>Only a stopped process can be continued.</translation>
    </message>
    <message>
        <source>The process is already stopped.</source>
        <translation>The process is already stopped.</translation>
    </message>
    <message>
        <source>PID %1 has ended.</source>
        <translation>PID %1 has ended.</translation>
    </message>
    <message>
        <source>Cannot open PID %1: %2</source>
        <translation>Cannot open PID %1: %2</translation>
    </message>
    <message>
        <source>Not permitted to signal PID %1: it belongs to another user.</source>
        <translation>Not permitted to signal PID %1: it belongs to another user.</translation>
    </message>
    <message>
        <source>This process is observed: it was not started by ProcLab, it is already running.</source>
        <translation>This process is observed: it was not started by ProcLab, it is already running.</translation>
    </message>
    <message>
        <source>Only the parent can join a process: this one is observed (PID %1 started it).</source>
        <translation>Only the parent can join a process: this one is observed (PID %1 started it).</translation>
    </message>
    <message>
        <source>The daemon flag belongs to processes launched from this window.</source>
        <translation>The daemon flag belongs to processes launched from this window.</translation>
    </message>
    <message>
        <source>This process belongs to user %1: ProcLab acts only on processes of its own user.</source>
        <translation>This process belongs to user %1: ProcLab acts only on processes of its own user.</translation>
    </message>
    <message>
        <source>A kernel thread does not take signals from user space.</source>
        <translation>A kernel thread does not take signals from user space.</translation>
    </message>
    <message>
        <source>PID %1 now belongs to another process: nothing was sent.</source>
        <translation>PID %1 now belongs to another process: nothing was sent.</translation>
    </message>
    <message>
        <source>%1 could not start: %2</source>
        <translation>%1 could not start: %2</translation>
    </message>
    <message>
        <source>The process is starting.</source>
        <translation>The process is starting.</translation>
    </message>
    <message>
        <source>Not permitted to lower the nice value of PID %1 from %2 to %3: a higher priority needs privileges (CAP_SYS_NICE or a higher RLIMIT_NICE).</source>
        <translation>Not permitted to lower the nice value of PID %1 from %2 to %3: a higher priority needs privileges (CAP_SYS_NICE or a higher RLIMIT_NICE).</translation>
    </message>
    <message>
        <source>Not permitted to change the priority of PID %1: it belongs to another user.</source>
        <translation>Not permitted to change the priority of PID %1: it belongs to another user.</translation>
    </message>
    <message>
        <source>PID %1 now belongs to another process: nothing was changed.</source>
        <translation>PID %1 now belongs to another process: nothing was changed.</translation>
    </message>
    <message numerus="yes">
        <source>%1 failed (%2): gave up after %n retries</source>
        <translation>
            <numerusform>%1 failed (%2): gave up after %n retry</numerusform>
            <numerusform>%1 failed (%2): gave up after %n retries</numerusform>
        </translation>
    </message>
    <message>
        <source>This process runs on %1 (MPI rank %2), relayed by its pool&apos;s process: it is watched from here, not acted on.</source>
        <translation>This process runs on %1 (MPI rank %2), relayed by its pool's process: it is watched from here, not acted on.</translation>
    </message>
</context>
<context>
    <name>ShellDialogs</name>
    <message>
        <source>Attach to Session</source>
        <translation>Attach to Session</translation>
    </message>
    <message>
        <source>Export Table as CSV</source>
        <translation>Export Table as CSV</translation>
    </message>
    <message>
        <source>No live session found. Start a program with PROCLAB_SESSION=&lt;name&gt; (a ProcLab program creates the session), then attach to it here.</source>
        <translation>No live session found. Start a program with PROCLAB_SESSION=&lt;name&gt; (a ProcLab program creates the session), then attach to it here.</translation>
    </message>
    <message>
        <source>Session:</source>
        <translation>Session:</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>About ProcLab</source>
        <translation>About ProcLab</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ProcLab %1&lt;/h3&gt;&lt;p&gt;A desktop laboratory for processes: Python&apos;s multiprocessing re-created in C++20, with a window that shows every process live.&lt;/p&gt;&lt;p&gt;Released under the MIT License.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ProcLab %1&lt;/h3&gt;&lt;p&gt;A desktop laboratory for processes: Python&apos;s multiprocessing re-created in C++20, with a window that shows every process live.&lt;/p&gt;&lt;p&gt;Released under the MIT License.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>StatusLabels</name>
    <message>
        <source>join(): waiting for PID %1 to end; the window stays responsive.</source>
        <translation>join(): waiting for PID %1 to end; the window stays responsive.</translation>
    </message>
    <message>
        <source>join(): PID %1 has ended.</source>
        <translation>join(): PID %1 has ended.</translation>
    </message>
    <message>
        <source>join(): timed out; PID %1 is still running.</source>
        <translation>join(): timed out; PID %1 is still running.</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>paused</translation>
    </message>
    <message>
        <source>every %1 s</source>
        <translation>every %1 s</translation>
    </message>
    <message>
        <source>GUI PID %1</source>
        <extracomment>The process ID of the ProcLab window itself</extracomment>
        <translation>GUI PID %1</translation>
    </message>
    <message>
        <source>session %1</source>
        <translation>session %1</translation>
    </message>
    <message>
        <source>no session</source>
        <translation>no session</translation>
    </message>
    <message>
        <source>Starting processes: %1 of %2…</source>
        <translation>Starting processes: %1 of %2…</translation>
    </message>
</context>
<context>
    <name>WaitForGraphView</name>
    <message>
        <source>Who waits on what. Top: processes that wait or hold; bottom: the objects they wait on. An arrow &quot;waits to …&quot; goes from a blocked process to the object it waits on, &quot;held by&quot; from a lock to its owner. A closed loop of arrows is a deadlock: nobody in it can ever go on.</source>
        <translation>Who waits on what. Top: processes that wait or hold; bottom: the objects they wait on. An arrow &quot;waits to …&quot; goes from a blocked process to the object it waits on, &quot;held by&quot; from a lock to its owner. A closed loop of arrows is a deadlock: nobody in it can ever go on.</translation>
    </message>
    <message>
        <source>%1
pid %2</source>
        <translation>%1
pid %2</translation>
    </message>
    <message>
        <source>process</source>
        <translation>process</translation>
    </message>
    <message>
        <source>object %1</source>
        <translation>object %1</translation>
    </message>
    <message>
        <source>held by %1</source>
        <translation>held by %1</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) waiting</source>
        <translation>
            <numerusform>%n message waiting</numerusform>
            <numerusform>%n messages waiting</numerusform>
        </translation>
    </message>
    <message>
        <source>joins (waits for it to end)</source>
        <translation>joins (waits for it to end)</translation>
    </message>
    <message>
        <source>waits to %1</source>
        <translation>waits to %1</translation>
    </message>
    <message>
        <source>held by</source>
        <translation>held by</translation>
    </message>
    <message>
        <source>Nobody is waiting on anything right now.</source>
        <translation>Nobody is waiting on anything right now.</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <source>Welcome to ProcLab</source>
        <translation>Welcome to ProcLab</translation>
    </message>
    <message>
        <source>A laboratory for processes</source>
        <translation>A laboratory for processes</translation>
    </message>
    <message numerus="yes">
        <source>Start method: %1 · %n CPU(s)</source>
        <translation>
            <numerusform>Start method: %1 · %n CPU</numerusform>
            <numerusform>Start method: %1 · %n CPUs</numerusform>
        </translation>
    </message>
    <message>
        <source>ProcLab re-creates Python&apos;s &lt;b&gt;multiprocessing&lt;/b&gt; in native C++ (processes, queues, pipes, locks, pools) and shows every process live: its PID, state, exit code and what it waits for.</source>
        <translation>ProcLab re-creates Python&apos;s &lt;b&gt;multiprocessing&lt;/b&gt; in native C++ (processes, queues, pipes, locks, pools) and shows every process live: its PID, state, exit code and what it waits for.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Start here:&lt;/b&gt; launch a process (a built-in task such as &lt;i&gt;sleep&lt;/i&gt; or &lt;i&gt;print lines&lt;/i&gt;, or any program), then start, join, stop or terminate it and watch its state and exit code change.</source>
        <translation>&lt;b&gt;Start here:&lt;/b&gt; launch a process (a built-in task such as &lt;i&gt;sleep&lt;/i&gt; or &lt;i&gt;print lines&lt;/i&gt;, or any program), then start, join, stop or terminate it and watch its state and exit code change.</translation>
    </message>
    <message>
        <source>&amp;New Process…</source>
        <translation>&amp;New Process…</translation>
    </message>
    <message>
        <source>Run the &amp;Demo</source>
        <translation>Run the &amp;Demo</translation>
    </message>
    <message>
        <source>Show the process table</source>
        <translation>Show the process table</translation>
    </message>
    <message>
        <source>&lt;b&gt;Or run the demo:&lt;/b&gt; a producer and a consumer sharing a queue, two processes competing for a lock, a small process tree and a task that fails. &lt;b&gt;Or open a lesson:&lt;/b&gt; the classic multiprocessing tutorials step by step, their Python and C++ code beside the live processes.</source>
        <translation>&lt;b&gt;Or run the demo:&lt;/b&gt; a producer and a consumer sharing a queue, two processes competing for a lock, a small process tree and a task that fails. &lt;b&gt;Or open a lesson:&lt;/b&gt; the classic multiprocessing tutorials step by step, their Python and C++ code beside the live processes.</translation>
    </message>
    <message>
        <source>Open a &amp;Lesson</source>
        <translation>Open a &amp;Lesson</translation>
    </message>
</context>
</TS>
