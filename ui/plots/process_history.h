#pragma once
// CPU % and RSS of every process over the last samples, for sparklines in the process table and
// the detail plot. Bounded: `capacity` samples per process (a ring, allocated as it fills) and at
// most `maxProcesses` processes (the longest-ended are forgotten first).

#include "controllers/session_feed.h"

#include <QList>
#include <QObject>

#include <map>
#include <vector>

class ProcessHistory : public QObject {
    Q_OBJECT

public:
    struct Sample {
        std::int64_t t_ns = 0;
        double cpu = 0; // percent of one CPU
        double rssBytes = 0;
    };

    explicit ProcessHistory(std::size_t capacity = 600, std::size_t maxProcesses = 1024, QObject* parent = nullptr);

    /// Oldest first.
    std::vector<Sample> samples(pid_t pid) const;
    QList<double> cpu(pid_t pid) const;
    QList<double> rss(pid_t pid) const;
    /// The last `n` CPU values (a sparkline's worth).
    QList<double> recentCpu(pid_t pid, int n = 60) const;
    /// The last `n` RSS values, bytes.
    QList<double> recentRss(pid_t pid, int n = 60) const;
    std::size_t processCount() const { return m_rings.size(); }
    std::size_t capacity() const { return m_capacity; }

public slots:
    void onFrame(const FeedFrame& frame);
    void clear();

signals:
    void updated();

private:
    struct Ring {
        std::vector<Sample> data; // grows to `capacity`, then wraps
        std::size_t head = 0;     // next write
        std::size_t size = 0;
        std::int64_t endedNs = 0;
    };
    std::size_t m_capacity;
    std::size_t m_maxProcesses;
    std::int64_t m_lastTaken = 0;
    std::map<pid_t, Ring> m_rings;
};
