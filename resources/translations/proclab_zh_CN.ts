<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>MainWindow</name>
    <message>
        <source>ProcLab — Process Laboratory</source>
        <translation>ProcLab — 进程实验室</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
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
        <source>GUI PID %1</source>
        <extracomment>The process ID of the ProcLab window itself</extracomment>
        <translation>界面进程 PID %1</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
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
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG 图片 (*.png);;PDF 文档 (*.pdf)</translation>
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
        <source>&lt;b&gt;Start here:&lt;/b&gt; the README&apos;s API tour is a complete program that starts a Process, joins it and reads its exit code. Build it against the library and run it.</source>
        <translation>&lt;b&gt;从这里开始：&lt;/b&gt;README 中的 API 导览是一个完整的程序：启动一个 Process，等待它结束（join），再读取它的退出码。链接本库编译后运行即可。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Coming next:&lt;/b&gt; a launcher for processes and pools, a live process table, and step-by-step lessons based on the classic multiprocessing tutorials. They will open here.</source>
        <translation>&lt;b&gt;即将推出：&lt;/b&gt;进程与进程池启动器、实时进程表，以及按经典 multiprocessing 教程逐步讲解的课程，都将在这里打开。</translation>
    </message>
</context>
</TS>
