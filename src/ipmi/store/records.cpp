#include "ipmi/store/records.hpp"

namespace dcm::ipmi::store {

std::string_view to_string(ServerOrigin origin) {
  return origin == ServerOrigin::kUi ? "ui" : "file";
}

std::string_view to_string(AlertState state) {
  return state == AlertState::kResolved ? "resolved" : "firing";
}

std::string_view to_string(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kOperator:
      return "operator";
    case Role::kViewer:
      break;
  }
  return "viewer";
}

std::optional<Role> parse_role(std::string_view text) {
  for (Role role : {Role::kAdmin, Role::kOperator, Role::kViewer}) {
    if (text == to_string(role)) {
      return role;
    }
  }
  return std::nullopt;
}

}  // namespace dcm::ipmi::store
