#pragma once
// OutputReader: one worker thread that reads the stdout/stderr FIFOs of every captured process
// in a single poll(2) loop and appends to the OutputStore, where the lines are split, stamped
// with the time they were read, numbered in reading order and dropped by the caps. The GUI
// thread does none of that: a process flooding its output costs it nothing but the view's batch
// per tick. Each ready descriptor gets one read of at most 64 KiB per turn, so a flooding stream
// never keeps another (its stderr, another process) waiting.

#include <QObject>
#include <QPointer>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

class OutputStore;

class OutputReader : public QObject {
    Q_OBJECT

public:
    explicit OutputReader(OutputStore* store, QObject* parent = nullptr);
    ~OutputReader() override; ///< stops the thread; closes the descriptors it still reads

    /// Reads `fd` (a non-blocking read end, now owned by the reader) into the store as `key`'s
    /// stdout or stderr, until the end of file (then the unterminated last line is flushed and
    /// `fd` closed) or remove(key).
    void add(int key, int fd, bool stderrStream);
    /// Stops reading `key`'s descriptors (closed by the reader thread) and flushes what it has.
    void remove(int key);
    /// Descriptors being read.
    int sourceCount() const;
    /// Bytes read so far, all sources.
    std::uint64_t bytesRead() const { return m_bytes.load(); }

private:
    struct Source {
        int key = 0;
        int fd = -1;
        bool err = false;
    };
    void run();
    void wake() const;
    void stop(); ///< ends the thread and closes every descriptor (idempotent)

    OutputStore* m_store;
    QPointer<OutputStore> m_storeAlive; // GUI thread: to unregister from a store still there
    mutable std::mutex m_mutex;
    std::vector<Source> m_added; // guarded: handed to the thread
    std::vector<int> m_removed;  // guarded: keys to stop reading
    int m_count = 0;             // guarded: sources the thread reads
    int m_wake = -1;             // eventfd
    std::atomic<bool> m_stop{false};
    std::atomic<std::uint64_t> m_bytes{0};
    std::thread m_thread;
};
