#include "ipmi/sel/incremental_sel.hpp"

#include <charconv>
#include <set>

#include "ipmi/bmc/bmc_client.hpp"

namespace dcm::ipmi::sel {
namespace {

// Record ids are 16-bit, so a log never holds more; a chain longer than this loops.
constexpr std::size_t kMaxRecords = 0xFFFF;

std::optional<std::uint16_t> parse_record_id(const std::string& text) {
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value > 0xFFFF) {
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(value);
}

// Follows next-record ids from `start` until the end of the log, appending to `result`.
void follow_chain(SelSource& source, std::uint16_t start, SelReadResult& result) {
  std::set<std::uint16_t> seen;
  for (const auto& entry : result.entries) {
    seen.insert(entry.record_id);
  }
  std::uint16_t next = start;
  while (next != kLastSelRecord) {
    auto entry = source.entry(next);
    if (!entry) {
      // The record the chain points to is gone: the log was cleared while we read it. What we have is
      // still true; the next read sees the new erase time and starts over.
      return;
    }
    ++result.records_transferred;
    if (!seen.insert(entry->record_id).second || result.entries.size() >= kMaxRecords) {
      throw bmc::BmcError(bmc::BmcError::Kind::kProtocol,
                          "the BMC's SEL record chain loops at record " + std::to_string(entry->record_id));
    }
    next = entry->next_record_id;
    result.entries.push_back(*entry);
  }
}

}  // namespace

bool same_sel_info(const SelInfo& a, const SelInfo& b) {
  return a.entries == b.entries && a.last_add_time == b.last_add_time &&
         a.last_erase_time == b.last_erase_time;
}

SelReadResult read_new_sel_entries(SelSource& source, const SelCursor& cursor) {
  SelReadResult result;
  result.info = source.info();
  if (same_sel_info(result.info, cursor.info_seen)) {
    result.unchanged = true;
    return result;
  }
  const auto cursor_id = parse_record_id(cursor.last_record_id);
  if (cursor.last_record_id.empty() || !cursor_id) {
    result.full_read_reason = "first read";
  } else if (result.info.last_erase_time != cursor.info_seen.last_erase_time) {
    result.full_read_reason = "SEL erased since the last read";
  } else if (auto anchor = source.entry(*cursor_id); !anchor) {
    result.full_read_reason = "record " + cursor.last_record_id + " is gone (SEL cleared or wrapped)";
  } else {
    ++result.records_transferred;
    if (to_hex(anchor->bytes) != cursor.last_record_raw) {
      result.full_read_reason = "record " + cursor.last_record_id + " holds other bytes (record id reused)";
    } else {
      follow_chain(source, anchor->next_record_id, result);
      return result;
    }
  }
  result.full_read = true;
  if (result.info.entries > 0) {
    follow_chain(source, kFirstSelRecord, result);
  }
  return result;
}

SelCursor advance_cursor(const SelCursor& previous, const SelInfo& info_before_read,
                         const std::vector<SelEvent>& events) {
  SelCursor next = previous;
  next.info_seen = info_before_read;
  if (!events.empty()) {
    next.last_record_id = events.back().record_id;
    next.last_record_raw = events.back().raw;
  } else if (info_before_read.entries == 0) {
    next.last_record_id.clear();
    next.last_record_raw.clear();
  }
  return next;
}

}  // namespace dcm::ipmi::sel
