#include "ipmi/bmc/task.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

namespace dcm::ipmi::bmc {
namespace {

Task<int> forty_two() {
  co_return 42;
}

Task<int> add_one() {
  const int value = co_await forty_two();
  co_return value + 1;
}

Task<void> fails() {
  co_await forty_two();
  throw std::runtime_error("step failed");
}

TEST(Task, AwaitsNestedTasksAndReturnsTheValue) {
  EXPECT_EQ(sync_wait(add_one()), 43);
}

TEST(Task, CarriesAnExceptionToTheWaiter) {
  EXPECT_THROW(sync_wait(fails()), std::runtime_error);
}

TEST(Task, SpawnCallsDoneWithTheValue) {
  std::optional<int> seen;
  spawn(add_one(), [&](std::exception_ptr error, std::optional<int> value) {
    EXPECT_FALSE(error);
    seen = value;
  });
  EXPECT_EQ(seen, 43);  // no step suspended, so it finished on this thread
}

}  // namespace
}  // namespace dcm::ipmi::bmc
