// One notification for the pending alerts of one server (grouping: several new events of one sweep make one
// message). Plain text: notifiers escape it for their channel (Telegram HTML). Pure.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/notify/notifier.hpp"
#include "ipmi/store/records.hpp"

namespace dcm::ipmi::alerts {

// `alerts` oldest first; `instant(rule)` says whether a rule's alerts are one-off (events, power changes).
core::notify::Message group_message(const std::string& server, const std::vector<store::AlertRecord>& alerts,
                                    const std::function<bool(const std::string&)>& instant);

}  // namespace dcm::ipmi::alerts
