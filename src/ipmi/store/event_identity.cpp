#include "ipmi/store/event_identity.hpp"

#include <bit>
#include <cctype>
#include <string>
#include <string_view>

namespace dcm::ipmi::store {
namespace {

constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

void mix(std::uint64_t& hash, unsigned char byte) {
  hash ^= byte;
  hash *= kFnvPrime;
}

void mix(std::uint64_t& hash, std::string_view text) {
  for (char c : text) {
    mix(hash, static_cast<unsigned char>(c));
  }
  mix(hash, 0x1f);  // field separator: "ab"+"c" differs from "a"+"bc"
}

bool is_hex_text(std::string_view raw) {
  bool digits = false;
  for (char c : raw) {
    if (std::isxdigit(static_cast<unsigned char>(c))) {
      digits = true;
    } else if (c != ' ' && c != ':' && c != '\n' && c != '\t') {
      return false;
    }
  }
  return digits;
}

}  // namespace

std::int64_t sel_event_identity(const SelEvent& event) {
  std::uint64_t hash = kFnvOffset;
  if (is_hex_text(event.raw)) {
    mix(hash, 'h');
    for (char c : event.raw) {
      if (std::isxdigit(static_cast<unsigned char>(c))) {
        mix(hash, static_cast<unsigned char>(std::tolower(static_cast<unsigned char>(c))));
      }
    }
  } else if (!event.raw.empty()) {
    mix(hash, 'r');
    mix(hash, event.raw);
  } else {
    mix(hash, 'f');
    const auto bmc_seconds =
        event.bmc_time
            ? std::chrono::duration_cast<std::chrono::seconds>(event.bmc_time->time_since_epoch()).count()
            : -1;
    mix(hash, std::to_string(bmc_seconds));
    mix(hash, event.sensor_name);
    mix(hash, event.sensor_type);
    mix(hash, event.event_type);
    mix(hash, event.assertion ? "a" : "d");
    mix(hash, event.message);
  }
  return std::bit_cast<std::int64_t>(hash);
}

}  // namespace dcm::ipmi::store
