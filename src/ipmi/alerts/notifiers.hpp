// The notifiers config.yaml's `notifiers:` block asks for, attached to the alert engine with their retry
// policies (Telegram: at most one message a second per chat).
#pragma once

#include "ipmi/alerts/alert_engine.hpp"
#include "ipmi/alerts/alert_settings.hpp"

namespace dcm::ipmi::alerts {

// Returns how many notifiers were attached.
int add_notifiers(AlertEngine& engine, const AlertSettings& settings);

}  // namespace dcm::ipmi::alerts
