<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ChannelsPanel</name>
    <message>
        <source>New Queue</source>
        <translation>新建队列</translation>
    </message>
    <message>
        <source>maxsize (0: unbounded):</source>
        <translation>maxsize（0：不限）：</translation>
    </message>
    <message>
        <source>Created queue %1: choose it in the launcher&apos;s produce/consume tasks.</source>
        <translation>已创建队列 %1：可在启动器的生产/消费任务中选择它。</translation>
    </message>
    <message>
        <source>Created lock %1: choose it in the launcher&apos;s hold-a-lock task.</source>
        <translation>已创建锁 %1：可在启动器的“持有锁”任务中选择它。</translation>
    </message>
    <message>
        <source>New &amp;Queue…</source>
        <translation>新建队列(&amp;Q)…</translation>
    </message>
    <message>
        <source>Create a Queue that built-in tasks can produce to and consume from.</source>
        <translation>创建一个队列（Queue），供内置任务向其生产和从中消费。</translation>
    </message>
    <message>
        <source>New &amp;Lock</source>
        <translation>新建锁(&amp;L)</translation>
    </message>
    <message>
        <source>Create a Lock that the hold-a-lock task can acquire.</source>
        <translation>创建一个锁（Lock），供“持有锁”任务获取。</translation>
    </message>
    <message>
        <source>Show closed objects</source>
        <translation>显示已关闭的对象</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>ProcLab: launch processes and watch them live.</source>
        <translation>ProcLab：启动进程并实时观察它们。</translation>
    </message>
    <message>
        <source>Run the demo processes at start.</source>
        <translation>启动时运行演示进程。</translation>
    </message>
    <message>
        <source>Open lesson N (its number, or its id such as 02_start_join) in the Lessons panel.</source>
        <translation>在课程面板中打开第 N 课（课程编号，或 02_start_join 这样的课程 ID）。</translation>
    </message>
    <message>
        <source>Attach to the live session NAME (a program run with PROCLAB_SESSION=NAME; see proclab-cli sessions).</source>
        <translation>连接到正在运行的会话 NAME（以 PROCLAB_SESSION=NAME 运行的程序；参见 proclab-cli sessions）。</translation>
    </message>
    <message>
        <source>The interface language for this run: %1 (View ▸ Language is remembered).</source>
        <translation>本次运行的界面语言：%1（“视图 ▸ 语言”中的选择会被记住）。</translation>
    </message>
    <message>
        <source>Start showing these processes: session, mine or all.</source>
        <translation>启动时显示这些进程：session（本会话）、mine（我的）或 all（全部）。</translation>
    </message>
    <message>
        <source>Run a Python script (watched live) at start; the remaining arguments are the script&apos;s.</source>
        <translation>启动时运行一个 Python 脚本（实时观察）；其余参数传给该脚本。</translation>
    </message>
    <message>
        <source>With --python: the script&apos;s arguments.</source>
        <translation>与 --python 一起使用：脚本的参数。</translation>
    </message>
    <message>
        <source>no display (neither DISPLAY nor WAYLAND_DISPLAY is set): the window needs a desktop session, or a virtual X server (xvfb-run -a proclab)</source>
        <translation>没有显示器（DISPLAY 和 WAYLAND_DISPLAY 都未设置）：窗口需要桌面会话，或虚拟 X 服务器（xvfb-run -a proclab）</translation>
    </message>
    <message>
        <source>proclab: %1
(proclab --help lists the options)
</source>
        <translation>proclab：%1
（proclab --help 列出所有选项）
</translation>
    </message>
    <message>
        <source>--session: %1</source>
        <translation>--session：%1</translation>
    </message>
    <message>
        <source>--session: &apos;%1&apos; is not a session name; see proclab-cli sessions</source>
        <translation>--session：“%1”不是会话名称；参见 proclab-cli sessions</translation>
    </message>
    <message>
        <source>--lang: ProcLab has no language &apos;%1&apos;; choose %2</source>
        <translation>--lang：ProcLab 没有“%1”这种语言；请选择 %2</translation>
    </message>
    <message>
        <source> or </source>
        <translation> 或 </translation>
    </message>
    <message>
        <source>--scope: &apos;%1&apos; is none of session, mine, all</source>
        <translation>--scope：“%1”不是 session、mine、all 之一</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos; (only --python takes further arguments)</source>
        <translation>多余的参数“%1”（只有 --python 接受更多参数）</translation>
    </message>
    <message>
        <source>--lesson: no lesson %1; no lessons are installed</source>
        <translation>--lesson：没有课程 %1；没有安装任何课程</translation>
    </message>
    <message>
        <source>--lesson: no lesson %1; lessons are %2–%3</source>
        <translation>--lesson：没有课程 %1；课程编号为 %2–%3</translation>
    </message>
</context>
<context>
    <name>DebrisNotice</name>
    <message numerus="yes">
        <source>Removed %n leftover shared object(s) of programs that were killed.</source>
        <translation>
            <numerusform>已删除被杀死程序遗留的 %n 个共享对象。</numerusform>
        </translation>
    </message>
    <message>
        <source>Leftovers of killed programs</source>
        <translation>被杀死程序的遗留对象</translation>
    </message>
    <message numerus="yes">
        <source>%n shared object(s) in /dev/shm belong to programs that are no longer running, and no live program uses them. Remove them?</source>
        <translation>
            <numerusform>/dev/shm 中有 %n 个共享对象属于已不再运行的程序，且没有正在运行的程序使用它们。要删除它们吗？</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message numerus="yes">
        <source>Removed %n shared object(s).</source>
        <translation>
            <numerusform>已删除 %n 个共享对象。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Glossary</name>
    <message>
        <source>A running program with its own memory; multiprocessing.Process starts one.</source>
        <translation>一个正在运行、拥有自己内存的程序；multiprocessing.Process 会启动一个。</translation>
    </message>
    <message>
        <source>A process started by another process, its parent.</source>
        <translation>由另一个进程（它的父进程）启动的进程。</translation>
    </message>
    <message>
        <source>A child that is terminated when its parent ends; it may not start children.</source>
        <translation>父进程结束时会被终止的子进程；它不能再创建子进程。</translation>
    </message>
    <message>
        <source>A fixed group of worker processes that run many tasks one after another.</source>
        <translation>一组固定数量的工作进程，依次执行许多任务。</translation>
    </message>
    <message>
        <source>A first-in, first-out channel that many processes can put to and get from.</source>
        <translation>先进先出的通道，多个进程都可以向其中放入和取出数据。</translation>
    </message>
    <message>
        <source>A connection with two ends; what one end sends, the other receives.</source>
        <translation>有两端的连接：一端发送的内容由另一端接收。</translation>
    </message>
    <message>
        <source>Lets only one process at a time run a critical section.</source>
        <translation>同一时刻只允许一个进程执行临界区。</translation>
    </message>
    <message>
        <source>Memory that several processes can read and write directly.</source>
        <translation>多个进程可以直接读写的同一块内存。</translation>
    </message>
    <message>
        <source>A process whose parent has ended; another process adopts it.</source>
        <translation>父进程已经结束的进程；会由另一个进程收养。</translation>
    </message>
    <message>
        <source>How a process ended: 0 ok, 1 an exception, -N killed by signal N.</source>
        <translation>进程结束的方式：0 正常，1 出现异常，-N 被信号 N 杀死。</translation>
    </message>
    <message>
        <source>A process that has ended but whose exit code its parent has not read yet.</source>
        <translation>已经结束、但父进程还没有读取其退出码的进程。</translation>
    </message>
    <message>
        <source>A marker such as None put last into a queue: no more data follows.</source>
        <translation>最后放入队列的标记，例如 None：表示后面没有数据了。</translation>
    </message>
    <message>
        <source>A function the pool calls with a task&apos;s result when it is ready.</source>
        <translation>任务结果就绪时，进程池用这个结果调用的函数。</translation>
    </message>
    <message>
        <source>CPython&apos;s global interpreter lock: one thread at a time runs Python code.</source>
        <translation>CPython 的全局解释器锁：同一时刻只有一个线程执行 Python 代码。</translation>
    </message>
</context>
<context>
    <name>GlossaryBar</name>
    <message>
        <source>Glossary (hover a word):</source>
        <translation>术语表（鼠标悬停查看解释）：</translation>
    </message>
</context>
<context>
    <name>HeaderMeters</name>
    <message>
        <source>Load average: %1 %2 %3</source>
        <translation>平均负载：%1 %2 %3</translation>
    </message>
    <message>
        <source>Tasks: %1, %2 running</source>
        <translation>任务：%1，%2 个运行中</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>no swap</source>
        <translation>无交换空间</translation>
    </message>
    <message>
        <source>The machine now, as htop shows it: each CPU&apos;s use since the previous sample, memory in use (without caches), swap in use, the load average over 1, 5 and 15 minutes.</source>
        <translation>本机当前状况，与 htop 所示相同：各 CPU 自上次采样以来的使用率、已用内存（不含缓存）、已用交换空间，以及 1、5、15 分钟的平均负载。</translation>
    </message>
    <message>
        <source>Mem</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Swp</source>
        <translation>交换</translation>
    </message>
    <message>
        <source>Reading the machine&apos;s meters…</source>
        <translation>正在读取本机的指标…</translation>
    </message>
</context>
<context>
    <name>HeldProcessModel</name>
    <message>
        <source>can move</source>
        <translation>可以走</translation>
    </message>
    <message>
        <source>blocked: %1</source>
        <translation>阻塞：%1</translation>
    </message>
    <message>
        <source>Double-click to let %1 do this operation</source>
        <translation>双击让 %1 执行这个操作</translation>
    </message>
    <message>
        <source>%1 would block now: %2</source>
        <translation>%1 现在会阻塞：%2</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>进程</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>About to</source>
        <translation>即将</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Can it move?</source>
        <translation>能走吗？</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>py %1 · C++ %2</source>
        <translation>Python 第 %1 行 · C++ 第 %2 行</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <source>C++ line %1</source>
        <translation>C++ 第 %1 行</translation>
    </message>
</context>
<context>
    <name>LaunchSpec</name>
    <message>
        <source>Sleep</source>
        <translation>休眠</translation>
    </message>
    <message>
        <source>Busy CPU</source>
        <translation>占用 CPU</translation>
    </message>
    <message>
        <source>Print lines</source>
        <translation>打印多行</translation>
    </message>
    <message>
        <source>Produce to a queue</source>
        <translation>向队列生产</translation>
    </message>
    <message>
        <source>Consume from a queue</source>
        <translation>从队列消费</translation>
    </message>
    <message>
        <source>Hold a lock</source>
        <translation>持有锁</translation>
    </message>
    <message>
        <source>Fail with an exception</source>
        <translation>抛出异常而失败</translation>
    </message>
    <message>
        <source>Crash with a signal</source>
        <translation>因信号崩溃</translation>
    </message>
    <message>
        <source>Spawn children</source>
        <translation>创建子进程</translation>
    </message>
    <message>
        <source>Echo server on 127.0.0.1</source>
        <translation>127.0.0.1 上的回显服务器</translation>
    </message>
    <message>
        <source>Max retries must be between 0 and 100.</source>
        <translation>最大重试次数必须在 0 到 100 之间。</translation>
    </message>
    <message>
        <source>Back-off must be between 0 and 600 s.</source>
        <translation>退避时间必须在 0 到 600 秒之间。</translation>
    </message>
    <message>
        <source>Working directory %1 does not exist.</source>
        <translation>工作目录 %1 不存在。</translation>
    </message>
    <message>
        <source>The shell command line is empty.</source>
        <translation>shell 命令行为空。</translation>
    </message>
    <message>
        <source>Permission denied: %1 is not executable.</source>
        <translation>权限不足：%1 不可执行。</translation>
    </message>
    <message>
        <source>The command is empty.</source>
        <translation>命令为空。</translation>
    </message>
    <message>
        <source>Program &quot;%1&quot; was not found in PATH.</source>
        <translation>在 PATH 中找不到程序“%1”。</translation>
    </message>
    <message>
        <source>Program %1 does not exist.</source>
        <translation>程序 %1 不存在。</translation>
    </message>
    <message>
        <source>%1 is a directory, not a program.</source>
        <translation>%1 是一个目录，不是程序。</translation>
    </message>
    <message>
        <source>The fork start method is unsafe in the threaded GUI: use forkserver or spawn.</source>
        <translation>在多线程的图形界面中使用 fork 启动方式不安全：请使用 forkserver 或 spawn。</translation>
    </message>
    <message>
        <source>Seconds must be between 0 and 86400.</source>
        <translation>秒数必须在 0 到 86400 之间。</translation>
    </message>
    <message>
        <source>Interval must be between 0 and 3600 s.</source>
        <translation>间隔必须在 0 到 3600 秒之间。</translation>
    </message>
    <message>
        <source>Count must be between 1 and 100,000,000.</source>
        <translation>数量必须在 1 到 100,000,000 之间。</translation>
    </message>
    <message>
        <source>Count must not be negative.</source>
        <translation>数量不能为负数。</translation>
    </message>
    <message>
        <source>Children must be between 1 and 64.</source>
        <translation>子进程数必须在 1 到 64 之间。</translation>
    </message>
    <message>
        <source>A daemon process may not create children.</source>
        <translation>守护进程不能创建子进程。</translation>
    </message>
    <message>
        <source>Signal must be between 1 and 64.</source>
        <translation>信号必须在 1 到 64 之间。</translation>
    </message>
    <message>
        <source>Port must be between 0 and 65535.</source>
        <translation>端口必须在 0 到 65535 之间。</translation>
    </message>
    <message>
        <source>Choose a queue (create one in the Channels panel).</source>
        <translation>请选择一个队列（可在“通道与锁”面板中创建）。</translation>
    </message>
    <message>
        <source>Choose a lock (create one in the Channels panel).</source>
        <translation>请选择一个锁（可在“通道与锁”面板中创建）。</translation>
    </message>
    <message>
        <source>Start method %1 is none of fork, spawn, forkserver.</source>
        <translation>启动方式 %1 不是 fork、spawn、forkserver 之一。</translation>
    </message>
    <message>
        <source>The Python bridge is not installed: the script would run unwatched. Untick &quot;Watch Python multiprocessing&quot; to run it anyway.</source>
        <translation>未安装 Python 桥接：脚本将在不被观察的情况下运行。如仍要运行，请取消勾选“观察 Python multiprocessing”。</translation>
    </message>
    <message>
        <source>Count must be between 1 and %1.</source>
        <translation>数量必须在 1 到 %1 之间。</translation>
    </message>
    <message>
        <source>An environment line has no variable name before &apos;=&apos;.</source>
        <translation>有一行环境变量在“=”前没有变量名。</translation>
    </message>
    <message>
        <source>Environment variable name &quot;%1&quot; may not contain spaces or &apos;=&apos;.</source>
        <translation>环境变量名“%1”不能包含空格或“=”。</translation>
    </message>
</context>
<context>
    <name>LauncherDialog</name>
    <message>
        <source>New Process</source>
        <translation>新建进程</translation>
    </message>
    <message>
        <source>Built-in &amp;task</source>
        <translation>内置任务(&amp;T)</translation>
    </message>
    <message>
        <source>External &amp;command</source>
        <translation>外部命令(&amp;C)</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>进程</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Daemon (terminated when its parent ends; may not have children)</source>
        <translation>守护进程（父进程结束时被终止；不能创建子进程）</translation>
    </message>
    <message>
        <source>C&amp;ount (copies):</source>
        <translation>数量（副本数）(&amp;O)：</translation>
    </message>
    <message>
        <source>Start now (otherwise it waits in state &quot;created&quot; until Start)</source>
        <translation>立即启动（否则停留在“已创建”状态，直到点击“启动”）</translation>
    </message>
    <message>
        <source>Never restart</source>
        <translation>从不重启</translation>
    </message>
    <message>
        <source>Restart on failure</source>
        <translation>失败时重启</translation>
    </message>
    <message>
        <source>max retries</source>
        <translation>最大重试次数</translation>
    </message>
    <message>
        <source>back-off (s, doubles)</source>
        <translation>退避时间（秒，每次加倍）</translation>
    </message>
    <message>
        <source>&amp;Launch</source>
        <translation>启动(&amp;L)</translation>
    </message>
    <message>
        <source>fork is not offered: forking the threaded GUI is unsafe.</source>
        <translation>不提供 fork：对多线程的图形界面进程执行 fork 是不安全的。</translation>
    </message>
    <message>
        <source>Seconds:</source>
        <translation>秒数：</translation>
    </message>
    <message>
        <source>Count:</source>
        <translation>数量：</translation>
    </message>
    <message>
        <source>Interval (s):</source>
        <translation>间隔（秒）：</translation>
    </message>
    <message>
        <source>Object:</source>
        <translation>对象：</translation>
    </message>
    <message>
        <source>Message:</source>
        <translation>消息：</translation>
    </message>
    <message>
        <source>Signal:</source>
        <translation>信号：</translation>
    </message>
    <message>
        <source>Port (0: any):</source>
        <translation>端口（0：任意）：</translation>
    </message>
    <message>
        <source>Start method:</source>
        <translation>启动方式：</translation>
    </message>
    <message>
        <source>Run through the shell (/bin/sh -c)</source>
        <translation>通过 shell 运行（/bin/sh -c）</translation>
    </message>
    <message>
        <source>One argument per line: the program first, e.g.
sleep
30</source>
        <translation>每行一个参数，第一行是程序，例如：
sleep
30</translation>
    </message>
    <message>
        <source>default: ProcLab&apos;s working directory</source>
        <translation>默认：ProcLab 的工作目录</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Working Directory</source>
        <translation>工作目录</translation>
    </message>
    <message>
        <source>NAME=value, one per line (added to the environment)</source>
        <translation>NAME=value，每行一个（添加到环境变量中）</translation>
    </message>
    <message>
        <source>Arguments:</source>
        <translation>参数：</translation>
    </message>
    <message>
        <source>Command line:</source>
        <translation>命令行：</translation>
    </message>
    <message>
        <source>Runs:</source>
        <translation>将运行：</translation>
    </message>
    <message>
        <source>Working directory:</source>
        <translation>工作目录：</translation>
    </message>
    <message>
        <source>Environment:</source>
        <translation>环境变量：</translation>
    </message>
    <message>
        <source>Sleeps for the given seconds, then exits with 0.</source>
        <translation>休眠指定的秒数，然后以 0 退出。</translation>
    </message>
    <message>
        <source>Spins on one CPU for the given seconds: watch CPU % rise.</source>
        <translation>在一个 CPU 上空转指定的秒数：观察 CPU % 上升。</translation>
    </message>
    <message>
        <source>Prints numbered lines to stdout (interval 0: as fast as possible).</source>
        <translation>向标准输出打印带编号的行（间隔为 0：尽可能快）。</translation>
    </message>
    <message>
        <source>Puts items on a queue; it blocks while the queue is full.</source>
        <translation>向队列放入数据；队列满时阻塞。</translation>
    </message>
    <message>
        <source>Gets items from a queue; it blocks while the queue is empty (count 0: until idle for the interval).</source>
        <translation>从队列取出数据；队列为空时阻塞（数量为 0：直到空闲超过间隔时间）。</translation>
    </message>
    <message>
        <source>Acquires a lock and holds it: start two to see one blocked on the other.</source>
        <translation>获取一个锁并持有它：启动两个，可以看到一个被另一个阻塞。</translation>
    </message>
    <message>
        <source>Raises an exception: exit code 1 and the message on stderr.</source>
        <translation>抛出异常：退出码为 1，消息输出到标准错误。</translation>
    </message>
    <message>
        <source>Kills itself with a signal: the exit code is minus the signal number.</source>
        <translation>用信号杀死自己：退出码是信号编号的相反数。</translation>
    </message>
    <message>
        <source>Starts child processes that sleep, then joins them: a small tree.</source>
        <translation>启动若干休眠的子进程，然后 join 它们：一棵小小的进程树。</translation>
    </message>
    <message>
        <source>Echoes what clients send on 127.0.0.1 (port 0: any free port, printed); seconds 0: until stopped.</source>
        <translation>在 127.0.0.1 上回显客户端发送的内容（端口 0：任意空闲端口，会打印出来）；秒数为 0：直到被停止。</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not a valid number.</source>
        <translation>%1：“%2”不是有效的数字。</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Max retries</source>
        <translation>最大重试次数</translation>
    </message>
    <message>
        <source>Back-off</source>
        <translation>退避时间</translation>
    </message>
    <message>
        <source>Environment: &quot;%1&quot; is not NAME=value.</source>
        <translation>环境变量：“%1”不是 NAME=value 格式。</translation>
    </message>
    <message>
        <source>Seconds</source>
        <translation>秒数</translation>
    </message>
    <message>
        <source>Interval</source>
        <translation>间隔</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Restart:</source>
        <translation>重启策略：</translation>
    </message>
    <message>
        <source>Watch Python multiprocessing (its processes, queues, locks and pools show live)</source>
        <translation>观察 Python multiprocessing（实时显示其进程、队列、锁和进程池）</translation>
    </message>
    <message>
        <source>1 to %1 copies, named name-1 … name-N; they start one after another without holding up the window (progress in the status bar).</source>
        <translation>1 到 %1 个副本，命名为 名称-1 … 名称-N；它们依次启动，不会卡住窗口（进度显示在状态栏）。</translation>
    </message>
    <message>
        <source>default: the program&apos;s name; a built-in task is Process-N, as in Python</source>
        <translation>默认：程序的名称；内置任务为 Process-N，与 Python 相同</translation>
    </message>
</context>
<context>
    <name>LessonBrowser</name>
    <message>
        <source>Processes 进程</source>
        <translation>进程 Process</translation>
    </message>
    <message>
        <source>Locks 锁</source>
        <translation>锁 Lock</translation>
    </message>
    <message>
        <source>Queues 队列</source>
        <translation>队列 Queue</translation>
    </message>
    <message>
        <source>Pipes 管道</source>
        <translation>管道 Pipe</translation>
    </message>
    <message>
        <source>Pools 进程池</source>
        <translation>进程池 Pool</translation>
    </message>
    <message>
        <source>Managers 管理器</source>
        <translation>管理器 Manager</translation>
    </message>
    <message>
        <source>Other lessons</source>
        <translation>其他课程</translation>
    </message>
    <message>
        <source>(needs %1)</source>
        <translation>（需要 %1）</translation>
    </message>
    <message>
        <source>Cannot run yet: %1</source>
        <translation>暂时无法运行：%1</translation>
    </message>
    <message>
        <source>Lesson files with errors</source>
        <translation>有错误的课程文件</translation>
    </message>
    <message>
        <source>Search lessons (title, topic, number)…</source>
        <translation>搜索课程（标题、主题、编号）…</translation>
    </message>
    <message>
        <source>Shared memory 共享内存</source>
        <translation>共享内存 Shared memory</translation>
    </message>
    <message>
        <source>Advanced 进阶</source>
        <translation>进阶 Advanced</translation>
    </message>
    <message>
        <source>Be the scheduler 当调度器</source>
        <translation>当调度器 Be the scheduler</translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <source>Cannot use the lesson file %1</source>
        <translation>无法使用课程文件 %1</translation>
    </message>
    <message>
        <source>Step mode: press Step for each step, Run to End for the rest.</source>
        <translation>单步模式：每按一次“单步”执行一步，按“运行到结束”执行剩余部分。</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>正在运行…</translation>
    </message>
    <message>
        <source>The lesson has ended.</source>
        <translation>课程已结束。</translation>
    </message>
    <message>
        <source>The lesson was stopped (its processes were killed).</source>
        <translation>课程已停止（它的进程已被杀死）。</translation>
    </message>
    <message>
        <source>The lesson ended with an error (exit code %1).</source>
        <translation>课程因错误而结束（退出码 %1）。</translation>
    </message>
    <message>
        <source>en</source>
        <extracomment>The language of the lessons&apos; titles and explanations: &quot;en&quot; or &quot;zh_CN&quot; (not shown).</extracomment>
        <translation>zh_CN</translation>
    </message>
    <message>
        <source>Paused: every process of the lesson is stopped (state T). Resume continues them.</source>
        <translation>已暂停：课程的每个进程都已停止（状态 T）。按“继续”让它们接着运行。</translation>
    </message>
    <message>
        <source>Restarting…</source>
        <translation>正在重新开始…</translation>
    </message>
    <message>
        <source>Running the Python code (python3, watched)…</source>
        <translation>正在运行 Python 代码（python3，实时观察）…</translation>
    </message>
    <message>
        <source>Running the C++ twin…</source>
        <translation>正在运行 C++ 对应程序…</translation>
    </message>
    <message>
        <source>The lesson could not start: %1</source>
        <translation>课程无法启动：%1</translation>
    </message>
    <message>
        <source>Starting the lesson…</source>
        <translation>正在启动课程…</translation>
    </message>
    <message>
        <source>Goal reached: %1</source>
        <translation>目标已达成：%1</translation>
    </message>
</context>
<context>
    <name>LessonRun</name>
    <message>
        <source>The lesson is still running.</source>
        <translation>课程仍在运行。</translation>
    </message>
    <message>
        <source>Cannot find proclab-cli (looked for %1).</source>
        <translation>找不到 proclab-cli（查找位置：%1）。</translation>
    </message>
</context>
<context>
    <name>LessonView</name>
    <message>
        <source>Lesson %1: %2</source>
        <translation>第 %1 课：%2</translation>
    </message>
    <message>
        <source>This lesson cannot run yet: %1. Read its code; the Run button is off.</source>
        <translation>本课暂时无法运行：%1。可以阅读它的代码；“运行”按钮已禁用。</translation>
    </message>
    <message>
        <source>Nothing runs: fix the lesson file, then choose it again.</source>
        <translation>不会运行任何内容：请修正课程文件，然后重新选择它。</translation>
    </message>
    <message>
        <source>Step %1 of %2 (Python line %3, C++ line %4)</source>
        <translation>第 %1 步，共 %2 步（Python 第 %3 行，C++ 第 %4 行）</translation>
    </message>
    <message>
        <source>Run to &amp;End</source>
        <translation>运行到结束(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>继续(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Run the lesson&apos;s main program as a real process; its processes appear in the table.</source>
        <translation>把课程的主程序作为真实进程运行；它的进程会出现在进程表中。</translation>
    </message>
    <message>
        <source>Stop the whole process tree of the lesson (SIGSTOP); again to continue (SIGCONT).</source>
        <translation>停止课程的整棵进程树（SIGSTOP）；再按一次继续运行（SIGCONT）。</translation>
    </message>
    <message>
        <source>S&amp;tep</source>
        <translation>单步(&amp;T)</translation>
    </message>
    <message>
        <source>Let the main program run one step, then wait.</source>
        <translation>让主程序执行一步，然后等待。</translation>
    </message>
    <message>
        <source>Re&amp;start</source>
        <translation>重来(&amp;S)</translation>
    </message>
    <message>
        <source>Kill the lesson&apos;s processes and run it again from the start.</source>
        <translation>杀死课程的进程，并从头重新运行。</translation>
    </message>
    <message>
        <source>St&amp;op</source>
        <translation>停止(&amp;O)</translation>
    </message>
    <message>
        <source>Kill the lesson&apos;s whole process tree.</source>
        <translation>杀死课程的整棵进程树。</translation>
    </message>
    <message>
        <source>Spee&amp;d:</source>
        <translation>速度(&amp;D)：</translation>
    </message>
    <message>
        <source>Sleeps and timeouts are divided by this factor: at 4 × a 10-second lesson takes 2.5 s. Used from the next run.</source>
        <translation>睡眠和超时时间都会除以这个倍数：4 × 时，一个 10 秒的课程只需 2.5 秒。从下一次运行开始生效。</translation>
    </message>
    <message>
        <source>What happened: seconds since the start, [process PID], what it did:</source>
        <translation>运行记录：自开始以来的秒数、[进程 PID]、它做了什么：</translation>
    </message>
    <message>
        <source>The Python program of the tutorial</source>
        <translation>教程中的 Python 程序</translation>
    </message>
    <message>
        <source>The same program with ProcLab in C++</source>
        <translation>用 ProcLab 写成的同一个 C++ 程序</translation>
    </message>
    <message>
        <source>R&amp;uns:</source>
        <translation>运行(&amp;U)：</translation>
    </message>
    <message>
        <source>C++ twin</source>
        <translation>C++ 对应程序</translation>
    </message>
    <message>
        <source>Python code</source>
        <translation>Python 代码</translation>
    </message>
    <message>
        <source>Run the lesson&apos;s C++ twin, or its Python code itself with python3, watched live: its processes, queues and pools appear in the table. Either one runs step by step with Step.</source>
        <translation>运行本课的 C++ 对应程序，或用 python3 运行其 Python 代码本身并实时观察：它的进程、队列和进程池会出现在表格中。两者都可以用“单步”逐步运行。</translation>
    </message>
    <message>
        <source>Goal (turn on scheduler mode in the Scheduler dock, then run): %1</source>
        <translation>目标（先在“调度器”停靠窗口中打开调度器模式，再运行）：%1</translation>
    </message>
</context>
<context>
    <name>MainActions</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Attach to Session…</source>
        <translation>附加到会话(&amp;A)…</translation>
    </message>
    <message>
        <source>Watch another program started with PROCLAB_SESSION=&lt;name&gt;</source>
        <translation>观察另一个以 PROCLAB_SESSION=&lt;名称&gt; 启动的程序</translation>
    </message>
    <message>
        <source>&amp;Export Table as CSV…</source>
        <translation>将表格导出为 CSV(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Close ProcLab</source>
        <translation>关闭 ProcLab</translation>
    </message>
    <message>
        <source>&amp;Process</source>
        <translation>进程(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Pause Updates</source>
        <translation>暂停更新(&amp;P)</translation>
    </message>
    <message>
        <source>Freeze the tables on the last sample (the processes keep running).</source>
        <translation>将表格冻结在最后一次采样（进程仍在运行）。</translation>
    </message>
    <message>
        <source>Process &amp;Tree</source>
        <translation>进程树(&amp;T)</translation>
    </message>
    <message>
        <source>Refresh &amp;Rate</source>
        <translation>刷新频率(&amp;R)</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System Language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>&amp;Lessons…</source>
        <translation>课程(&amp;L)…</translation>
    </message>
    <message>
        <source>Step-by-step lessons: Python&apos;s multiprocessing examples run for real</source>
        <translation>分步课程：真实运行 Python multiprocessing 的示例</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About ProcLab</source>
        <translation>关于 ProcLab(&amp;A)</translation>
    </message>
    <message>
        <source>Show ProcLab&apos;s version and license</source>
        <translation>显示 ProcLab 的版本和许可证</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>Show the version of Qt in use</source>
        <translation>显示正在使用的 Qt 版本</translation>
    </message>
    <message>
        <source>&amp;Scope</source>
        <translation>范围(&amp;S)</translation>
    </message>
    <message>
        <source>This Session</source>
        <translation>本会话</translation>
    </message>
    <message>
        <source>The processes of this session and their descendants (children of launched commands).</source>
        <translation>本会话的进程及其后代（所启动命令的子进程）。</translation>
    </message>
    <message>
        <source>My Processes</source>
        <translation>我的进程</translation>
    </message>
    <message>
        <source>Every process of your user on this machine, with ps&apos;s columns.</source>
        <translation>本机上属于你的用户的所有进程，显示 ps 的各列。</translation>
    </message>
    <message>
        <source>All Processes</source>
        <translation>所有进程</translation>
    </message>
    <message>
        <source>Every process on this machine, as htop shows them.</source>
        <translation>本机上的所有进程，如 htop 所示。</translation>
    </message>
    <message>
        <source>Which processes the table shows (View ▸ Scope).</source>
        <translation>表格显示哪些进程（视图 ▸ 范围）。</translation>
    </message>
    <message>
        <source>Run &amp;Python Script…</source>
        <translation>运行 Python 脚本(&amp;P)…</translation>
    </message>
    <message>
        <source>Run a Python multiprocessing program and watch its processes live</source>
        <translation>运行一个 Python multiprocessing 程序并实时观察它的进程</translation>
    </message>
    <message>
        <source>Run the &amp;Demo</source>
        <translation>运行演示(&amp;D)</translation>
    </message>
    <message>
        <source>Start the demo: a producer, consumers, a pool and a lock, to see every view at work</source>
        <translation>启动演示：一个生产者、几个消费者、一个进程池和一把锁，看看每个视图如何工作</translation>
    </message>
    <message>
        <source>Refresh &amp;Now</source>
        <translation>立即刷新(&amp;N)</translation>
    </message>
    <message>
        <source>Run with &amp;MPI…</source>
        <translation>用 MPI 运行(&amp;M)…</translation>
    </message>
    <message>
        <source>Run a program on several MPI ranks with mpirun and watch its ranks live</source>
        <translation>用 mpirun 在多个 MPI rank 上运行程序，并实时查看各个 rank</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>ProcLab — Process Laboratory</source>
        <translation>ProcLab — 进程实验室</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Channels and Locks</source>
        <translation>通道与锁</translation>
    </message>
    <message>
        <source>Plots</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Scheduler</source>
        <translation>调度器</translation>
    </message>
</context>
<context>
    <name>MpiRunDialog</name>
    <message>
        <source>More ranks than cores (--oversubscribe)</source>
        <translation>rank 数可多于核心数（--oversubscribe）</translation>
    </message>
    <message>
        <source>Run with MPI</source>
        <translation>用 MPI 运行</translation>
    </message>
    <message>
        <source>Starts the program on several MPI ranks with mpirun (Open MPI). The ranks on this computer join this session: the worker ranks of a ProcLab MPI pool appear as pool workers named host:rank.</source>
        <translation>用 mpirun（Open MPI）在多个 MPI rank 上启动程序。本机上的 rank 会加入本会话：ProcLab MPI 进程池的工作 rank 显示为名为 host:rank（主机:rank）的进程池工作进程。</translation>
    </message>
    <message>
        <source>an MPI program</source>
        <translation>一个 MPI 程序</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>MPI Program</source>
        <translation>MPI 程序</translation>
    </message>
    <message>
        <source>as in a shell, e.g. --size 1000 &quot;two words&quot;</source>
        <translation>与 shell 中相同，例如 --size 1000 &quot;two words&quot;</translation>
    </message>
    <message>
        <source>mpirun -np: rank 0 runs main(), the other ranks serve its MPI pool.</source>
        <translation>mpirun -np：rank 0 运行 main()，其余 rank 为它的 MPI 进程池服务。</translation>
    </message>
    <message>
        <source>optional: the machines and their slots, e.g. node01 slots=16</source>
        <translation>可选：各台机器及其槽位数，例如 node01 slots=16</translation>
    </message>
    <message>
        <source>Hostfile</source>
        <translation>主机文件</translation>
    </message>
    <message>
        <source>Without it, mpirun refuses to start more ranks than the machines have cores.</source>
        <translation>不勾选时，mpirun 拒绝启动多于机器核心数的 rank。</translation>
    </message>
    <message>
        <source>Program:</source>
        <translation>程序：</translation>
    </message>
    <message>
        <source>Arguments:</source>
        <translation>参数：</translation>
    </message>
    <message>
        <source>Ranks:</source>
        <translation>rank 数：</translation>
    </message>
    <message>
        <source>Hostfile:</source>
        <translation>主机文件：</translation>
    </message>
    <message>
        <source>Command:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Running as root: mpirun is allowed to run as root (OMPI_ALLOW_RUN_AS_ROOT=1, OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1).</source>
        <translation>正以 root 身份运行：已允许 mpirun 以 root 身份运行（OMPI_ALLOW_RUN_AS_ROOT=1、OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1）。</translation>
    </message>
    <message>
        <source>Choose a program to run.</source>
        <translation>请选择要运行的程序。</translation>
    </message>
    <message>
        <source>The number of ranks must be at least 1.</source>
        <translation>rank 数至少为 1。</translation>
    </message>
    <message>
        <source>Hostfile %1 does not exist.</source>
        <translation>主机文件 %1 不存在。</translation>
    </message>
    <message>
        <source>Hostfile %1 cannot be read.</source>
        <translation>无法读取主机文件 %1。</translation>
    </message>
    <message>
        <source>mpirun was not found in PATH: install Open MPI (Debian: openmpi-bin).</source>
        <translation>在 PATH 中找不到 mpirun：请安装 Open MPI（Debian：openmpi-bin）。</translation>
    </message>
</context>
<context>
    <name>ObjectsModel</name>
    <message>
        <source>%1 / unbounded</source>
        <translation>%1 / 不限</translation>
    </message>
    <message numerus="yes">
        <source>%n in flight</source>
        <translation>
            <numerusform>%n 条传输中</numerusform>
        </translation>
    </message>
    <message>
        <source>held</source>
        <translation>已占用</translation>
    </message>
    <message>
        <source>free</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>set</source>
        <translation>已设置</translation>
    </message>
    <message>
        <source>clear</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>value %1</source>
        <translation>值 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n parties</source>
        <translation>
            <numerusform>%n 方</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 workers · %2 queued · %3 running</source>
        <translation>%1 个工作进程 · %2 个排队 · %3 个运行中</translation>
    </message>
    <message>
        <source>%1 put · %2 got</source>
        <translation>放入 %1 · 取出 %2</translation>
    </message>
    <message>
        <source>%1 done · %2 failed · %3 lost</source>
        <translation>完成 %1 · 失败 %2 · 丢失 %3</translation>
    </message>
    <message>
        <source>Messages waiting in the queue / its maxsize.</source>
        <translation>队列中等待的消息数 / 队列的 maxsize。</translation>
    </message>
    <message>
        <source>Processes or threads sleeping on this object.</source>
        <translation>在此对象上休眠等待的进程或线程数。</translation>
    </message>
    <message>
        <source>The shared object&apos;s name: any process of the session can open it by this name.</source>
        <translation>共享对象的名称：会话中的任何进程都可以通过此名称打开它。</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Creator</source>
        <translation>创建者</translation>
    </message>
    <message>
        <source>Depth / capacity</source>
        <translation>深度 / 容量</translation>
    </message>
    <message>
        <source>Puts/s</source>
        <translation>放入/秒</translation>
    </message>
    <message>
        <source>Gets/s</source>
        <translation>取出/秒</translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>持有者</translation>
    </message>
    <message>
        <source>Waiters</source>
        <translation>等待者</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Pipe</source>
        <translation>管道</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁</translation>
    </message>
    <message>
        <source>RLock</source>
        <translation>可重入锁</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Semaphore</source>
        <translation>信号量</translation>
    </message>
    <message>
        <source>BoundedSemaphore</source>
        <translation>有界信号量</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>条件变量</translation>
    </message>
    <message>
        <source>Barrier</source>
        <translation>屏障</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>共享值</translation>
    </message>
    <message>
        <source>Array</source>
        <translation>共享数组</translation>
    </message>
    <message>
        <source>Shared memory</source>
        <translation>共享内存</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>进程池</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>管理器</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>进程</translation>
    </message>
</context>
<context>
    <name>OutputModel</name>
    <message>
        <source>stderr of PID %1</source>
        <translation>PID %1 的标准错误</translation>
    </message>
    <message>
        <source>stdout of PID %1</source>
        <translation>PID %1 的标准输出</translation>
    </message>
</context>
<context>
    <name>OutputPanel</name>
    <message numerus="yes">
        <source>%n older line(s) dropped</source>
        <translation>
            <numerusform>已丢弃 %n 行较旧的输出</numerusform>
        </translation>
    </message>
    <message>
        <source>All processes</source>
        <translation>所有进程</translation>
    </message>
    <message>
        <source>Search output…</source>
        <translation>搜索输出…</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>跟随</translation>
    </message>
    <message>
        <source>Keep the newest line in view.</source>
        <translation>始终显示最新的一行。</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Forget the output captured so far.</source>
        <translation>丢弃目前已捕获的输出。</translation>
    </message>
    <message>
        <source>stderr merged for some processes</source>
        <translation>部分进程的 stderr 已并入 stdout</translation>
    </message>
    <message>
        <source>stderr merged: exact order</source>
        <translation>stderr 已并入：顺序准确</translation>
    </message>
    <message>
        <source>stderr apart: order as read</source>
        <translation>stderr 分开：按读取顺序</translation>
    </message>
    <message>
        <source>Merge stderr (2&gt;&amp;&amp;1)</source>
        <translation>合并 stderr（2&gt;&amp;&amp;1）</translation>
    </message>
    <message>
        <source>For processes launched from now on: stderr goes into stdout (2&gt;&amp;1), so lines keep the exact order in which they were written, but are no longer marked as errors.</source>
        <translation>对此后启动的进程生效：stderr 写入 stdout（2&gt;&amp;1），各行保持写入时的准确顺序，但不再标记为错误输出。</translation>
    </message>
    <message>
        <source>Apart, stdout and stderr are two pipes read together: lines keep the order in which they were read, which can differ from the order in which they were written. Errors have a cap of their own: an output flood never drops them.</source>
        <translation>分开时，stdout 和 stderr 是两个一起读取的管道：各行保持读取时的顺序，可能与写入顺序不同。错误输出有单独的上限：大量输出不会挤掉错误行。</translation>
    </message>
</context>
<context>
    <name>PlotExport</name>
    <message>
        <source>Nothing to export.</source>
        <translation>没有可导出的内容。</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>PlotsPanel</name>
    <message>
        <source>Pool timeline</source>
        <translation>进程池时间线</translation>
    </message>
    <message>
        <source>What each pool worker did and when: tasks, idle time, the caller&apos;s waits</source>
        <translation>每个进程池工作进程在何时做了什么：任务、空闲时间、调用者的等待</translation>
    </message>
    <message>
        <source>Queues</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Messages waiting in each queue and pipe over time</source>
        <translation>每个队列和管道中等待的消息数随时间的变化</translation>
    </message>
    <message>
        <source>Who waits on what</source>
        <translation>谁在等什么</translation>
    </message>
    <message>
        <source>The wait-for graph: a red loop is a deadlock</source>
        <translation>等待图：红色的环就是死锁</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>进程</translation>
    </message>
    <message>
        <source>Lifetimes, join() waits, daemons and children never joined</source>
        <translation>生命周期、join() 等待、守护进程和从未被 join 的子进程</translation>
    </message>
    <message>
        <source>CPU and memory</source>
        <translation>CPU 与内存</translation>
    </message>
    <message>
        <source>CPU % and memory of one process</source>
        <translation>单个进程的 CPU % 和内存</translation>
    </message>
    <message>
        <source>Follow live</source>
        <translation>跟随实时</translation>
    </message>
    <message>
        <source>Save as PNG/PDF…</source>
        <translation>保存为 PNG/PDF…</translation>
    </message>
    <message>
        <source>Save the plot shown as an image (PNG) or a document (PDF)</source>
        <translation>将当前图表保存为图片（PNG）或文档（PDF）</translation>
    </message>
    <message>
        <source>Save trace…</source>
        <translation>保存跟踪…</translation>
    </message>
    <message>
        <source>Save the session&apos;s events as a Chrome trace (open it in ui.perfetto.dev)</source>
        <translation>将会话的事件保存为 Chrome 跟踪文件（可在 ui.perfetto.dev 中打开）</translation>
    </message>
    <message>
        <source>Stop recording</source>
        <translation>停止录制</translation>
    </message>
    <message>
        <source>Record…</source>
        <translation>录制…</translation>
    </message>
    <message>
        <source>Record the session to a file, to replay it later</source>
        <translation>将会话录制到文件，以便之后回放</translation>
    </message>
    <message>
        <source>Open recording…</source>
        <translation>打开录制…</translation>
    </message>
    <message>
        <source>Back to live</source>
        <translation>返回实时</translation>
    </message>
    <message>
        <source>The process whose CPU and memory are plotted</source>
        <translation>要绘制其 CPU 和内存的进程</translation>
    </message>
    <message>
        <source>%1 (pid %2)</source>
        <translation>%1（pid %2）</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Saved %1 (open it in ui.perfetto.dev)</source>
        <translation>已保存 %1（可在 ui.perfetto.dev 中打开）</translation>
    </message>
    <message>
        <source>Recording to %1</source>
        <translation>正在录制到 %1</translation>
    </message>
    <message numerus="yes">
        <source>Recorded %n tick(s) to %1</source>
        <translation>
            <numerusform>已将 %n 个采样点录制到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Replaying %1: drag the slider to any moment</source>
        <translation>正在回放 %1：拖动滑块到任意时刻</translation>
    </message>
    <message>
        <source>Save the plot</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <source>Save the Chrome trace</source>
        <translation>保存 Chrome 跟踪</translation>
    </message>
    <message>
        <source>Chrome trace (*.json)</source>
        <translation>Chrome 跟踪 (*.json)</translation>
    </message>
    <message>
        <source>Record the session to</source>
        <translation>将会话录制到</translation>
    </message>
    <message>
        <source>ProcLab recording (*.plrec)</source>
        <translation>ProcLab 录制 (*.plrec)</translation>
    </message>
    <message>
        <source>Open a recording</source>
        <translation>打开录制</translation>
    </message>
    <message>
        <source>ProcLab recording (*.plrec);;All files (*)</source>
        <translation>ProcLab 录制 (*.plrec);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Saving %1…</source>
        <translation>正在保存 %1…</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>PoolTimelinePlot</name>
    <message>
        <source>Follow live</source>
        <translation>跟随实时</translation>
    </message>
    <message>
        <source>Keep the newest moment in view. Dragging or zooming the plot turns it off.</source>
        <translation>始终显示最新时刻。拖动或缩放图表会关闭此选项。</translation>
    </message>
    <message>
        <source>task done</source>
        <translation>任务完成</translation>
    </message>
    <message>
        <source>task raised</source>
        <translation>任务抛出异常</translation>
    </message>
    <message>
        <source>task lost (worker died)</source>
        <translation>任务丢失（工作进程已死亡）</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>caller waits (get)</source>
        <translation>调用者等待（get）</translation>
    </message>
    <message>
        <source>caller waits (join)</source>
        <translation>调用者等待（join）</translation>
    </message>
    <message>
        <source>Worker insights</source>
        <translation>工作进程概况</translation>
    </message>
    <message>
        <source>seconds since the session started (wheel: zoom, drag: pan)</source>
        <translation>会话开始后的秒数（滚轮：缩放，拖动：平移）</translation>
    </message>
    <message>
        <source>worker %1</source>
        <translation>工作进程 %1</translation>
    </message>
    <message>
        <source> (ended)</source>
        <translation>（已结束）</translation>
    </message>
    <message>
        <source>caller %1 (%2)</source>
        <translation>调用者 %1（%2）</translation>
    </message>
    <message>
        <source>join(%1)</source>
        <translation>join(%1)</translation>
    </message>
    <message>
        <source>Task %1 running on worker %2 for %3</source>
        <translation>任务 %1 已在工作进程 %2 上运行 %3</translation>
    </message>
    <message>
        <source>%1 is waiting (%2 so far)</source>
        <translation>%1 正在等待（已等 %2）</translation>
    </message>
    <message>
        <source>%1 tasks between %2 s and %3 s (older history, aggregated): busy %4 %, %5 raised, %6 lost</source>
        <translation>%2 秒到 %3 秒之间的 %1 个任务（较早的历史，已聚合）：忙碌 %4 %，%5 个抛出异常，%6 个丢失</translation>
    </message>
    <message>
        <source>%1: idle</source>
        <translation>%1：空闲</translation>
    </message>
    <message>
        <source>join(%1): waited for child %1 to end</source>
        <translation>join(%1)：等待子进程 %1 结束</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>在 %2 上 %1</translation>
    </message>
    <message>
        <source>object %1</source>
        <translation>对象 %1</translation>
    </message>
    <message>
        <source>%1
Waited %2 (from %3 s)</source>
        <translation>%1
等待了 %2（从第 %3 秒起）</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>raised an exception</source>
        <translation>抛出了异常</translation>
    </message>
    <message>
        <source>lost: the worker died while running it</source>
        <translation>丢失：工作进程在运行它时死亡</translation>
    </message>
    <message>
        <source>(not seen)</source>
        <translation>（未观察到）</translation>
    </message>
    <message>
        <source>Task %1
Function: %2
Arguments: not recorded by the session
Duration: %3 (from %4 s)
Worker pid: %5
Outcome: %6</source>
        <translation>任务 %1
函数：%2
参数：会话未记录
耗时：%3（从第 %4 秒起）
工作进程 pid：%5
结果：%6</translation>
    </message>
    <message>
        <source>Busy share per worker</source>
        <translation>每个工作进程的忙碌比例</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s)</source>
        <translation>
            <numerusform>%n 个任务</numerusform>
        </translation>
    </message>
    <message>
        <source>no task yet</source>
        <translation>尚无任务</translation>
    </message>
    <message>
        <source>Five slowest tasks</source>
        <translation>最慢的五个任务</translation>
    </message>
    <message>
        <source>task %1</source>
        <translation>任务 %1</translation>
    </message>
    <message>
        <source>on worker %1</source>
        <translation>在工作进程 %1 上</translation>
    </message>
    <message>
        <source>%1: %2 of %3 tasks%4</source>
        <translation>%1：%3 个任务中已完成 %2 个%4</translation>
    </message>
    <message>
        <source> (closed)</source>
        <translation>（已关闭）</translation>
    </message>
    <message>
        <source>%1 done, %2 raised, %3 lost, %4 running, %5 waiting in the pool&apos;s queue</source>
        <translation>%1 个完成，%2 个抛出异常，%3 个丢失，%4 个运行中，%5 个在进程池队列中等待</translation>
    </message>
    <message>
        <source>#%1 running</source>
        <translation>#%1 运行中</translation>
    </message>
    <message>
        <source>raised %1</source>
        <translation>抛出 %1</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more worker(s)</source>
        <translation>
            <numerusform>……另有 %n 个工作进程</numerusform>
        </translation>
    </message>
    <message>
        <source>worker %1 (%2)</source>
        <translation>工作进程 %1（%2）</translation>
    </message>
</context>
<context>
    <name>ProcessCommands</name>
    <message>
        <source>Send any signal, chosen by name, to the selected processes.</source>
        <translation>按名称选择任意信号，发送给所选进程。</translation>
    </message>
    <message>
        <source>Change the nice value (priority) of the selected processes; a lower value needs privileges.</source>
        <translation>更改所选进程的 nice 值（优先级）；调低该值需要特权。</translation>
    </message>
    <message>
        <source>Copy the selected PIDs to the clipboard.</source>
        <translation>把所选的 PID 复制到剪贴板。</translation>
    </message>
    <message>
        <source>Command line, working directory, environment, open files, limits and memory of the process.</source>
        <translation>进程的命令行、工作目录、环境变量、打开的文件、资源限制和内存。</translation>
    </message>
    <message>
        <source>Show &amp;Ended Processes</source>
        <translation>显示已结束的进程(&amp;E)</translation>
    </message>
    <message>
        <source>Show processes that have exited or were killed.</source>
        <translation>显示已退出或被结束的进程。</translation>
    </message>
    <message>
        <source>C&amp;lear Ended</source>
        <translation>清除已结束(&amp;L)</translation>
    </message>
    <message>
        <source>Remove the processes that have ended from the table.</source>
        <translation>从表格中移除已结束的进程。</translation>
    </message>
    <message>
        <source>Ask before Kill, Kill Tree and any action on more than %1 processes.</source>
        <translation>在强制结束、结束进程树以及对超过 %1 个进程执行任何操作之前先询问。</translation>
    </message>
    <message>
        <source>SIGKILL ends a process at once: it cannot clean up or save anything.</source>
        <translation>SIGKILL 会立即结束进程：它无法清理或保存任何内容。</translation>
    </message>
    <message>
        <source>Every descendant of each process is killed too, with SIGKILL.</source>
        <translation>每个进程的所有后代也会被 SIGKILL 强制结束。</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n process(es) (PID %2)?</source>
        <translation>
            <numerusform>%1：%n 个进程（PID %2）？</numerusform>
        </translation>
    </message>
    <message>
        <source>Don&apos;t ask again</source>
        <translation>不再询问</translation>
    </message>
    <message>
        <source>Process ▸ Confirm Dangerous Actions asks again.</source>
        <translation>“进程 ▸ 确认危险操作”可重新开启询问。</translation>
    </message>
    <message>
        <source>Send Signal</source>
        <translation>发送信号</translation>
    </message>
    <message numerus="yes">
        <source>Signal to send to %n process(es):</source>
        <translation>
            <numerusform>要发送给 %n 个进程的信号：</numerusform>
        </translation>
    </message>
    <message>
        <source>Send %1</source>
        <translation>发送 %1</translation>
    </message>
    <message>
        <source>PID %1: %2</source>
        <translation>PID %1：%2</translation>
    </message>
    <message>
        <source>Renice</source>
        <translation>调整优先级</translation>
    </message>
    <message numerus="yes">
        <source>Nice value for %n process(es), from −20 (highest priority) to 19 (lowest); now %1:</source>
        <translation>
            <numerusform>%n 个进程的 nice 值，从 −20（最高优先级）到 19（最低）；当前为 %1：</numerusform>
        </translation>
    </message>
    <message>
        <source>Renice to %1</source>
        <translation>将 nice 值设为 %1</translation>
    </message>
    <message>
        <source>Send Si&amp;gnal…</source>
        <translation>发送信号(&amp;G)…</translation>
    </message>
    <message>
        <source>Ren&amp;ice…</source>
        <translation>调整优先级(&amp;I)…</translation>
    </message>
    <message>
        <source>Cop&amp;y PID</source>
        <translation>复制 PID(&amp;Y)</translation>
    </message>
    <message>
        <source>Det&amp;ails…</source>
        <translation>详细信息(&amp;A)…</translation>
    </message>
    <message>
        <source>Con&amp;firm Dangerous Actions</source>
        <translation>确认危险操作(&amp;F)</translation>
    </message>
</context>
<context>
    <name>ProcessDetailPlot</name>
    <message>
        <source>CPU % (100 = one core busy)</source>
        <translation>CPU %（100 = 一个核心满载）</translation>
    </message>
    <message>
        <source>memory (RSS, MiB)</source>
        <translation>内存（RSS，MiB）</translation>
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
        <translation>秒前</translation>
    </message>
    <message>
        <source>Process %1</source>
        <translation>进程 %1</translation>
    </message>
    <message>
        <source>Select a process to see its CPU and memory</source>
        <translation>选择一个进程以查看其 CPU 和内存</translation>
    </message>
</context>
<context>
    <name>ProcessDetailsDialog</name>
    <message>
        <source>not readable (permission denied)</source>
        <translation>无法读取（权限不足）</translation>
    </message>
    <message>
        <source>not available (the process has ended)</source>
        <translation>不可用（进程已结束）</translation>
    </message>
    <message>
        <source>not readable (%1)</source>
        <translation>无法读取（%1）</translation>
    </message>
    <message>
        <source>Reading /proc/%1…</source>
        <translation>正在读取 /proc/%1…</translation>
    </message>
    <message>
        <source>Process %1 — %2</source>
        <translation>进程 %1 — %2</translation>
    </message>
    <message>
        <source>Command line:</source>
        <translation>命令行：</translation>
    </message>
    <message>
        <source>Executable:</source>
        <translation>可执行文件：</translation>
    </message>
    <message>
        <source>Working directory:</source>
        <translation>工作目录：</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>用户：</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>线程数：</translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>内存：</translation>
    </message>
    <message>
        <source>Control group:</source>
        <translation>控制组：</translation>
    </message>
    <message>
        <source>General</source>
        <translation>概况</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>环境变量</translation>
    </message>
    <message>
        <source>Open Files</source>
        <translation>打开的文件</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>资源限制</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>变量</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>FD</source>
        <translation>描述符</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>限制</translation>
    </message>
    <message>
        <source>Soft</source>
        <translation>软限制</translation>
    </message>
    <message>
        <source>Hard</source>
        <translation>硬限制</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>PID %1, read from /proc/%1 at %2.</source>
        <translation>PID %1，于 %2 从 /proc/%1 读取。</translation>
    </message>
    <message>
        <source>PID %1 has ended (or now names another process): nothing to show.</source>
        <translation>PID %1 已结束（或现在指向另一个进程）：没有可显示的内容。</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>(none: a kernel thread)</source>
        <translation>（无：内核线程）</translation>
    </message>
    <message>
        <source>uid %1</source>
        <translation>uid %1</translation>
    </message>
    <message>
        <source>resident %1, virtual %2, swapped %3</source>
        <translation>常驻 %1，虚拟 %2，已换出 %3</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>directory</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>pipe</source>
        <translation>管道</translation>
    </message>
    <message>
        <source>socket</source>
        <translation>套接字</translation>
    </message>
    <message>
        <source>anonymous</source>
        <translation>匿名</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Max cpu time</source>
        <translation>最长 CPU 时间</translation>
    </message>
    <message>
        <source>Max file size</source>
        <translation>最大文件大小</translation>
    </message>
    <message>
        <source>Max data size</source>
        <translation>最大数据段大小</translation>
    </message>
    <message>
        <source>Max stack size</source>
        <translation>最大栈大小</translation>
    </message>
    <message>
        <source>Max core file size</source>
        <translation>最大核心转储文件大小</translation>
    </message>
    <message>
        <source>Max resident set</source>
        <translation>最大常驻内存</translation>
    </message>
    <message>
        <source>Max processes</source>
        <translation>最大进程数</translation>
    </message>
    <message>
        <source>Max open files</source>
        <translation>最大打开文件数</translation>
    </message>
    <message>
        <source>Max locked memory</source>
        <translation>最大锁定内存</translation>
    </message>
    <message>
        <source>Max address space</source>
        <translation>最大地址空间</translation>
    </message>
    <message>
        <source>Max file locks</source>
        <translation>最大文件锁数</translation>
    </message>
    <message>
        <source>Max pending signals</source>
        <translation>最大待处理信号数</translation>
    </message>
    <message>
        <source>Max msgqueue size</source>
        <translation>最大消息队列大小</translation>
    </message>
    <message>
        <source>Max nice priority</source>
        <translation>最高 nice 优先级</translation>
    </message>
    <message>
        <source>Max realtime priority</source>
        <translation>最高实时优先级</translation>
    </message>
    <message>
        <source>Max realtime timeout</source>
        <translation>最长实时超时</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>无限制</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>processes</source>
        <translation>个进程</translation>
    </message>
    <message>
        <source>files</source>
        <translation>个文件</translation>
    </message>
    <message>
        <source>locks</source>
        <translation>个锁</translation>
    </message>
    <message>
        <source>signals</source>
        <translation>个信号</translation>
    </message>
    <message>
        <source>us</source>
        <translation>微秒</translation>
    </message>
</context>
<context>
    <name>ProcessLifetimePlot</name>
    <message>
        <source>alive</source>
        <translation>存活</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>阻塞</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>killed by a signal</source>
        <translation>被信号终止</translation>
    </message>
    <message>
        <source>parent waiting in join(pid)</source>
        <translation>父进程在 join(pid) 中等待</translation>
    </message>
    <message>
        <source>dashed outline: daemon (ended with its parent)</source>
        <translation>虚线边框：守护进程（随父进程结束）</translation>
    </message>
    <message>
        <source>A child shown &quot;not joined&quot; has ended but its parent never called join() on it.</source>
        <translation>标为“未 join”的子进程已经结束，但其父进程从未对它调用 join()。</translation>
    </message>
    <message>
        <source>seconds since the session started</source>
        <translation>会话开始后的秒数</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source> · daemon</source>
        <translation> · 守护进程</translation>
    </message>
    <message>
        <source>in join(%1)</source>
        <translation>在 join(%1) 中</translation>
    </message>
    <message>
        <source>exit %1</source>
        <translation>退出码 %1</translation>
    </message>
    <message>
        <source> · terminated with its parent</source>
        <translation> · 随父进程被终止</translation>
    </message>
    <message>
        <source> · not joined</source>
        <translation> · 未 join</translation>
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
        <translation>已创建</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>阻塞</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>exited ok</source>
        <translation>正常退出</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>killed</source>
        <translation>被杀死</translation>
    </message>
    <message>
        <source>zombie</source>
        <translation>僵尸</translation>
    </message>
    <message>
        <source>Created but not started yet: start() has not been called.</source>
        <translation>已创建但尚未启动：还没有调用 start()。</translation>
    </message>
    <message>
        <source>Running: the process is alive and may use the CPU.</source>
        <translation>运行中：进程存活，可以使用 CPU。</translation>
    </message>
    <message>
        <source>Blocked: the process sleeps until a queue, lock, event or child it waits on is ready.</source>
        <translation>阻塞：进程休眠，直到它等待的队列、锁、事件或子进程就绪。</translation>
    </message>
    <message>
        <source>Stopped: paused by SIGSTOP; it resumes on SIGCONT (Continue).</source>
        <translation>已暂停：被 SIGSTOP 暂停；收到 SIGCONT（继续）后恢复。</translation>
    </message>
    <message>
        <source>Exited with code 0: the process finished successfully.</source>
        <translation>以退出码 0 退出：进程成功完成。</translation>
    </message>
    <message>
        <source>Failed: the process exited with a non-zero code (1 when a task threw).</source>
        <translation>失败：进程以非零退出码退出（任务抛出异常时为 1）。</translation>
    </message>
    <message>
        <source>Killed: a signal ended the process; its exit code is minus the signal number.</source>
        <translation>被杀死：信号结束了进程；其退出码是信号编号的相反数。</translation>
    </message>
    <message>
        <source>Zombie: the process has ended but its parent has not collected its exit code yet (join()).</source>
        <translation>僵尸：进程已结束，但其父进程尚未收集它的退出码（join()）。</translation>
    </message>
    <message>
        <source>sleeping (nanosleep)</source>
        <translation>睡眠中（nanosleep）</translation>
    </message>
    <message>
        <source>waiting on a futex</source>
        <translation>等待 futex</translation>
    </message>
    <message>
        <source>reading a pipe</source>
        <translation>正在读取管道</translation>
    </message>
    <message>
        <source>writing to a full pipe</source>
        <translation>正在写入已满的管道</translation>
    </message>
    <message>
        <source>reading (terminal or file)</source>
        <translation>正在读取（终端或文件）</translation>
    </message>
    <message>
        <source>writing (terminal or file)</source>
        <translation>正在写入（终端或文件）</translation>
    </message>
    <message>
        <source>in select/poll</source>
        <translation>在 select/poll 中等待</translation>
    </message>
    <message>
        <source>waiting for a child</source>
        <translation>等待子进程</translation>
    </message>
    <message>
        <source>waiting for a signal</source>
        <translation>等待信号</translation>
    </message>
    <message>
        <source>waiting on a socket</source>
        <translation>等待套接字</translation>
    </message>
    <message>
        <source>waiting for disk I/O</source>
        <translation>等待磁盘 I/O</translation>
    </message>
    <message>
        <source>zombie: waiting to be reaped</source>
        <translation>僵尸进程：等待被回收</translation>
    </message>
    <message>
        <source>in the kernel</source>
        <translation>在内核中</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>Ended: an observed process ended and its own parent collected its exit code, which ProcLab cannot see.</source>
        <translation>已结束：一个观察到的进程已经结束，其退出码由它自己的父进程收集，ProcLab 无法看到。</translation>
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
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Daemon</source>
        <translation>守护</translation>
    </message>
    <message>
        <source>Exit code</source>
        <translation>退出码</translation>
    </message>
    <message>
        <source>CPU %</source>
        <translation>CPU %</translation>
    </message>
    <message>
        <source>RSS</source>
        <translation>内存 (RSS)</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>启动于</translation>
    </message>
    <message>
        <source>Run time</source>
        <translation>运行时间</translation>
    </message>
    <message>
        <source>Blocked on</source>
        <translation>阻塞于</translation>
    </message>
    <message>
        <source>being joined by the GUI…</source>
        <translation>正在被图形界面 join…</translation>
    </message>
    <message>
        <source>join PID %1</source>
        <translation>join PID %1</translation>
    </message>
    <message>
        <source>(held by %1)</source>
        <translation>（由 %1 持有）</translation>
    </message>
    <message>
        <source>daemon</source>
        <translation>守护进程</translation>
    </message>
    <message>
        <source>Killed by signal %1.</source>
        <translation>被信号 %1 杀死。</translation>
    </message>
    <message>
        <source>Exited with code %1.</source>
        <translation>以退出码 %1 退出。</translation>
    </message>
    <message>
        <source>A daemon process is terminated when its parent ends and may not have children.</source>
        <translation>守护进程在其父进程结束时被终止，并且不能创建子进程。</translation>
    </message>
    <message>
        <source>main</source>
        <translation>主进程</translation>
    </message>
    <message>
        <source>process</source>
        <translation>进程</translation>
    </message>
    <message>
        <source>pool worker</source>
        <translation>进程池工作进程</translation>
    </message>
    <message>
        <source>command</source>
        <translation>外部命令</translation>
    </message>
    <message>
        <source>forkserver</source>
        <translation>fork 服务器</translation>
    </message>
    <message>
        <source>manager</source>
        <translation>管理器</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Nice</source>
        <translation>Nice 值</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>线程数</translation>
    </message>
    <message>
        <source>Virtual memory</source>
        <translation>虚拟内存</translation>
    </message>
    <message>
        <source>Memory %</source>
        <translation>内存 %</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>命令行</translation>
    </message>
    <message>
        <source>observed</source>
        <translation>观察到的</translation>
    </message>
    <message>
        <source>Observed: ProcLab did not start this process; it is seen in /proc (PID %1, parent %2).</source>
        <translation>观察到的进程：它不是由 ProcLab 启动的，而是在 /proc 中看到的（PID %1，父进程 %2）。</translation>
    </message>
    <message>
        <source>Kernel function (wchan): %1</source>
        <translation>内核函数（wchan）：%1</translation>
    </message>
    <message>
        <source>Read from its system call (/proc/%1/syscall).</source>
        <translation>根据其系统调用得出（/proc/%1/syscall）。</translation>
    </message>
    <message>
        <source>ended (exit code not observable: reaped by its parent PID %1)</source>
        <translation>已结束（无法获知退出码：已由其父进程 PID %1 回收）</translation>
    </message>
    <message numerus="yes">
        <source>%1 · gave up after %n retries</source>
        <translation>
            <numerusform>%1 · 重试 %n 次后放弃</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · attempt %2/%3</source>
        <translation>%1 · 第 %2/%3 次尝试</translation>
    </message>
    <message>
        <source>Not started yet: a process gets its PID when it starts.</source>
        <translation>尚未启动：进程在启动时才获得 PID。</translation>
    </message>
    <message>
        <source>Its parent is PID %1 (as ps shows it); the tree shows it under PID %2, the process that asked for it (a fork server forks processes on another&apos;s behalf).</source>
        <translation>它的父进程是 PID %1（与 ps 所示相同）；树中把它显示在 PID %2 之下，即请求创建它的进程（fork 服务器代替其他进程 fork 出子进程）。</translation>
    </message>
    <message>
        <source>Restart on failure: this run failed and no restart is left; the runs of this launch are grouped under its first run.</source>
        <translation>失败时重启：这次运行失败，且已没有剩余的重启次数；这次启动的各次运行归在第一次运行之下。</translation>
    </message>
    <message>
        <source>Restart on failure: run %1 of at most %2; the runs of this launch are grouped under its first run.</source>
        <translation>失败时重启：第 %1 次运行（最多 %2 次）；这次启动的各次运行归在第一次运行之下。</translation>
    </message>
    <message>
        <source>Started %1 (%2 ago)</source>
        <translation>启动于 %1（%2 之前）</translation>
    </message>
    <message>
        <source>CPU time over the last sample: 100 % is one core busy (as in htop and top).</source>
        <translation>最近一次采样期间的 CPU 时间：100 % 表示一个核心满载（与 htop 和 top 相同）。</translation>
    </message>
    <message>
        <source>The parent the kernel shows (as ps). The tree groups a fork server&apos;s children under the process that asked for them, and the restarts of a launch under its first run.</source>
        <translation>内核所示的父进程（与 ps 相同）。树把 fork 服务器的子进程归在请求创建它们的进程之下，并把一次启动的各次重启归在第一次运行之下。</translation>
    </message>
    <message>
        <source>100 % is one core busy (as htop); at most 100 % × the number of CPUs.</source>
        <translation>100 % 表示一个核心满载（与 htop 相同）；最多为 100 % × CPU 个数。</translation>
    </message>
    <message>
        <source>PID %1 on %2 (MPI rank %3), relayed by its pool&apos;s process: watched from here, not acted on.</source>
        <translation>%2 上的 PID %1（MPI 第 %3 号进程），由其进程池的进程转发：在这里只能观察，不能操作。</translation>
    </message>
    <message>
        <source>helper</source>
        <translation>辅助进程</translation>
    </message>
</context>
<context>
    <name>ProcessesPanel</name>
    <message>
        <source>Filter by name, PID, state…</source>
        <translation>按名称、PID、状态过滤…</translation>
    </message>
    <message>
        <source>Tree</source>
        <translation>树形</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Choose the columns to show.</source>
        <translation>选择要显示的列。</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>显示全部</translation>
    </message>
    <message>
        <source>&amp;New Process…</source>
        <translation>新建进程(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Join</source>
        <translation>等待结束 join(&amp;J)</translation>
    </message>
    <message>
        <source>&amp;Daemon</source>
        <translation>守护进程(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Terminate</source>
        <translation>终止(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Kill</source>
        <translation>杀死(&amp;K)</translation>
    </message>
    <message>
        <source>Sto&amp;p</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>继续(&amp;C)</translation>
    </message>
    <message>
        <source>Kill T&amp;ree</source>
        <translation>杀死进程树(&amp;R)</translation>
    </message>
    <message>
        <source>Pool of PID %1</source>
        <translation>PID %1 的进程池</translation>
    </message>
    <message>
        <source>Subtree of PID %1</source>
        <translation>PID %1 的子树</translation>
    </message>
    <message>
        <source>no processes</source>
        <translation>没有进程</translation>
    </message>
    <message>
        <source>Launch a command or a built-in task.</source>
        <translation>启动一个命令或内置任务。</translation>
    </message>
    <message>
        <source>Start the selected processes (Process.start()).</source>
        <translation>启动所选进程（Process.start()）。</translation>
    </message>
    <message>
        <source>Wait until the selected processes end (Process.join()); the window stays responsive.</source>
        <translation>等待所选进程结束（Process.join()）；窗口保持响应。</translation>
    </message>
    <message>
        <source>Join with a timeout, as join(timeout).</source>
        <translation>带超时地 join，如 join(timeout)。</translation>
    </message>
    <message>
        <source>Make the process a daemon: it is terminated when its parent ends.</source>
        <translation>将进程设为守护进程：父进程结束时它会被终止。</translation>
    </message>
    <message>
        <source>Send SIGTERM (Process.terminate()).</source>
        <translation>发送 SIGTERM（Process.terminate()）。</translation>
    </message>
    <message>
        <source>Send SIGKILL (Process.kill()).</source>
        <translation>发送 SIGKILL（Process.kill()）。</translation>
    </message>
    <message>
        <source>Pause the process with SIGSTOP.</source>
        <translation>用 SIGSTOP 暂停进程。</translation>
    </message>
    <message>
        <source>Resume a stopped process with SIGCONT.</source>
        <translation>用 SIGCONT 恢复已暂停的进程。</translation>
    </message>
    <message>
        <source>Kill the process and all its descendants.</source>
        <translation>杀死该进程及其所有后代进程。</translation>
    </message>
    <message>
        <source>Select one or more processes first.</source>
        <translation>请先选择一个或多个进程。</translation>
    </message>
    <message>
        <source>Join with Timeout</source>
        <translation>带超时 join</translation>
    </message>
    <message>
        <source>Timeout in seconds:</source>
        <translation>超时（秒）：</translation>
    </message>
    <message>
        <source>PID %1: %2</source>
        <translation>PID %1：%2</translation>
    </message>
    <message>
        <source>Show parents and their children as a tree, or every process in a flat list. The tree groups a process under the process that asked for it: the fork server&apos;s children under this window, the restarts of a launch under its first run. The PPID column shows the real parent, as ps does.</source>
        <translation>以树形显示父进程及其子进程，或以平铺列表显示所有进程。树把进程归在请求创建它的进程之下：fork 服务器的子进程归在本窗口之下，一次启动的各次重启归在第一次运行之下。PPID 列显示真实的父进程，与 ps 相同。</translation>
    </message>
    <message>
        <source>Join with Time&amp;out…</source>
        <translation>带超时 join(&amp;O)…</translation>
    </message>
    <message>
        <source>Show Only This Su&amp;btree</source>
        <translation>只显示此子树(&amp;B)</translation>
    </message>
    <message>
        <source>S&amp;how Only This Pool</source>
        <translation>只显示此进程池(&amp;H)</translation>
    </message>
</context>
<context>
    <name>PythonScriptDialog</name>
    <message>
        <source>Run Python Script</source>
        <translation>运行 Python 脚本</translation>
    </message>
    <message>
        <source>Runs your script unmodified. Its processes, queues, pipes, locks and pools appear live beside the others, with what each process waits on.</source>
        <translation>原样运行你的脚本。它的进程、队列、管道、锁和进程池会与其他进程一起实时显示，并标出每个进程在等待什么。</translation>
    </message>
    <message>
        <source>a .py file</source>
        <translation>一个 .py 文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Python Script</source>
        <translation>Python 脚本</translation>
    </message>
    <message>
        <source>Python scripts (*.py);;All files (*)</source>
        <translation>Python 脚本 (*.py);;所有文件 (*)</translation>
    </message>
    <message>
        <source>as in a shell, e.g. --workers 4 &quot;two words&quot;</source>
        <translation>与 shell 中相同，例如 --workers 4 &quot;two words&quot;</translation>
    </message>
    <message>
        <source>default: the script&apos;s directory</source>
        <translation>默认：脚本所在的目录</translation>
    </message>
    <message>
        <source>Working Directory</source>
        <translation>工作目录</translation>
    </message>
    <message>
        <source>As the script chooses (Linux default: fork)</source>
        <translation>由脚本决定（Linux 默认：fork）</translation>
    </message>
    <message>
        <source>multiprocessing&apos;s default start method; a script that calls set_start_method() keeps its own choice.</source>
        <translation>multiprocessing 的默认启动方式；调用了 set_start_method() 的脚本保留它自己的选择。</translation>
    </message>
    <message>
        <source>Script:</source>
        <translation>脚本：</translation>
    </message>
    <message>
        <source>Arguments:</source>
        <translation>参数：</translation>
    </message>
    <message>
        <source>Working directory:</source>
        <translation>工作目录：</translation>
    </message>
    <message>
        <source>Interpreter:</source>
        <translation>解释器：</translation>
    </message>
    <message>
        <source>Start method:</source>
        <translation>启动方式：</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Choose a script to run.</source>
        <translation>请选择要运行的脚本。</translation>
    </message>
    <message>
        <source>Script %1 does not exist.</source>
        <translation>脚本 %1 不存在。</translation>
    </message>
    <message>
        <source>Interpreter %1 is not a Python interpreter (python, python3, python3.11, …).</source>
        <translation>解释器 %1 不是 Python 解释器（python、python3、python3.11 等）。</translation>
    </message>
    <message>
        <source>Interpreter %1 was not found.</source>
        <translation>找不到解释器 %1。</translation>
    </message>
</context>
<context>
    <name>QueueDepthPlot</name>
    <message>
        <source>Overlaid</source>
        <translation>叠加显示</translation>
    </message>
    <message>
        <source>One plot per queue</source>
        <translation>每个队列一张图</translation>
    </message>
    <message>
        <source>Put/get rates</source>
        <translation>put/get 速率</translation>
    </message>
    <message>
        <source>Messages waiting in each queue or pipe. A dashed line is the queue&apos;s maxsize: when the depth reaches it, put() blocks. Click a queue to see who puts and who gets.</source>
        <translation>每个队列或管道中等待的消息数。虚线是队列的 maxsize：深度到达它时，put() 会阻塞。点击一个队列可查看谁在 put、谁在 get。</translation>
    </message>
    <message>
        <source>messages waiting</source>
        <translation>等待中的消息</translation>
    </message>
    <message>
        <source>puts / gets per s</source>
        <translation>每秒 put / get 次数</translation>
    </message>
    <message>
        <source>seconds since the session started</source>
        <translation>会话开始后的秒数</translation>
    </message>
    <message>
        <source>No queue or pipe in this session yet</source>
        <translation>此会话中还没有队列或管道</translation>
    </message>
    <message>
        <source> (maxsize %1)</source>
        <translation>（maxsize %1）</translation>
    </message>
    <message>
        <source> (messages in flight)</source>
        <translation>（传输中的消息）</translation>
    </message>
    <message>
        <source>%1: maxsize</source>
        <translation>%1：maxsize</translation>
    </message>
    <message>
        <source>%1: puts/s</source>
        <translation>%1：每秒 put</translation>
    </message>
    <message>
        <source>%1: gets/s</source>
        <translation>%1：每秒 get</translation>
    </message>
</context>
<context>
    <name>QuitGuard</name>
    <message numerus="yes">
        <source>Waiting for %n process(es) to end before quitting…</source>
        <translation>
            <numerusform>正在等待 %n 个进程结束后退出…</numerusform>
        </translation>
    </message>
    <message>
        <source>Quit ProcLab</source>
        <translation>退出 ProcLab</translation>
    </message>
    <message numerus="yes">
        <source>%n process(es) started from this window are still running.</source>
        <translation>
            <numerusform>从本窗口启动的 %n 个进程仍在运行。</numerusform>
        </translation>
    </message>
    <message>
        <source>Wait: join them, then quit. Terminate: send them SIGTERM, then quit. Leave running: close the window now; ProcLab ends when they have finished, as Python&apos;s main process joins its children at exit (daemon children are terminated).</source>
        <translation>等待：join 它们，然后退出。终止：向它们发送 SIGTERM，然后退出。保持运行：现在关闭窗口；ProcLab 在它们结束后才退出，就像 Python 的主进程在退出时 join 其子进程一样（守护子进程会被终止）。</translation>
    </message>
    <message>
        <source>&amp;Wait</source>
        <translation>等待(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Terminate Them</source>
        <translation>终止它们(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Leave Running</source>
        <translation>保持运行(&amp;L)</translation>
    </message>
</context>
<context>
    <name>ReplayBar</name>
    <message>
        <source>Play or pause the recording</source>
        <translation>播放或暂停录制</translation>
    </message>
    <message>
        <source>Drag to any moment of the recording: every panel shows the session as it was then</source>
        <translation>拖动到录制中的任意时刻：每个面板都会显示会话在那一刻的状态</translation>
    </message>
    <message>
        <source>no recording open</source>
        <translation>未打开录制</translation>
    </message>
    <message>
        <source>%1 s of %2 s</source>
        <translation>%1 秒 / 共 %2 秒</translation>
    </message>
</context>
<context>
    <name>SchedulerPanel</name>
    <message>
        <source>%1 cannot move now: %2</source>
        <translation>%1 现在不能走：%2</translation>
    </message>
    <message>
        <source>Random moves, seed %1</source>
        <translation>随机走，种子 %1</translation>
    </message>
    <message>
        <source>Cannot read the schedule %1: %2</source>
        <translation>无法读取调度 %1：%2</translation>
    </message>
    <message>
        <source>The schedule %1 names no process</source>
        <translation>调度 %1 没有列出任何进程</translation>
    </message>
    <message>
        <source>Replay a schedule</source>
        <translation>重放调度</translation>
    </message>
    <message>
        <source>Schedules (*.schedule *.txt);;All files (*)</source>
        <translation>调度 (*.schedule *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot write the schedule %1: %2</source>
        <translation>无法写入调度 %1：%2</translation>
    </message>
    <message>
        <source>Schedule saved to %1</source>
        <translation>调度已保存到 %1</translation>
    </message>
    <message>
        <source>Save the schedule</source>
        <translation>保存调度</translation>
    </message>
    <message>
        <source>Schedules (*.schedule)</source>
        <translation>调度 (*.schedule)</translation>
    </message>
    <message>
        <source>Deadlock: no process can move, and none ever will.</source>
        <translation>死锁：没有进程能走，也永远不会有进程能走。</translation>
    </message>
    <message>
        <source>%1 waits for %2 to end</source>
        <translation>%1 等待 %2 结束</translation>
    </message>
    <message>
        <source>%1 waits for %2, held by %3</source>
        <translation>%1 等待 %3 持有的 %2</translation>
    </message>
    <message>
        <source>%1 waits for %2</source>
        <translation>%1 等待 %2</translation>
    </message>
    <message>
        <source>: a cycle in the wait-for graph.</source>
        <translation>：等待图中的一个环。</translation>
    </message>
    <message>
        <source>%1 cannot %2 %3: %4</source>
        <translation>%1 无法 %2 %3：%4</translation>
    </message>
    <message>
        <source>Scheduler mode: every process of the session stops at each synchronization point (start, join, put, get, send, recv, acquire, release, wait, set, notify, and reads and writes of a Value outside its lock), and you choose who moves next. Start a lesson or a program with it on.</source>
        <translation>调度器模式：会话中的每个进程都会在每个同步点停下（start、join、put、get、send、recv、acquire、release、wait、set、notify，以及在锁外读写 Value），由你选择下一步谁走。打开它之后再启动一课或一个程序。</translation>
    </message>
    <message>
        <source>Scheduler mode: on</source>
        <translation>调度器模式：开</translation>
    </message>
    <message>
        <source>Scheduler mode: off</source>
        <translation>调度器模式：关</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>走一步</translation>
    </message>
    <message>
        <source>Run freely</source>
        <translation>自由运行</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Replay…</source>
        <translation>重放…</translation>
    </message>
    <message>
        <source>Save schedule…</source>
        <translation>保存调度…</translation>
    </message>
    <message>
        <source>Off: processes run freely.</source>
        <translation>关闭：进程自由运行。</translation>
    </message>
    <message>
        <source>Waiting for processes of the session…</source>
        <translation>正在等待会话中的进程…</translation>
    </message>
    <message>
        <source>Every process of the run has ended.</source>
        <translation>本次运行的所有进程都已结束。</translation>
    </message>
    <message>
        <source>Deadlock.</source>
        <translation>死锁。</translation>
    </message>
    <message numerus="yes">
        <source>%n process(es) running to their next point…</source>
        <translation>
            <numerusform>%n 个进程正在运行到下一个停靠点…</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose who moves next: double-click a process (greyed out: it would block).</source>
        <translation>选择下一步谁走：双击一个进程（灰色：它会阻塞）。</translation>
    </message>
    <message>
        <source>Moving automatically…</source>
        <translation>正在自动走…</translation>
    </message>
    <message>
        <source>Goal reached: %1</source>
        <translation>目标已达成：%1</translation>
    </message>
    <message>
        <source>Goal: %1</source>
        <translation>目标：%1</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>%1 failed (%2): restart %3 of %4 in %5 s</source>
        <translation>%1 失败（%2）：%5 秒后进行第 %3 次重启（共 %4 次）</translation>
    </message>
    <message>
        <source>Restart failed: %1</source>
        <translation>重启失败：%1</translation>
    </message>
    <message>
        <source>Only processes launched from this window can be started here.</source>
        <translation>这里只能启动从本窗口创建的进程。</translation>
    </message>
    <message>
        <source>Only processes launched from this window can be changed here.</source>
        <translation>这里只能修改从本窗口启动的进程。</translation>
    </message>
    <message>
        <source>The daemon flag can only be set before start.</source>
        <translation>守护标志（daemon）只能在 start 之前设置。</translation>
    </message>
    <message>
        <source>Only the parent can join a process: this one was not started by this window.</source>
        <translation>只有父进程才能 join 一个进程：此进程不是由本窗口启动的。</translation>
    </message>
    <message>
        <source>A process that has not started has no PID to signal.</source>
        <translation>尚未启动的进程没有可以发送信号的 PID。</translation>
    </message>
    <message>
        <source>The process has already ended.</source>
        <translation>该进程已经结束。</translation>
    </message>
    <message>
        <source>start() runs once: this process has already been started.</source>
        <translation>start() 只能调用一次：此进程已经启动过了。</translation>
    </message>
    <message>
        <source>Start the process before joining it.</source>
        <translation>请先启动进程，再 join 它。</translation>
    </message>
    <message>
        <source>The window is already joining this process.</source>
        <translation>本窗口已经在 join 此进程。</translation>
    </message>
    <message>
        <source>This is the ProcLab window itself: quit it from the File menu.</source>
        <translation>这是 ProcLab 窗口本身：请从“文件”菜单退出。</translation>
    </message>
    <message>
        <source>The fork server starts this window&apos;s processes; it ends when ProcLab quits.</source>
        <translation>fork 服务器负责启动本窗口的进程；它会在 ProcLab 退出时结束。</translation>
    </message>
    <message>
        <source>Only a stopped process can be continued.</source>
        <translation>只有已暂停的进程才能继续。</translation>
    </message>
    <message>
        <source>The process is already stopped.</source>
        <translation>该进程已经暂停。</translation>
    </message>
    <message>
        <source>PID %1 has ended.</source>
        <translation>PID %1 已结束。</translation>
    </message>
    <message>
        <source>Cannot open PID %1: %2</source>
        <translation>无法打开 PID %1：%2</translation>
    </message>
    <message>
        <source>Not permitted to signal PID %1: it belongs to another user.</source>
        <translation>无权向 PID %1 发送信号：它属于另一个用户。</translation>
    </message>
    <message>
        <source>This process is observed: it was not started by ProcLab, it is already running.</source>
        <translation>这是观察到的进程：它不是由 ProcLab 启动的，已经在运行。</translation>
    </message>
    <message>
        <source>Only the parent can join a process: this one is observed (PID %1 started it).</source>
        <translation>只有父进程才能 join 一个进程：这是观察到的进程（由 PID %1 启动）。</translation>
    </message>
    <message>
        <source>The daemon flag belongs to processes launched from this window.</source>
        <translation>只有从本窗口启动的进程才有守护进程标志。</translation>
    </message>
    <message>
        <source>This process belongs to user %1: ProcLab acts only on processes of its own user.</source>
        <translation>此进程属于用户 %1：ProcLab 只对其自身用户的进程执行操作。</translation>
    </message>
    <message>
        <source>A kernel thread does not take signals from user space.</source>
        <translation>内核线程不接受来自用户空间的信号。</translation>
    </message>
    <message>
        <source>PID %1 now belongs to another process: nothing was sent.</source>
        <translation>PID %1 现在属于另一个进程：未发送任何信号。</translation>
    </message>
    <message>
        <source>%1 could not start: %2</source>
        <translation>%1 无法启动：%2</translation>
    </message>
    <message>
        <source>The process is starting.</source>
        <translation>进程正在启动。</translation>
    </message>
    <message>
        <source>Not permitted to lower the nice value of PID %1 from %2 to %3: a higher priority needs privileges (CAP_SYS_NICE or a higher RLIMIT_NICE).</source>
        <translation>无权把 PID %1 的 nice 值从 %2 降到 %3：提高优先级需要特权（CAP_SYS_NICE 或更高的 RLIMIT_NICE）。</translation>
    </message>
    <message>
        <source>Not permitted to change the priority of PID %1: it belongs to another user.</source>
        <translation>无权更改 PID %1 的优先级：它属于另一个用户。</translation>
    </message>
    <message>
        <source>PID %1 now belongs to another process: nothing was changed.</source>
        <translation>PID %1 现在属于另一个进程：未做任何更改。</translation>
    </message>
    <message numerus="yes">
        <source>%1 failed (%2): gave up after %n retries</source>
        <translation>
            <numerusform>%1 失败（%2）：重试 %n 次后放弃</numerusform>
        </translation>
    </message>
    <message>
        <source>This process runs on %1 (MPI rank %2), relayed by its pool&apos;s process: it is watched from here, not acted on.</source>
        <translation>这个进程运行在 %1 上（MPI 第 %2 号进程），由其进程池的进程转发：在这里只能观察，不能操作。</translation>
    </message>
</context>
<context>
    <name>ShellDialogs</name>
    <message>
        <source>Attach to Session</source>
        <translation>附加到会话</translation>
    </message>
    <message>
        <source>Export Table as CSV</source>
        <translation>将表格导出为 CSV</translation>
    </message>
    <message>
        <source>No live session found. Start a program with PROCLAB_SESSION=&lt;name&gt; (a ProcLab program creates the session), then attach to it here.</source>
        <translation>没有找到活动的会话。请用 PROCLAB_SESSION=&lt;名称&gt; 启动一个程序（ProcLab 程序会创建该会话），然后在这里附加到它。</translation>
    </message>
    <message>
        <source>Session:</source>
        <translation>会话：</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>About ProcLab</source>
        <translation>关于 ProcLab</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ProcLab %1&lt;/h3&gt;&lt;p&gt;A desktop laboratory for processes: Python&apos;s multiprocessing re-created in C++20, with a window that shows every process live.&lt;/p&gt;&lt;p&gt;Released under the MIT License.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ProcLab %1&lt;/h3&gt;&lt;p&gt;进程的桌面实验室：用 C++20 重新实现 Python 的 multiprocessing，并在窗口中实时显示每一个进程。&lt;/p&gt;&lt;p&gt;以 MIT 许可证发布。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>StatusLabels</name>
    <message>
        <source>join(): waiting for PID %1 to end; the window stays responsive.</source>
        <translation>join()：正在等待 PID %1 结束；窗口保持响应。</translation>
    </message>
    <message>
        <source>join(): PID %1 has ended.</source>
        <translation>join()：PID %1 已结束。</translation>
    </message>
    <message>
        <source>join(): timed out; PID %1 is still running.</source>
        <translation>join()：超时；PID %1 仍在运行。</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>every %1 s</source>
        <translation>每 %1 秒</translation>
    </message>
    <message>
        <source>GUI PID %1</source>
        <extracomment>The process ID of the ProcLab window itself</extracomment>
        <translation>界面进程 PID %1</translation>
    </message>
    <message>
        <source>session %1</source>
        <translation>会话 %1</translation>
    </message>
    <message>
        <source>no session</source>
        <translation>无会话</translation>
    </message>
    <message>
        <source>Starting processes: %1 of %2…</source>
        <translation>正在启动进程：%1 / %2…</translation>
    </message>
</context>
<context>
    <name>WaitForGraphView</name>
    <message>
        <source>Who waits on what. Top: processes that wait or hold; bottom: the objects they wait on. An arrow &quot;waits to …&quot; goes from a blocked process to the object it waits on, &quot;held by&quot; from a lock to its owner. A closed loop of arrows is a deadlock: nobody in it can ever go on.</source>
        <translation>谁在等什么。上方：正在等待或持有对象的进程；下方：它们等待的对象。“等待…”箭头从阻塞的进程指向它等待的对象，“被持有”箭头从锁指向它的持有者。箭头构成的闭环就是死锁：环中的任何进程都无法继续。</translation>
    </message>
    <message>
        <source>%1
pid %2</source>
        <translation>%1
pid %2</translation>
    </message>
    <message>
        <source>process</source>
        <translation>进程</translation>
    </message>
    <message>
        <source>object %1</source>
        <translation>对象 %1</translation>
    </message>
    <message>
        <source>held by %1</source>
        <translation>被 %1 持有</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) waiting</source>
        <translation>
            <numerusform>%n 条消息等待中</numerusform>
        </translation>
    </message>
    <message>
        <source>joins (waits for it to end)</source>
        <translation>join（等待它结束）</translation>
    </message>
    <message>
        <source>waits to %1</source>
        <translation>等待 %1</translation>
    </message>
    <message>
        <source>held by</source>
        <translation>被持有</translation>
    </message>
    <message>
        <source>Nobody is waiting on anything right now.</source>
        <translation>现在没有任何进程在等待。</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <source>Welcome to ProcLab</source>
        <translation>欢迎使用 ProcLab</translation>
    </message>
    <message>
        <source>A laboratory for processes</source>
        <translation>进程实验室</translation>
    </message>
    <message numerus="yes">
        <source>Start method: %1 · %n CPU(s)</source>
        <translation>
            <numerusform>启动方法：%1 · %n 个 CPU</numerusform>
        </translation>
    </message>
    <message>
        <source>ProcLab re-creates Python&apos;s &lt;b&gt;multiprocessing&lt;/b&gt; in native C++ (processes, queues, pipes, locks, pools) and shows every process live: its PID, state, exit code and what it waits for.</source>
        <translation>ProcLab 用原生 C++ 重新实现了 Python 的 &lt;b&gt;multiprocessing&lt;/b&gt;（进程、队列、管道、锁、进程池），并实时显示每一个进程：它的 PID、状态、退出码，以及它在等待什么。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Start here:&lt;/b&gt; launch a process (a built-in task such as &lt;i&gt;sleep&lt;/i&gt; or &lt;i&gt;print lines&lt;/i&gt;, or any program), then start, join, stop or terminate it and watch its state and exit code change.</source>
        <translation>&lt;b&gt;从这里开始：&lt;/b&gt;启动一个进程（内置任务，如&lt;i&gt;休眠&lt;/i&gt;或&lt;i&gt;打印多行&lt;/i&gt;，或任意程序），然后对它执行启动、join、暂停或终止，观察它的状态和退出码如何变化。</translation>
    </message>
    <message>
        <source>&amp;New Process…</source>
        <translation>新建进程(&amp;N)…</translation>
    </message>
    <message>
        <source>Run the &amp;Demo</source>
        <translation>运行演示(&amp;D)</translation>
    </message>
    <message>
        <source>Show the process table</source>
        <translation>显示进程表</translation>
    </message>
    <message>
        <source>&lt;b&gt;Or run the demo:&lt;/b&gt; a producer and a consumer sharing a queue, two processes competing for a lock, a small process tree and a task that fails. &lt;b&gt;Or open a lesson:&lt;/b&gt; the classic multiprocessing tutorials step by step, their Python and C++ code beside the live processes.</source>
        <translation>&lt;b&gt;或者运行演示：&lt;/b&gt;共享一个队列的生产者和消费者、争夺同一个锁的两个进程、一棵小小的进程树，以及一个失败的任务。&lt;b&gt;或者打开一节课程：&lt;/b&gt;一步一步学习经典的 multiprocessing 教程，Python 和 C++ 代码就在实时进程旁边。</translation>
    </message>
    <message>
        <source>Open a &amp;Lesson</source>
        <translation>打开课程(&amp;L)</translation>
    </message>
</context>
</TS>
