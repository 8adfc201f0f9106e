// The versioned schema of ipmi-monitor's database (core::db migrations, PRAGMA user_version). A released
// migration never changes: a schema change is a new migration appended to the list, and
// tests/fixtures/ipmi/store/ keeps a database made by each earlier version to migrate from.
#pragma once

#include <span>

#include "core/db/database.hpp"

namespace dcm::ipmi::store {

std::span<const core::db::Migration> migrations();

// The schema version this build writes (the last migration's).
int current_schema_version();

}  // namespace dcm::ipmi::store
