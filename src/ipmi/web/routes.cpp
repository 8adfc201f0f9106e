#include "ipmi/web/routes.hpp"

#include <span>

#include "core/secrets/secret_key.hpp"
#include "core/web/assets.hpp"
#include "ipmi/web/web_state.hpp"

namespace dcm::assets {
std::span<const core::web::Asset> ipmi_web_static();
}

namespace dcm::ipmi::web {

void register_routes(core::http::Server& server, const WebContext& context) {
  const auto key = core::secrets::load_or_create_key_file(context.key_file);
  auto state = std::make_shared<WebState>(context, key);
  bootstrap_admin(*state);
  core::web::serve_assets(server, dcm::assets::ipmi_web_static());
  register_auth_routes(server, state);
  register_api_routes(server, state);
  register_page_routes(server, state);
}

}  // namespace dcm::ipmi::web
