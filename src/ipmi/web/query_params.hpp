// Strict parsing of API query parameters: each returns nullopt for an absent parameter and throws
// BadRequest naming the parameter for a malformed one (the API answers 400 with that text).
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/http/server.hpp"
#include "ipmi/model.hpp"
#include "ipmi/store/records.hpp"

namespace dcm::ipmi::web {

class BadRequest : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Unix seconds (integer or fractional).
std::optional<TimePoint> time_param(const core::http::Request& request, const std::string& name);
std::optional<std::size_t> count_param(const core::http::Request& request, const std::string& name,
                                       std::size_t max);
std::optional<bool> bool_param(const core::http::Request& request, const std::string& name);
std::optional<Severity> severity_param(const core::http::Request& request, const std::string& name);

// The events filter of GET /api/v1/events and the events page: severity, server, from, to, acknowledged,
// limit (1..500, default 100), offset.
store::EventFilter event_filter(const core::http::Request& request);

}  // namespace dcm::ipmi::web
