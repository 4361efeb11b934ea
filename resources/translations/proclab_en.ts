<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>MainWindow</name>
    <message>
        <source>ProcLab — Process Laboratory</source>
        <translation>ProcLab — Process Laboratory</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
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
        <source>GUI PID %1</source>
        <extracomment>The process ID of the ProcLab window itself</extracomment>
        <translation>GUI PID %1</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
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
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG image (*.png);;PDF document (*.pdf)</translation>
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
        <source>&lt;b&gt;Start here:&lt;/b&gt; the README&apos;s API tour is a complete program that starts a Process, joins it and reads its exit code. Build it against the library and run it.</source>
        <translation>&lt;b&gt;Start here:&lt;/b&gt; the README&apos;s API tour is a complete program that starts a Process, joins it and reads its exit code. Build it against the library and run it.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Coming next:&lt;/b&gt; a launcher for processes and pools, a live process table, and step-by-step lessons based on the classic multiprocessing tutorials. They will open here.</source>
        <translation>&lt;b&gt;Coming next:&lt;/b&gt; a launcher for processes and pools, a live process table, and step-by-step lessons based on the classic multiprocessing tutorials. They will open here.</translation>
    </message>
</context>
</TS>
