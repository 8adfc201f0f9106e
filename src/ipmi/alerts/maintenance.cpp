#include "ipmi/alerts/maintenance.hpp"

#include <algorithm>

namespace dcm::ipmi::alerts {

bool glob_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

bool in_window(const MaintenanceWindow& window, const std::string& server,
               const std::map<std::string, std::string>& tags, TimePoint at) {
  if (!window.servers.empty() &&
      std::none_of(window.servers.begin(), window.servers.end(),
                   [&](const std::string& pattern) { return glob_match(pattern, server); })) {
    return false;
  }
  for (const auto& [key, value] : window.tags) {
    auto it = tags.find(key);
    if (it == tags.end() || it->second != value) {
      return false;
    }
  }
  if (window.daily) {
    const auto since_epoch = std::chrono::duration_cast<std::chrono::minutes>(at.time_since_epoch()).count();
    const int minute = static_cast<int>(((since_epoch % 1440) + 1440) % 1440);
    const auto [from, to] = *window.daily;
    return from < to ? (minute >= from && minute < to) : (minute >= from || minute < to);
  }
  return window.start && window.end && at >= *window.start && at < *window.end;
}

bool in_maintenance(const std::vector<MaintenanceWindow>& windows, const std::string& server,
                    const std::map<std::string, std::string>& tags, TimePoint at) {
  return std::any_of(windows.begin(), windows.end(),
                     [&](const MaintenanceWindow& window) { return in_window(window, server, tags, at); });
}

}  // namespace dcm::ipmi::alerts
