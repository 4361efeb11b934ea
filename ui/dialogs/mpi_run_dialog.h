#pragma once
// File ▸ Run with MPI…: a program started under mpirun (Open MPI) as a process of the session,
// with the session's name exported to every rank (-x PROCLAB_SESSION), so that the ranks on this
// host join the session: a ProcLab MPI pool's worker ranks appear as pool workers named host:rank.
// Program, arguments, number of ranks, an optional hostfile and --oversubscribe; the exact command
// line is shown under the form. As root, mpirun is allowed to run (OMPI_ALLOW_RUN_AS_ROOT).

#include "dialogs/launch_dialog.h"

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

class MpiRunDialog : public LaunchDialog {
    Q_OBJECT

public:
    explicit MpiRunDialog(SessionController* controller, QWidget* parent = nullptr);

    LaunchSpec spec(QString* error) const override;

    /// The mpirun launcher the dialog runs (found in PATH; empty when Open MPI is not installed).
    static QString mpirunPath();
    /// The command line shown under the form (what spec() runs, quoted as a shell would need).
    QString commandPreview() const;

    // For tests: fill the form.
    void setProgram(const QString& path);
    void setArguments(const QString& line);
    void setRanks(int ranks);
    void setHostfile(const QString& path);
    void setOversubscribe(bool on);

private:
    void updatePreview();

    QLineEdit* m_program;
    QLineEdit* m_args;
    QSpinBox* m_ranks;
    QLineEdit* m_hostfile;
    QCheckBox* m_oversubscribe;
    QLabel* m_preview;
    QDialogButtonBox* m_buttons;
};
