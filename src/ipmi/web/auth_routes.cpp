// /setup (first admin, only while no user exists), /login, /logout.
#include <string>

#include "ipmi/web/web_state.hpp"

namespace dcm::ipmi::web {
namespace {

constexpr std::size_t kMinPasswordLength = 8;
constexpr std::size_t kMaxFieldLength = 256;

bool valid_user_name(const std::string& name) {
  if (name.empty() || name.size() > 64) {
    return false;
  }
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) {
      return false;
    }
  }
  return true;
}

void start_session(WebState& state, const store::UserRecord& user, const core::http::Request& request,
                   core::http::Response& response) {
  auto tokens = state.auth.start_session(user.id, state.client(request));
  response.set_header("Set-Cookie", session_cookie(tokens.session_token, state.over_tls(request)));
  redirect(response, "/");
}

}  // namespace

void bootstrap_admin(WebState& state) {
  if (state.context.initial_admin_password.empty() || state.context.store.user("admin")) {
    return;
  }
  if (state.context.store.create_user("admin", state.passwords.hash(state.context.initial_admin_password),
                                      store::Role::kAdmin)) {
    state.context.store.audit({"system", "user.create", "admin", "", "from IPMI_MONITOR_ADMIN_PASS"});
    state.context.logger->info("created user admin from IPMI_MONITOR_ADMIN_PASS");
  }
}

void register_auth_routes(core::http::Server& server, const SharedState& state) {
  server.get("/setup", [state](const core::http::Request&, core::http::Response& response) {
    if (state->context.store.count_users(std::nullopt, false) > 0) {
      redirect(response, "/login");
      return;
    }
    respond_page(response, "setup", {{"title", "First start"}}, std::nullopt);
  });
  server.post("/setup", [state](const core::http::Request& request, core::http::Response& response) {
    if (state->context.store.count_users(std::nullopt, false) > 0) {
      respond_page(response, "login", {{"title", "Log in"}, {"error", "An administrator already exists."}},
                   std::nullopt, 403);
      return;
    }
    const auto name = request.get_param_value("user");
    const auto password = request.get_param_value("password");
    std::string problem;
    if (!valid_user_name(name)) {
      problem = "User names are 1 to 64 letters, digits, '-', '_' or '.'.";
    } else if (password.size() < kMinPasswordLength || password.size() > kMaxFieldLength) {
      problem = "The password needs at least 8 characters.";
    } else if (password != request.get_param_value("confirm")) {
      problem = "The two passwords differ.";
    }
    if (!problem.empty()) {
      respond_page(response, "setup", {{"title", "First start"}, {"error", problem}, {"name", name}},
                   std::nullopt, 400);
      return;
    }
    auto id = state->context.store.create_user(name, state->passwords.hash(password), store::Role::kAdmin);
    auto user = id ? state->context.store.user_by_id(*id) : std::nullopt;
    if (!user) {
      respond_page(response, "setup", {{"title", "First start"}, {"error", "That name is taken."}},
                   std::nullopt, 409);
      return;
    }
    state->audit(name, "user.create", name, request, "first administrator (setup page)");
    start_session(*state, *user, request, response);
  });

  server.get("/login", [state](const core::http::Request&, core::http::Response& response) {
    if (state->context.store.count_users(std::nullopt, false) == 0) {
      redirect(response, "/setup");
      return;
    }
    respond_page(response, "login", {{"title", "Log in"}}, std::nullopt);
  });
  server.post("/login", [state](const core::http::Request& request, core::http::Response& response) {
    const auto address = state->client(request);
    if (auto wait = state->login_limiter.retry_after(address); wait.count() > 0) {
      response.set_header("Retry-After", std::to_string(wait.count()));
      respond_page(response, "login",
                   {{"title", "Log in"}, {"error", "Too many failed logins; try again later."}}, std::nullopt,
                   429);
      return;
    }
    const auto name = request.get_param_value("user");
    const auto password = request.get_param_value("password");
    std::optional<store::UserRecord> user;
    if (name.size() <= kMaxFieldLength && password.size() <= kMaxFieldLength) {
      user = state->context.store.user(name);
    }
    // verify() runs against a dummy hash for unknown users: the time does not tell which names exist.
    const bool ok = state->passwords.verify(password, user ? user->password_hash : std::string()) && user &&
                    !user->disabled;
    if (!ok) {
      state->login_limiter.record_failure(address);
      state->audit(name.substr(0, 64), "login.failed", name.substr(0, 64), request);
      respond_page(response, "login", {{"title", "Log in"}, {"error", "Wrong user name or password."}},
                   std::nullopt, 401);
      return;
    }
    state->login_limiter.record_success(address);
    if (state->passwords.needs_rehash(user->password_hash)) {
      state->context.store.set_user_password(user->id, state->passwords.hash(password));
    }
    state->audit(user->name, "login", user->name, request);
    start_session(*state, *user, request, response);
  });

  server.post("/logout", [state](const core::http::Request& request, core::http::Response& response) {
    auto principal = state->auth.identify(request);
    if (principal && !principal->via_api_token) {
      if (!state->auth.csrf_ok(*principal, request)) {
        respond_error(response, 403, "missing or wrong CSRF token");
        return;
      }
      state->auth.end_session(*principal);
      state->audit(principal->name, "logout", principal->name, request);
    }
    response.set_header("Set-Cookie", session_cookie("", state->over_tls(request)));
    redirect(response, "/login");
  });
}

}  // namespace dcm::ipmi::web
