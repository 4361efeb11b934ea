#pragma once
// What both launch dialogs do on OK: launch the spec, or show why not under the form and stay open.

#include "controllers/launch_spec.h"
#include "controllers/session_controller.h"

#include <QLabel>
#include <QList>

namespace dialogs {

/// Launches `spec` into `launched` unless `specError` (from building the spec) says what is wrong;
/// `errorLabel` shows the error, or is hidden when there is none. False on failure.
inline bool launchOrShowError(SessionController& controller, const LaunchSpec& spec, QString specError,
                              QLabel* errorLabel, QList<int>* launched)
{
    launched->clear();
    if (specError.isEmpty())
        *launched = controller.launch(spec, &specError);
    errorLabel->setText(specError);
    errorLabel->setVisible(!specError.isEmpty());
    return specError.isEmpty();
}

} // namespace dialogs
