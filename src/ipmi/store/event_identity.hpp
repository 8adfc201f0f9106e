// What makes two SEL records "the same record" for deduplication (the sel_events UNIQUE key is
// server + record id + this identity).
//
// A record id alone is not enough: IPMI record ids are 16-bit and restart after a SEL clear, so a new
// record can carry the id of an old one. The BMC timestamp alone is not enough either: with the clock unset
// (pre-init timestamps) two records can carry the same small value. The raw record is what the BMC actually
// keeps: for IPMI its 16 bytes hold the record id, the BMC's own (uncorrected) timestamp, the generator, the
// sensor and the event data; for Redfish the entry JSON holds Id, Created, MessageId and Message. Reading the
// same record again (after a wrap, a detected clear, a restart) yields the same bytes, so it deduplicates;
// a record that reuses an id after a clear differs in its timestamp or event data, so it is stored. The
// corrected bmc_time is deliberately not part of it: a changed clock-offset estimate would otherwise turn a
// re-read into a duplicate. The received time is not part of it for the same reason.
//
// Two records whose raw bytes are identical, id and timestamp included, cannot be told apart by any reader;
// they are stored once. Events without raw bytes fall back to their decoded fields.
#pragma once

#include <cstdint>

#include "ipmi/model.hpp"

namespace dcm::ipmi::store {

// 64-bit FNV-1a over the raw record (hex normalised: case and whitespace ignored), or over the decoded fields
// when raw is empty. Stable across releases: it is stored.
std::int64_t sel_event_identity(const SelEvent& event);

}  // namespace dcm::ipmi::store
