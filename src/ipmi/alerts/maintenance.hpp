// Maintenance windows: whether a server is in one at a given time (alerts keep being recorded; their
// notifications are suppressed). Pure.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "ipmi/alerts/alert_settings.hpp"

namespace dcm::ipmi::alerts {

bool in_window(const MaintenanceWindow& window, const std::string& server,
               const std::map<std::string, std::string>& tags, TimePoint at);
bool in_maintenance(const std::vector<MaintenanceWindow>& windows, const std::string& server,
                    const std::map<std::string, std::string>& tags, TimePoint at);

// Glob match with '*' (any run of characters) and '?' (one character), case-sensitive. Pure.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace dcm::ipmi::alerts
