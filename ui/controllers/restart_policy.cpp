#include "controllers/restart_policy.h"

#include <algorithm>

RestartPolicy::RestartPolicy(bool onFailure, int maxRetries, int backoffMs, int attempt)
    : m_onFailure(onFailure)
    , m_maxRetries(maxRetries)
    , m_backoffMs(backoffMs)
    , m_attempt(attempt)
{
}

int RestartPolicy::delayMs(int backoffMs, int attempt)
{
    return backoffMs * (1 << std::clamp(attempt, 0, 10));
}

std::optional<int> RestartPolicy::next(int exitcode, bool stoppedByUser)
{
    if (!m_onFailure || exitcode == 0 || stoppedByUser || m_attempt >= m_maxRetries)
        return std::nullopt;
    const int delay = delayMs(m_backoffMs, m_attempt);
    ++m_attempt;
    return delay;
}
