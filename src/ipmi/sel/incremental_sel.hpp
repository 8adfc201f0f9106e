// Reading only what is new in a BMC's SEL, and noticing when the log was cleared or wrapped, over any
// source of raw records (the IPMI LAN client's Get SEL Info / Get SEL Entry, or a table in a unit test).
//
//   1. Get SEL Info. Unchanged since the cursor (entries, last addition, last erase): nothing to read, no
//      record is transferred.
//   2. Erase time unchanged and the cursor names a record: fetch that record. Same bytes as remembered:
//      follow its next-record-id chain and return what follows.
//   3. Otherwise (first read, erase time moved, cursor record gone or holding other bytes: a clear, a wrap
//      that overwrote it, record ids reused): read the whole log from its first record. The caller's store
//      keeps events unique per BMC and record identity (id + bytes), so a full re-read never duplicates.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ipmi/model.hpp"
#include "ipmi/sel/sel_record.hpp"

namespace dcm::ipmi::sel {

inline constexpr std::uint16_t kFirstSelRecord = 0x0000;
inline constexpr std::uint16_t kLastSelRecord = 0xFFFF;  // as a next-record id: "no more records"

struct RawSelEntry {
  std::uint16_t record_id = 0;
  std::uint16_t next_record_id = kLastSelRecord;
  std::array<std::uint8_t, kSelRecordSize> bytes{};
};

class SelSource {
 public:
  virtual ~SelSource() = default;
  virtual SelInfo info() = 0;
  // The record with this id (kFirstSelRecord: the oldest); nullopt when the BMC says it is not present.
  // Transport failures throw (BmcError).
  virtual std::optional<RawSelEntry> entry(std::uint16_t record_id) = 0;
};

struct SelReadResult {
  SelInfo info;                         // as read before any record was fetched
  std::vector<RawSelEntry> entries;     // new records, oldest first
  bool unchanged = false;               // step 1: nothing fetched
  bool full_read = false;               // step 3: the whole log was read
  std::string full_read_reason;         // why (for logs): "first read", "SEL erased", ...
  std::size_t records_transferred = 0;  // Get SEL Entry answers, the cursor check included
};

bool same_sel_info(const SelInfo& a, const SelInfo& b);

// Throws BmcError (protocol) when the BMC's record chain loops or runs past 65535 records.
SelReadResult read_new_sel_entries(SelSource& source, const SelCursor& cursor);

// The cursor after a read: the SelInfo read before fetching (never after: an entry added in between is then
// found by the next sweep instead of being skipped) and the newest record returned. A read that returned
// nothing keeps the previous record, unless the log was emptied.
SelCursor advance_cursor(const SelCursor& previous, const SelInfo& info_before_read,
                         const std::vector<SelEvent>& events);

}  // namespace dcm::ipmi::sel
