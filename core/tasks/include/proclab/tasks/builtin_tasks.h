#pragma once
// Built-in tasks: small registered functions the GUI's launcher offers (sleep, busy CPU, print
// lines, produce/consume on a queue, hold a lock, fail, crash, spawn children, echo server).
// Each takes `capture` first: a path prefix whose "<capture>.out" / "<capture>.err" (files or
// FIFOs the caller created) receive the task's stdout / stderr; empty keeps the inherited streams.
//
// proclab::tasks is linked whole (CMake's WHOLE_ARCHIVE), so every program that links it has
// these tasks registered without calling anything.

#include <string>

namespace proclab::builtin {

/// Redirects stdout/stderr (dup2) into "<capture>.out" / "<capture>.err"; no-op when empty.
/// Throws Error when a file cannot be opened.
void capture_output(const std::string& capture);

/// Sleeps `seconds`.
void task_sleep(std::string capture, double seconds);
/// Spins on the CPU for `seconds`.
void task_busy_cpu(std::string capture, double seconds);
/// Prints `count` numbered lines, `interval` seconds apart (0: as fast as possible), to stdout
/// (every `stderr_every`-th line to stderr instead; 0: none).
void task_print_lines(std::string capture, int count, double interval, int stderr_every);
/// Puts `count` strings on the Queue<std::string> named `queue`, `interval` seconds apart.
void task_produce(std::string capture, std::string queue, int count, double interval);
/// Gets `count` items (0: until `timeout` seconds pass without one) from the queue `queue`.
void task_consume(std::string capture, std::string queue, int count, double timeout);
/// Acquires the Lock named `lock` (waiting as long as needed) and holds it `seconds`.
void task_hold_lock(std::string capture, std::string lock, double seconds);
/// Throws std::runtime_error(message): exit code 1, the message on stderr.
void task_fail(std::string capture, std::string message);
/// Raises signal `sig` with its default action (SIGSEGV, SIGABRT, ...): exit code -sig.
void task_crash(std::string capture, int sig);
/// Starts `count` children that sleep `seconds`, then joins them.
void task_spawn_children(std::string capture, int count, double seconds);
/// Echo server on 127.0.0.1:`port` (0: any free port; the port is printed), for `seconds`
/// (0: until terminated).
void task_echo_server(std::string capture, int port, double seconds);

} // namespace proclab::builtin
