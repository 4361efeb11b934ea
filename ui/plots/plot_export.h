#pragma once
// Export of what the plots show: PNG and PDF of any view, and the session's Chrome trace JSON
// (Session::chrome_trace: opens in Perfetto or chrome://tracing).

#include <proclab/session.h>

#include <QCoreApplication>
#include <QString>

#include <vector>

class QWidget;

class PlotExport {
    Q_DECLARE_TR_FUNCTIONS(PlotExport)

public:
    /// The view as a PNG image at its on-screen size (times `scale`). False and `error` set on failure.
    static bool savePng(QWidget* view, const QString& path, QString* error = nullptr, double scale = 1.0);
    /// The view as a one-page PDF (vector where the view paints vectors).
    static bool savePdf(QWidget* view, const QString& path, QString* error = nullptr);
    /// `path` ending in .png or .pdf as it is, else with ".<suffix>" added ("plot" → "plot.png").
    static QString withSuffix(const QString& path, const QString& suffix = QStringLiteral("png"));
    /// PNG or PDF, chosen by the file's suffix (.png, .pdf).
    static bool save(QWidget* view, const QString& path, QString* error = nullptr);
    /// The Chrome trace JSON of a snapshot and the events read so far.
    static bool saveChromeTrace(const QString& path, const proclab::Snapshot& snapshot,
                                const std::vector<proclab::SessionEvent>& events, QString* error = nullptr);
};
