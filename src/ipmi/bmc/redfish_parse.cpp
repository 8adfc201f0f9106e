#include "ipmi/bmc/redfish_parse.hpp"

#include <charconv>

namespace dcm::ipmi::bmc::redfish {
namespace {

struct Thresholds {
  std::optional<double> upper_warning, upper_critical, lower_warning, lower_critical;
};

SensorState judge(std::optional<SensorState> health, std::optional<double> value, const Thresholds& t) {
  if (health) {
    return *health;
  }
  if (!value || (!t.upper_warning && !t.upper_critical && !t.lower_warning && !t.lower_critical)) {
    return SensorState::kUnknown;
  }
  if ((t.upper_critical && *value >= *t.upper_critical) ||
      (t.lower_critical && *value <= *t.lower_critical)) {
    return SensorState::kCritical;
  }
  if ((t.upper_warning && *value >= *t.upper_warning) || (t.lower_warning && *value <= *t.lower_warning)) {
    return SensorState::kWarning;
  }
  return SensorState::kOk;
}

std::optional<double> min_of(std::optional<double> a, std::optional<double> b) {
  if (a && b)
    return std::min(*a, *b);
  return a ? a : b;
}

std::optional<double> max_of(std::optional<double> a, std::optional<double> b) {
  if (a && b)
    return std::max(*a, *b);
  return a ? a : b;
}

bool absent(const Json& item) {
  return item.is_object() && item.contains("Status") && item["Status"].is_object() &&
         item["Status"].value("State", "") == "Absent";
}

std::optional<SensorState> health_of(const Json& item) {
  return item.is_object() && item.contains("Status") ? parse_health(item["Status"]) : std::nullopt;
}

// Older Thermal/Power arrays: thresholds as UpperThresholdNonCritical / Critical / Fatal and the Lower ones.
Thresholds classic_thresholds(const Json& item, const std::string& where, Problems& problems) {
  Thresholds t;
  t.upper_warning = number_field(item, "UpperThresholdNonCritical", where, problems);
  t.upper_critical = min_of(number_field(item, "UpperThresholdCritical", where, problems),
                            number_field(item, "UpperThresholdFatal", where, problems));
  t.lower_warning = number_field(item, "LowerThresholdNonCritical", where, problems);
  t.lower_critical = max_of(number_field(item, "LowerThresholdCritical", where, problems),
                            number_field(item, "LowerThresholdFatal", where, problems));
  return t;
}

std::string item_name(const Json& item, const std::string& where, Problems& problems) {
  if (auto name = string_field(item, "Name", where, problems)) {
    return *name;
  }
  if (auto name = string_field(item, "MemberId", where, problems)) {
    return *name;
  }
  return where;
}

// Calls each(item, "where[i]") for every object of document[key]; a non-array is a problem.
template <typename Each>
void for_each_item(const Json& document, std::string_view key, std::string_view where, Problems& problems,
                   Each each) {
  if (!document.is_object() || !document.contains(key) || document[key].is_null()) {
    return;
  }
  const Json& items = document[key];
  if (!items.is_array()) {
    problems.add(where, key, "expected an array, got " + std::string(type_name(items)));
    return;
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string item_where =
        std::string(where) + ": " + std::string(key) + "[" + std::to_string(i) + "]";
    if (!items[i].is_object()) {
      problems.add(item_where, "", "expected an object, got " + std::string(type_name(items[i])));
      continue;
    }
    if (!absent(items[i])) {
      each(items[i], item_where);
    }
  }
}

int parse_digits(std::string_view text, std::size_t pos, std::size_t count, bool& ok) {
  int value = 0;
  if (pos + count > text.size()) {
    ok = false;
    return 0;
  }
  auto [end, ec] = std::from_chars(text.data() + pos, text.data() + pos + count, value);
  if (ec != std::errc() || end != text.data() + pos + count) {
    ok = false;
  }
  return value;
}

}  // namespace

void Problems::add(std::string_view where, std::string_view field, std::string_view what) {
  std::string message(where);
  if (!field.empty()) {
    message += (message.find(": ") != std::string::npos && message.back() != ' ') ? "." : ": ";
    message += field;
  }
  message += ": ";
  message += what;
  messages.push_back(std::move(message));
}

std::string_view type_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "object";
    case Json::value_t::array:
      return "array";
    case Json::value_t::string:
      return "string";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "number";
    default:
      return "binary";
  }
}

std::optional<double> number_field(const Json& object, std::string_view key, std::string_view where,
                                   Problems& problems) {
  if (!object.is_object()) {
    return std::nullopt;
  }
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return std::nullopt;
  }
  if (!it->is_number()) {
    problems.add(where, key, "expected a number, got " + std::string(type_name(*it)));
    return std::nullopt;
  }
  return it->get<double>();
}

std::optional<std::string> string_field(const Json& object, std::string_view key, std::string_view where,
                                        Problems& problems) {
  if (!object.is_object()) {
    return std::nullopt;
  }
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return std::nullopt;
  }
  if (!it->is_string()) {
    problems.add(where, key, "expected a string, got " + std::string(type_name(*it)));
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::string link_field(const Json& object, std::string_view key, std::string_view where, Problems& problems) {
  if (!object.is_object()) {
    return {};
  }
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return {};
  }
  if (!it->is_object()) {
    problems.add(where, key, "expected a link object, got " + std::string(type_name(*it)));
    return {};
  }
  return string_field(*it, "@odata.id", std::string(where) + ": " + std::string(key), problems).value_or("");
}

std::optional<bool> parse_power_state(std::string_view state) {
  if (state == "On" || state == "PoweringOff" || state == "Paused") {
    return true;
  }
  if (state == "Off" || state == "PoweringOn") {
    return false;
  }
  return std::nullopt;
}

std::optional<SensorState> parse_health(const Json& status) {
  if (!status.is_object()) {
    return std::nullopt;
  }
  auto it = status.find("Health");
  if (it == status.end() || !it->is_string()) {
    return std::nullopt;
  }
  const auto& health = it->get_ref<const std::string&>();
  if (health == "OK")
    return SensorState::kOk;
  if (health == "Warning")
    return SensorState::kWarning;
  if (health == "Critical")
    return SensorState::kCritical;
  return std::nullopt;
}

std::vector<SensorReading> parse_thermal(const Json& thermal, std::string_view where, Problems& problems) {
  std::vector<SensorReading> readings;
  for_each_item(thermal, "Temperatures", where, problems, [&](const Json& item, const std::string& at) {
    SensorReading reading{item_name(item, at, problems), "Temperature", "C",
                          number_field(item, "ReadingCelsius", at, problems), SensorState::kUnknown};
    reading.state = judge(health_of(item), reading.value, classic_thresholds(item, at, problems));
    readings.push_back(std::move(reading));
  });
  for_each_item(thermal, "Fans", where, problems, [&](const Json& item, const std::string& at) {
    std::string name = string_field(item, "FanName", at, problems).value_or("");
    if (name.empty()) {
      name = item_name(item, at, problems);
    }
    const auto units = string_field(item, "ReadingUnits", at, problems).value_or("RPM");
    SensorReading reading{name, "Fan", units == "Percent" ? "%" : "RPM",
                          number_field(item, "Reading", at, problems), SensorState::kUnknown};
    reading.state = judge(health_of(item), reading.value, classic_thresholds(item, at, problems));
    readings.push_back(std::move(reading));
  });
  return readings;
}

std::vector<SensorReading> parse_power_sensors(const Json& power, std::string_view where,
                                               Problems& problems) {
  std::vector<SensorReading> readings;
  for_each_item(power, "Voltages", where, problems, [&](const Json& item, const std::string& at) {
    SensorReading reading{item_name(item, at, problems), "Voltage", "V",
                          number_field(item, "ReadingVolts", at, problems), SensorState::kUnknown};
    reading.state = judge(health_of(item), reading.value, classic_thresholds(item, at, problems));
    readings.push_back(std::move(reading));
  });
  for_each_item(power, "PowerSupplies", where, problems, [&](const Json& item, const std::string& at) {
    auto watts = number_field(item, "PowerInputWatts", at, problems);
    if (!watts) {
      watts = number_field(item, "LastPowerOutputWatts", at, problems);
    }
    SensorReading reading{item_name(item, at, problems), "Power Supply", "W", watts, SensorState::kUnknown};
    reading.state = judge(health_of(item), reading.value, {});
    readings.push_back(std::move(reading));
  });
  return readings;
}

std::optional<double> parse_power_control_watts(const Json& power, std::string_view where,
                                                Problems& problems) {
  std::optional<double> total;
  for_each_item(power, "PowerControl", where, problems, [&](const Json& item, const std::string& at) {
    if (auto watts = number_field(item, "PowerConsumedWatts", at, problems)) {
      total = total.value_or(0.0) + *watts;
    }
  });
  return total;
}

std::optional<SensorReading> parse_sensor(const Json& sensor, std::string_view where, Problems& problems) {
  if (!sensor.is_object() || absent(sensor)) {
    return std::nullopt;
  }
  const std::string at(where);
  const auto reading_type = string_field(sensor, "ReadingType", at, problems).value_or("");
  const auto units = string_field(sensor, "ReadingUnits", at, problems).value_or("");
  SensorReading reading;
  reading.name = item_name(sensor, at, problems);
  reading.type = reading_type == "Rotational" ? "Fan" : reading_type;
  reading.unit = units == "Cel" ? "C" : units;
  reading.value = number_field(sensor, "Reading", at, problems);
  Thresholds t;
  if (sensor.contains("Thresholds") && sensor["Thresholds"].is_object()) {
    const Json& thresholds = sensor["Thresholds"];
    auto threshold = [&](const char* key) -> std::optional<double> {
      if (!thresholds.contains(key)) {
        return std::nullopt;
      }
      return number_field(thresholds[key], "Reading", at + ": Thresholds." + key, problems);
    };
    t.upper_warning = threshold("UpperCaution");
    t.upper_critical = min_of(threshold("UpperCritical"), threshold("UpperFatal"));
    t.lower_warning = threshold("LowerCaution");
    t.lower_critical = max_of(threshold("LowerCritical"), threshold("LowerFatal"));
  }
  reading.state = judge(health_of(sensor), reading.value, t);
  return reading;
}

std::optional<SensorReading> parse_fan(const Json& fan, std::string_view where, Problems& problems) {
  if (!fan.is_object() || absent(fan)) {
    return std::nullopt;
  }
  const std::string at(where);
  SensorReading reading{item_name(fan, at, problems), "Fan", "RPM", std::nullopt, SensorState::kUnknown};
  if (fan.contains("SpeedPercent") && fan["SpeedPercent"].is_object()) {
    const Json& speed = fan["SpeedPercent"];
    reading.value = number_field(speed, "SpeedRPM", at + ": SpeedPercent", problems);
    if (!reading.value) {
      reading.value = number_field(speed, "Reading", at + ": SpeedPercent", problems);
      reading.unit = "%";
    }
  }
  reading.state = health_of(fan).value_or(SensorState::kUnknown);
  return reading;
}

std::optional<double> parse_environment_watts(const Json& metrics, std::string_view where,
                                              Problems& problems) {
  if (!metrics.is_object() || !metrics.contains("PowerWatts")) {
    return std::nullopt;
  }
  return number_field(metrics["PowerWatts"], "Reading", std::string(where) + ": PowerWatts", problems);
}

std::optional<TimePoint> parse_redfish_time(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)
  bool ok = text.size() >= 20 && text[4] == '-' && text[7] == '-' && (text[10] == 'T' || text[10] == ' ') &&
            text[13] == ':' && text[16] == ':';
  if (!ok) {
    return std::nullopt;
  }
  const int year = parse_digits(text, 0, 4, ok);
  const int month = parse_digits(text, 5, 2, ok);
  const int day = parse_digits(text, 8, 2, ok);
  const int hour = parse_digits(text, 11, 2, ok);
  const int minute = parse_digits(text, 14, 2, ok);
  const int second = parse_digits(text, 17, 2, ok);
  std::size_t pos = 19;
  long long micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    long long scale = 100000;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      micros += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
  }
  int offset_minutes = 0;
  if (pos < text.size() && text[pos] == 'Z' && pos + 1 == text.size()) {
    ++pos;
  } else if (pos + 6 == text.size() && (text[pos] == '+' || text[pos] == '-') && text[pos + 3] == ':') {
    const int sign = text[pos] == '-' ? -1 : 1;
    offset_minutes = sign * (parse_digits(text, pos + 1, 2, ok) * 60 + parse_digits(text, pos + 4, 2, ok));
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (!ok || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year(year),
                                         std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) {
    return std::nullopt;
  }
  auto time = std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
              std::chrono::seconds(second) + std::chrono::microseconds(micros) -
              std::chrono::minutes(offset_minutes);
  return std::chrono::time_point_cast<TimePoint::duration>(time);
}

SelEvent parse_log_entry(const Json& entry, std::string record_id, TimePoint received, std::string_view where,
                         Problems& problems) {
  const std::string at(where);
  SelEvent event;
  event.record_id = std::move(record_id);
  event.received = received;
  event.raw = entry.dump();
  if (auto created = string_field(entry, "Created", at, problems)) {
    auto time = parse_redfish_time(*created);
    if (!time) {
      problems.add(at, "Created", "not an ISO 8601 date and time: \"" + created->substr(0, 40) + "\"");
    } else if (*time >= std::chrono::sys_days(std::chrono::year(2001) / 1 / 1)) {
      event.bmc_time = time;
    }
  }
  auto severity = string_field(entry, "Severity", at, problems);
  if (!severity) {
    severity = string_field(entry, "MessageSeverity", at, problems);
  }
  if (severity) {
    if (*severity == "Critical") {
      event.severity = Severity::kCritical;
    } else if (*severity == "Warning") {
      event.severity = Severity::kWarning;
    } else if (*severity != "OK") {
      problems.add(at, "Severity", "unknown value \"" + severity->substr(0, 40) + "\" (taken as OK)");
    }
  }
  event.message = string_field(entry, "Message", at, problems).value_or("");
  const auto message_id = string_field(entry, "MessageId", at, problems).value_or("");
  event.sensor_type = string_field(entry, "SensorType", at, problems).value_or(message_id);
  const auto entry_type = string_field(entry, "EntryType", at, problems).value_or("");
  const auto code = string_field(entry, "EntryCode", at, problems).value_or("");
  if (entry_type == "Oem") {
    event.event_type = "oem";
  } else if (code == "Assert" || code == "Deassert") {
    event.event_type = "discrete";
  } else if (code.starts_with("Upper ") || code.starts_with("Lower ")) {
    event.event_type = "threshold";
  } else {
    event.event_type = "event";
  }
  event.assertion = code != "Deassert";
  if (entry.is_object() && entry.contains("Links")) {
    const auto origin = link_field(entry["Links"], "OriginOfCondition", at + ": Links", problems);
    event.sensor_name = origin.substr(origin.rfind('/') + 1);
  }
  return event;
}

}  // namespace dcm::ipmi::bmc::redfish
