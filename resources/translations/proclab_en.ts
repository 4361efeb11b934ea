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
