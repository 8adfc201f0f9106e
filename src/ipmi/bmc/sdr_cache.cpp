#include "ipmi/bmc/sdr_cache.hpp"

#include <array>
#include <memory>

#include <freeipmi/freeipmi.h>

namespace dcm::ipmi::bmc {
namespace {

struct SdrContextDeleter {
  void operator()(ipmi_sdr_ctx* ctx) const {
    ipmi_sdr_cache_close(ctx);
    ipmi_sdr_ctx_destroy(ctx);
  }
};
using SdrContext = std::unique_ptr<ipmi_sdr_ctx, SdrContextDeleter>;

[[noreturn]] void fail(IpmiSession& session, ipmi_sdr_ctx_t sdr, const std::string& operation,
                       const std::filesystem::path& file) {
  const int errnum = ipmi_sdr_ctx_errnum(sdr);
  if (errnum == IPMI_SDR_ERR_IPMI_ERROR) {
    session.fail(operation);  // the BMC did not answer or refused: report that, not the cache
  }
  const bool file_problem = errnum == IPMI_SDR_ERR_FILESYSTEM || errnum == IPMI_SDR_ERR_PERMISSION ||
                            errnum == IPMI_SDR_ERR_FILENAME_INVALID;
  throw BmcError(file_problem ? BmcError::Kind::kConnection : BmcError::Kind::kProtocol,
                 operation + " failed: " + ipmi_sdr_ctx_errormsg(sdr) +
                     (file_problem ? " (SDR cache " + file.string() + ")" : std::string()));
}

sel::SensorDirectory read_sensors(ipmi_sdr_ctx_t sdr) {
  sel::SensorDirectory sensors;
  if (ipmi_sdr_cache_first(sdr) < 0) {
    return sensors;  // an empty repository
  }
  std::array<std::uint8_t, IPMI_SDR_MAX_RECORD_LENGTH> record{};
  do {
    const int length = ipmi_sdr_cache_record_read(sdr, record.data(), record.size());
    if (length <= 0) {
      continue;
    }
    for (auto& sensor : sel::parse_sdr_sensors(std::span(record.data(), static_cast<std::size_t>(length)))) {
      sensors.add(std::move(sensor));
    }
  } while (ipmi_sdr_cache_next(sdr) == 1);
  return sensors;
}

// FreeIPMI judges a cache current when the repository's addition and erase timestamps match. Those have
// one-second resolution and, on a BMC whose clock was never set, barely move; a record added in the same
// second as the last change slips through. The record count catches that.
bool count_matches(IpmiSession& session, ipmi_sdr_ctx_t sdr) {
  std::uint16_t cached = 0;
  if (ipmi_sdr_cache_record_count(sdr, &cached) < 0) {
    return false;
  }
  FiidObject info(tmpl_cmd_get_sdr_repository_info_rs);
  if (session.run("Get SDR Repository Info", ipmi_cmd_get_sdr_repository_info, info)) {
    return true;  // the BMC would not say; FreeIPMI's timestamp check stands
  }
  const auto count = info.field("record_count");
  return !count || *count == cached;
}

}  // namespace

std::filesystem::path sdr_cache_file(const std::filesystem::path& directory, const std::string& host) {
  return directory / ("sdr-cache-" + host);
}

SdrLoad load_sensor_directory(IpmiSession& session, const std::filesystem::path& file,
                              unsigned create_flags) {
  SdrContext sdr(ipmi_sdr_ctx_create());
  if (!sdr) {
    throw BmcError(BmcError::Kind::kProtocol, "out of memory creating an SDR context");
  }
  ipmi_ctx_t ctx = session.context();
  SdrLoad load;
  bool current = ipmi_sdr_cache_open(sdr.get(), ctx, file.c_str()) == 0;
  if (!current) {
    const int errnum = ipmi_sdr_ctx_errnum(sdr.get());
    if (errnum != IPMI_SDR_ERR_CACHE_READ_CACHE_DOES_NOT_EXIST && errnum != IPMI_SDR_ERR_CACHE_INVALID &&
        errnum != IPMI_SDR_ERR_CACHE_OUT_OF_DATE) {
      fail(session, sdr.get(), "opening the SDR cache", file);
    }
  } else if (!count_matches(session, sdr.get())) {
    ipmi_sdr_cache_close(sdr.get());
    current = false;
  }
  if (!current) {
    if (ipmi_sdr_cache_create(sdr.get(), ctx, file.c_str(),
                              IPMI_SDR_CACHE_CREATE_FLAGS_OVERWRITE | create_flags, nullptr, nullptr) < 0) {
      fail(session, sdr.get(), "reading the SDR repository", file);
    }
    if (ipmi_sdr_cache_open(sdr.get(), ctx, file.c_str()) < 0) {
      fail(session, sdr.get(), "opening the SDR cache", file);
    }
    load.rebuilt = true;
  }
  load.sensors = read_sensors(sdr.get());
  return load;
}

}  // namespace dcm::ipmi::bmc
