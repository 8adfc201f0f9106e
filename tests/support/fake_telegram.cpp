#include "tests/support/fake_telegram.hpp"

#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

namespace dcm::test {
namespace {

// A named ServerOptions: GCC 12 at -O3 warns (-Wmaybe-uninitialized) about a temporary ServerOptions{}.
core::http::ServerOptions loopback_options() {
  core::http::ServerOptions options;
  options.listen = {"127.0.0.1", 0};
  return options;
}

// Telegram's HTML mode: these tags (https://core.telegram.org/bots/api#html-style) and these entities.
constexpr std::string_view kTags[] = {"b",    "strong", "i",          "em",         "u",    "ins",
                                      "s",    "strike", "del",        "tg-spoiler", "span", "a",
                                      "code", "pre",    "blockquote", "tg-emoji"};

bool known_tag(std::string_view name) {
  for (auto tag : kTags) {
    if (tag == name) {
      return true;
    }
  }
  return false;
}

std::size_t utf16_units(std::string_view text) {
  std::size_t units = 0;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0) != 0x80) {
      units += (byte & 0xF8) == 0xF0 ? 2 : 1;
    }
  }
  return units;
}

nlohmann::json error_body(int status, const std::string& description, std::optional<int> retry_after) {
  nlohmann::json body = {{"ok", false}, {"error_code", status}, {"description", description}};
  if (retry_after) {
    body["parameters"] = {{"retry_after", *retry_after}};
  }
  return body;
}

std::string description_for(int status, std::optional<int> retry_after) {
  switch (status) {
    case 400:
      return "Bad Request: chat not found";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden: bot was blocked by the user";
    case 404:
      return "Not Found";
    case 429:
      return "Too Many Requests: retry after " + std::to_string(retry_after.value_or(1));
    default:
      return "Internal Server Error";
  }
}

}  // namespace

std::string telegram_visible_text(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '<') {
      const auto close = text.find('>', i);
      i = close == std::string_view::npos ? text.size() : close + 1;
      continue;
    }
    if (text[i] == '&') {
      const auto semi = text.find(';', i);
      if (semi == std::string_view::npos) {
        out += text.substr(i);
        break;
      }
      const auto entity = text.substr(i, semi - i + 1);
      if (entity == "&lt;") {
        out += '<';
      } else if (entity == "&gt;") {
        out += '>';
      } else if (entity == "&amp;") {
        out += '&';
      } else if (entity == "&quot;") {
        out += '"';
      } else {
        out += entity;
      }
      i = semi + 1;
      continue;
    }
    out += text[i++];
  }
  return out;
}

std::optional<std::string> check_telegram_html(std::string_view text) {
  std::vector<std::string> open;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '<') {
      const auto close = text.find('>', i);
      if (close == std::string_view::npos) {
        return "Bad Request: can't parse entities: Unclosed start tag at byte offset " + std::to_string(i);
      }
      auto inside = text.substr(i + 1, close - i - 1);
      const bool closing = inside.starts_with('/');
      if (closing) {
        inside.remove_prefix(1);
      }
      const auto name = std::string(inside.substr(0, inside.find(' ')));
      if (!known_tag(name)) {
        return "Bad Request: can't parse entities: Unsupported start tag \"" + name + "\" at byte offset " +
               std::to_string(i);
      }
      if (closing) {
        if (open.empty() || open.back() != name) {
          return "Bad Request: can't parse entities: Unmatched end tag at byte offset " + std::to_string(i);
        }
        open.pop_back();
      } else {
        open.push_back(name);
      }
      i = close;
    } else if (text[i] == '>') {
      // Telegram tolerates a bare '>', but our notifier must escape it: be strict.
      return "Bad Request: can't parse entities: unescaped '>' at byte offset " + std::to_string(i);
    } else if (text[i] == '&') {
      const auto semi = text.find(';', i);
      const auto entity = text.substr(i, semi == std::string_view::npos ? 1 : semi - i + 1);
      if (entity != "&lt;" && entity != "&gt;" && entity != "&amp;" && entity != "&quot;") {
        return "Bad Request: can't parse entities: Unsupported entity at byte offset " + std::to_string(i);
      }
    }
  }
  if (!open.empty()) {
    return "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"" +
           open.back() + "\"";
  }
  const auto visible = telegram_visible_text(text);
  if (visible.empty()) {
    return "Bad Request: message text is empty";
  }
  if (utf16_units(visible) > 4096) {
    return "Bad Request: message is too long";
  }
  return std::nullopt;
}

struct FakeTelegram::State {
  std::string token;
  mutable std::mutex mutex;
  std::vector<TelegramMessage> messages;
  std::size_t requests = 0;
};

FakeTelegram::FakeTelegram(std::string token)
    : state_(std::make_shared<State>()), server_(loopback_options()) {
  state_->token = std::move(token);
  server_.post(R"(/bot([^/]*)/sendMessage)", [this, state = state_](const core::http::Request& request,
                                                                    core::http::Response& response) {
    auto answer = [&](int status, const nlohmann::json& body) {
      response.status = status;
      response.set_content(body.dump(), "application/json");
    };
    {
      std::lock_guard lock(state->mutex);
      ++state->requests;
    }
    if (request.matches[1] != state->token) {
      answer(401, error_body(401, "Unauthorized", std::nullopt));
      return;
    }
    if (auto failure = script_.next()) {
      const auto description = failure->text.empty()
                                   ? description_for(failure->status, failure->retry_after_seconds)
                                   : failure->text;
      answer(failure->status, error_body(failure->status, description, failure->retry_after_seconds));
      return;
    }
    const auto json = nlohmann::json::parse(request.body, nullptr, false);
    if (!json.is_object() || !json.contains("text") || !json["text"].is_string()) {
      answer(400, error_body(400, "Bad Request: message text is empty", std::nullopt));
      return;
    }
    if (!json.contains("chat_id") || json["chat_id"].is_null() ||
        (json["chat_id"].is_string() && json["chat_id"].get<std::string>().empty())) {
      answer(400, error_body(400, "Bad Request: chat_id is empty", std::nullopt));
      return;
    }
    TelegramMessage message;
    message.chat_id =
        json["chat_id"].is_string() ? json["chat_id"].get<std::string>() : json["chat_id"].dump();
    message.text = json["text"].get<std::string>();
    message.parse_mode = json.value("parse_mode", "");
    if (message.parse_mode == "HTML") {
      if (auto problem = check_telegram_html(message.text)) {
        answer(400, error_body(400, *problem, std::nullopt));
        return;
      }
    }
    {
      std::lock_guard lock(state->mutex);
      state->messages.push_back(message);
    }
    answer(200,
           {{"ok", true},
            {"result", {{"message_id", 1}, {"chat", {{"id", message.chat_id}}}, {"text", message.text}}}});
  });
  server_.bind();
  server_.start();
}

FakeTelegram::~FakeTelegram() {
  script_.shutdown();
  server_.stop();
}

std::string FakeTelegram::base_url() const {
  return server_.url();
}

std::vector<TelegramMessage> FakeTelegram::messages() const {
  std::lock_guard lock(state_->mutex);
  return state_->messages;
}

std::size_t FakeTelegram::requests() const {
  std::lock_guard lock(state_->mutex);
  return state_->requests;
}

bool FakeTelegram::wait_for_messages(std::size_t count, std::chrono::milliseconds limit) const {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (messages().size() >= count) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return messages().size() >= count;
}

}  // namespace dcm::test
