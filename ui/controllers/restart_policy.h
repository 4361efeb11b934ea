#pragma once
// RestartPolicy: restart on failure as supervisord's autorestart with startretries: a process
// that failed (exit code != 0) and was not stopped by the user runs again after a back-off that
// doubles with every attempt, until maxRetries restarts were made.

#include <optional>

class RestartPolicy {
public:
    RestartPolicy() = default; // never restarts
    RestartPolicy(bool onFailure, int maxRetries, int backoffMs, int attempt = 0);

    /// The delay before the next run when a run ended with `exitcode`, and counts that attempt;
    /// nothing when the process stays ended.
    std::optional<int> next(int exitcode, bool stoppedByUser);

    int attempt() const { return m_attempt; }
    int maxRetries() const { return m_maxRetries; }

    /// The back-off before restart number attempt + 1: backoffMs · 2^attempt (the exponent capped at 10).
    static int delayMs(int backoffMs, int attempt);

private:
    bool m_onFailure = false;
    int m_maxRetries = 0;
    int m_backoffMs = 0;
    int m_attempt = 0;
};
