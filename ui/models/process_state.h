#pragma once
// How a process's state is shown: the state a learner reads (running, blocked, stopped, exited ok,
// failed, killed, zombie until joined), its colour, icon, name and one-sentence explanation.

#include <proclab/session.h>

#include <QColor>
#include <QIcon>
#include <QString>

#include <array>

/// Ended: an observed process that ended and was reaped by its own parent (its exit code is not
/// observable from here).
enum class DisplayState { Created, Running, Blocked, Stopped, ExitedOk, Failed, Killed, Zombie, Ended, Count };

/// The state shown for a record: an ended process whose exit code nobody collected yet is a zombie.
DisplayState displayStateOf(const proclab::ProcessRecord& record);
/// True for states of a process that is still alive (created, running, blocked, stopped).
bool isLive(DisplayState state);

/// Short translated name ("running").
QString displayStateName(DisplayState state);
/// One translated sentence that explains the state.
QString displayStateExplanation(DisplayState state);
/// A colour readable as text and as an icon on light and dark palettes.
QColor displayStateColor(DisplayState state);
/// A small painted icon (no SVG plugin needed).
QIcon displayStateIcon(DisplayState state);

/// Every state in display order (for legends).
std::array<DisplayState, static_cast<int>(DisplayState::Count)> allDisplayStates();

/// "−15 (SIGTERM)", "0", "1".
QString exitCodeText(const std::optional<int>& code);

/// What the kernel says an observed process waits on, in plain words ("reading a pipe",
/// "sleeping (nanosleep)"); empty for None.
QString kernelWaitText(proclab::KernelWait wait);
/// The icon of a process seen in /proc only (not started through ProcLab): an eye.
QIcon observedIcon();
