#include "plots/plot_export.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QWidget>

namespace {

void setError(QString* error, const QString& text)
{
    if (error)
        *error = text;
}

void prepare(QWidget* view)
{
    view->ensurePolished();
    if (view->size().isEmpty())
        view->resize(view->sizeHint().expandedTo(QSize(640, 400)));
}

} // namespace

bool PlotExport::savePng(QWidget* view, const QString& path, QString* error, double scale)
{
    if (!view) {
        setError(error, tr("Nothing to export."));
        return false;
    }
    prepare(view);
    QImage image(view->size() * scale, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        view->render(&painter);
    }
    if (!image.save(path, "PNG")) {
        setError(error, tr("Could not write %1.").arg(QFileInfo(path).absoluteFilePath()));
        return false;
    }
    return true;
}

bool PlotExport::savePdf(QWidget* view, const QString& path, QString* error)
{
    if (!view) {
        setError(error, tr("Nothing to export."));
        return false;
    }
    prepare(view);
    QPdfWriter pdf(path);
    if (!QFileInfo(path).absoluteDir().exists()) {
        setError(error, tr("Could not write %1.").arg(QFileInfo(path).absoluteFilePath()));
        return false;
    }
    pdf.setCreator(QStringLiteral("ProcLab"));
    pdf.setTitle(view->windowTitle());
    pdf.setResolution(96);
    pdf.setPageSize(QPageSize(QSizeF(view->size()), QPageSize::Point));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    QPainter painter;
    if (!painter.begin(&pdf)) {
        setError(error, tr("Could not write %1.").arg(QFileInfo(path).absoluteFilePath()));
        return false;
    }
    const double sx = double(pdf.width()) / std::max(1, view->width());
    const double sy = double(pdf.height()) / std::max(1, view->height());
    painter.scale(std::min(sx, sy), std::min(sx, sy));
    view->render(&painter);
    painter.end();
    if (QFileInfo(path).size() <= 0) {
        setError(error, tr("Could not write %1.").arg(QFileInfo(path).absoluteFilePath()));
        return false;
    }
    return true;
}

QString PlotExport::withSuffix(const QString& path, const QString& suffix)
{
    const QString have = QFileInfo(path).suffix().toLower();
    if (have == QLatin1String("png") || have == QLatin1String("pdf"))
        return path;
    return path + QLatin1Char('.') + suffix;
}

bool PlotExport::save(QWidget* view, const QString& path, QString* error)
{
    if (path.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive))
        return savePdf(view, path, error);
    return savePng(view, path, error);
}

bool PlotExport::saveChromeTrace(const QString& path, const proclab::Snapshot& snapshot,
                                 const std::vector<proclab::SessionEvent>& events, QString* error)
{
    const std::string json = proclab::Session::chrome_trace(snapshot, events);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        f.write(json.data(), qint64(json.size())) != qint64(json.size())) {
        setError(error, tr("Could not write %1: %2").arg(QFileInfo(path).absoluteFilePath(), f.errorString()));
        return false;
    }
    return true;
}
