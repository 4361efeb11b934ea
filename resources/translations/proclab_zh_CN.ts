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
