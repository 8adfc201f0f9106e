#include "ipmi/sel/incremental_sel.hpp"

#include <map>
#include <vector>

#include <gtest/gtest.h>

#include "ipmi/bmc/bmc_client.hpp"

namespace dcm::ipmi::sel {
namespace {

// A BMC's SEL as the IPMI commands see it: records in order, ids that keep growing (and may restart after
// a clear), next-record ids chaining them, addition and erase timestamps. Counts Get SEL Entry answers.
class TableSel final : public SelSource {
 public:
  // Adds a system event record whose event data 1 is `marker` (so records differ by content) and returns
  // its id.
  std::uint16_t add(std::uint8_t marker) {
    RawSelEntry entry;
    entry.record_id = next_id_++;
    entry.bytes = {static_cast<std::uint8_t>(entry.record_id & 0xFF),
                   static_cast<std::uint8_t>(entry.record_id >> 8),
                   0x02,
                   static_cast<std::uint8_t>(clock_),
                   0,
                   0,
                   0,
                   0x20,
                   0,
                   0x04,
                   0x0C,
                   0x07,
                   0x6F,
                   marker,
                   0xFF,
                   0xFF};
    records_.push_back(entry);
    last_add_ = ++clock_;
    return entry.record_id;
  }
  void clear(bool restart_ids) {
    records_.clear();
    last_erase_ = ++clock_;
    if (restart_ids) {
      next_id_ = 1;
    }
  }
  void remove_oldest() { records_.erase(records_.begin()); }  // a wrapping SEL overwriting its oldest record
  void make_loop() { loop_ = true; }

  SelInfo info() override {
    SelInfo info;
    info.entries = static_cast<std::uint32_t>(records_.size());
    info.last_add_time = last_add_;
    info.last_erase_time = last_erase_;
    return info;
  }

  std::optional<RawSelEntry> entry(std::uint16_t record_id) override {
    ++requests_;
    for (std::size_t i = 0; i < records_.size(); ++i) {
      if (record_id == kFirstSelRecord ? i == 0 : records_[i].record_id == record_id) {
        RawSelEntry entry = records_[i];
        entry.next_record_id = i + 1 < records_.size() ? records_[i + 1].record_id
                               : loop_                 ? records_[0].record_id
                                                       : kLastSelRecord;
        return entry;
      }
    }
    return std::nullopt;
  }

  std::size_t requests() const { return requests_; }

 private:
  std::vector<RawSelEntry> records_;
  std::uint16_t next_id_ = 1;
  std::uint32_t clock_ = 100;
  std::optional<std::uint32_t> last_add_;
  std::optional<std::uint32_t> last_erase_;
  std::size_t requests_ = 0;
  bool loop_ = false;
};

std::vector<std::uint8_t> markers(const SelReadResult& result) {
  std::vector<std::uint8_t> out;
  for (const auto& e : result.entries) {
    out.push_back(e.bytes[13]);
  }
  return out;
}

// What the client does with a result: decode, then move the cursor (info read before the records).
SelCursor next_cursor(const SelCursor& cursor, const SelReadResult& result) {
  std::vector<SelEvent> events;
  for (const auto& entry : result.entries) {
    SelEvent event;
    event.record_id = std::to_string(entry.record_id);
    event.raw = to_hex(entry.bytes);
    events.push_back(event);
  }
  return advance_cursor(cursor, result.info, events);
}

TEST(ReadNewSelEntries, ReadsEverythingTheFirstTime) {
  TableSel sel;
  sel.add(1);
  sel.add(2);
  const auto result = read_new_sel_entries(sel, SelCursor{});
  EXPECT_EQ(markers(result), (std::vector<std::uint8_t>{1, 2}));
  EXPECT_TRUE(result.full_read);
  EXPECT_EQ(result.full_read_reason, "first read");
  EXPECT_EQ(result.records_transferred, 2u);
}

TEST(ReadNewSelEntries, TransfersNothingWhenTheLogIsUnchanged) {
  TableSel sel;
  sel.add(1);
  const auto cursor = next_cursor({}, read_new_sel_entries(sel, SelCursor{}));
  const std::size_t before = sel.requests();
  const auto result = read_new_sel_entries(sel, cursor);
  EXPECT_TRUE(result.unchanged);
  EXPECT_TRUE(result.entries.empty());
  EXPECT_EQ(result.records_transferred, 0u);
  EXPECT_EQ(sel.requests(), before) << "no Get SEL Entry at all";
}

TEST(ReadNewSelEntries, ReturnsExactlyTheRecordsAddedSince) {
  TableSel sel;
  sel.add(1);
  sel.add(2);
  auto cursor = next_cursor({}, read_new_sel_entries(sel, SelCursor{}));
  sel.add(3);
  sel.add(4);
  sel.add(5);
  const auto result = read_new_sel_entries(sel, cursor);
  EXPECT_EQ(markers(result), (std::vector<std::uint8_t>{3, 4, 5}));
  EXPECT_FALSE(result.full_read);
  EXPECT_EQ(result.records_transferred, 4u) << "the cursor record, then the three new ones";
  cursor = next_cursor(cursor, result);
  EXPECT_EQ(cursor.last_record_id, "5");
  EXPECT_TRUE(read_new_sel_entries(sel, cursor).unchanged);
}

TEST(ReadNewSelEntries, StartsOverAfterAClearWithoutDuplicatesOrLosses) {
  TableSel sel;
  sel.add(1);
  sel.add(2);
  auto cursor = next_cursor({}, read_new_sel_entries(sel, SelCursor{}));
  sel.clear(/*restart_ids=*/false);
  sel.add(3);
  const auto result = read_new_sel_entries(sel, cursor);
  EXPECT_EQ(markers(result), (std::vector<std::uint8_t>{3}));
  EXPECT_TRUE(result.full_read);
  EXPECT_EQ(result.full_read_reason, "SEL erased since the last read");
  cursor = next_cursor(cursor, result);
  sel.add(4);
  EXPECT_EQ(markers(read_new_sel_entries(sel, cursor)), (std::vector<std::uint8_t>{4}));
}

TEST(ReadNewSelEntries, NoticesAReusedRecordIdByItsBytes) {
  TableSel sel;
  sel.add(1);
  auto cursor = next_cursor({}, read_new_sel_entries(sel, SelCursor{}));
  // Cleared and refilled with ids starting at 1 again, and the erase time not moved (a BMC whose clock
  // does not tick, or a clear this client never saw as such).
  sel.clear(/*restart_ids=*/true);
  sel.add(7);
  sel.add(8);
  cursor.info_seen.last_erase_time = sel.info().last_erase_time;
  const auto result = read_new_sel_entries(sel, cursor);
  EXPECT_EQ(markers(result), (std::vector<std::uint8_t>{7, 8}));
  EXPECT_TRUE(result.full_read);
  EXPECT_EQ(result.full_read_reason, "record 1 holds other bytes (record id reused)");
}

TEST(ReadNewSelEntries, NoticesTheCursorRecordWasOverwritten) {
  TableSel sel;
  sel.add(1);
  sel.add(2);
  auto cursor = next_cursor({}, read_new_sel_entries(sel, SelCursor{}));
  sel.add(3);
  sel.remove_oldest();
  sel.remove_oldest();  // the log wrapped past the cursor record
  const auto result = read_new_sel_entries(sel, cursor);
  EXPECT_EQ(markers(result), (std::vector<std::uint8_t>{3}));
  EXPECT_EQ(result.full_read_reason, "record 2 is gone (SEL cleared or wrapped)");
}

TEST(ReadNewSelEntries, EmptyLogAfterAClearReadsNothingAndForgetsTheCursorRecord) {
  TableSel sel;
  sel.add(1);
  auto cursor = next_cursor({}, read_new_sel_entries(sel, SelCursor{}));
  sel.clear(false);
  const auto result = read_new_sel_entries(sel, cursor);
  EXPECT_TRUE(result.entries.empty());
  EXPECT_TRUE(result.full_read);
  cursor = next_cursor(cursor, result);
  EXPECT_EQ(cursor.last_record_id, "");
  sel.add(2);
  EXPECT_EQ(markers(read_new_sel_entries(sel, cursor)), (std::vector<std::uint8_t>{2}));
}

TEST(ReadNewSelEntries, RefusesALoopingChain) {
  TableSel sel;
  sel.add(1);
  sel.add(2);
  sel.make_loop();
  try {
    read_new_sel_entries(sel, SelCursor{});
    FAIL() << "expected a BmcError";
  } catch (const bmc::BmcError& error) {
    EXPECT_EQ(error.kind(), bmc::BmcError::Kind::kProtocol);
    EXPECT_STREQ(error.what(), "the BMC's SEL record chain loops at record 1");
  }
}

TEST(ReadNewSelEntries, TreatsAnUnreadableCursorAsAFirstRead) {
  TableSel sel;
  sel.add(1);
  SelCursor cursor;
  cursor.last_record_id = "not a number";
  cursor.info_seen.entries = 99;
  const auto result = read_new_sel_entries(sel, cursor);
  EXPECT_EQ(markers(result), (std::vector<std::uint8_t>{1}));
  EXPECT_EQ(result.full_read_reason, "first read");
}

TEST(AdvanceCursor, KeepsTheRecordWhenNothingIsNew) {
  const std::string raw = "04000200000000002000040c076f00ffff";
  SelCursor cursor{SelInfo{}, "4", raw};
  SelInfo info;
  info.entries = 4;
  info.last_add_time = 10;
  const auto next = advance_cursor(cursor, info, {});
  EXPECT_EQ(next.last_record_id, "4");
  EXPECT_EQ(next.last_record_raw, raw);
  EXPECT_TRUE(same_sel_info(next.info_seen, info));
}

}  // namespace
}  // namespace dcm::ipmi::sel
