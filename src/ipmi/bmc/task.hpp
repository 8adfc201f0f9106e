// A minimal C++20 coroutine task, so a BMC client can be written as straight-line code ("get the service
// root, then each system, then ...") while one HttpMulti thread drives the I/O of many BMCs at once
// (docs/ipmi-monitor/redfish.md, "Concurrency").
//
//   Task<T>        lazy: starts when awaited (co_await) or handed to spawn()/sync_wait(); an exception thrown
//                  inside travels to whoever awaits it.
//   spawn(t, done) starts t on the calling thread and calls done(error, value) when it ends, on whichever
//                  thread finished the last step (the HttpMulti loop thread for network steps).
//   sync_wait(t)   starts t and blocks the calling thread until it ends; never call it on the HttpMulti loop
//                  thread (it would wait for itself).
#pragma once

#include <coroutine>
#include <exception>
#include <functional>
#include <future>
#include <optional>
#include <type_traits>
#include <utility>

namespace dcm::ipmi::bmc {

namespace detail {

struct FinalAwaiter {
  bool await_ready() const noexcept { return false; }
  template <typename Promise>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> handle) noexcept {
    auto continuation = handle.promise().continuation;
    return continuation ? continuation : std::noop_coroutine();
  }
  void await_resume() const noexcept {}
};

struct PromiseBase {
  std::coroutine_handle<> continuation;
  std::exception_ptr error;
  std::suspend_always initial_suspend() const noexcept { return {}; }
  FinalAwaiter final_suspend() const noexcept { return {}; }
  void unhandled_exception() noexcept { error = std::current_exception(); }
};

template <typename T>
struct Promise : PromiseBase {
  std::optional<T> value;
  template <typename U>
  void return_value(U&& result) {
    value.emplace(std::forward<U>(result));
  }
};

template <>
struct Promise<void> : PromiseBase {
  void return_void() noexcept {}
};

}  // namespace detail

template <typename T>
class [[nodiscard]] Task {
 public:
  struct promise_type : detail::Promise<T> {
    Task get_return_object() { return Task(std::coroutine_handle<promise_type>::from_promise(*this)); }
  };

  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  Task& operator=(Task&&) = delete;
  ~Task() {
    if (handle_) {
      handle_.destroy();
    }
  }

  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> continuation) noexcept {
    handle_.promise().continuation = continuation;
    return handle_;
  }
  T await_resume() {
    auto& promise = handle_.promise();
    if (promise.error) {
      std::rethrow_exception(promise.error);
    }
    if constexpr (!std::is_void_v<T>) {
      return std::move(*promise.value);
    }
  }

 private:
  explicit Task(std::coroutine_handle<promise_type> handle) : handle_(handle) {}
  std::coroutine_handle<promise_type> handle_;
};

namespace detail {

// Runs to completion on its own and frees itself.
struct Detached {
  struct promise_type {
    Detached get_return_object() const noexcept { return {}; }
    std::suspend_never initial_suspend() const noexcept { return {}; }
    std::suspend_never final_suspend() const noexcept { return {}; }
    void return_void() const noexcept {}
    void unhandled_exception() const noexcept { std::terminate(); }
  };
};

template <typename T, typename Done>
Detached run_detached(Task<T> task, Done done) {
  std::exception_ptr error;
  if constexpr (std::is_void_v<T>) {
    try {
      co_await std::move(task);
    } catch (...) {
      error = std::current_exception();
    }
    done(error);
  } else {
    std::optional<T> value;
    try {
      value.emplace(co_await std::move(task));
    } catch (...) {
      error = std::current_exception();
    }
    done(error, std::move(value));
  }
}

}  // namespace detail

// done(std::exception_ptr error, std::optional<T> value) for a value task, done(std::exception_ptr) for
// Task<void>. Whatever the task refers to must outlive it.
template <typename T, typename Done>
void spawn(Task<T> task, Done done) {
  detail::run_detached(std::move(task), std::move(done));
}

template <typename T>
T sync_wait(Task<T> task) {
  std::promise<T> promise;
  auto future = promise.get_future();
  if constexpr (std::is_void_v<T>) {
    spawn(std::move(task), [promise = std::move(promise)](std::exception_ptr error) mutable {
      if (error) {
        promise.set_exception(error);
      } else {
        promise.set_value();
      }
    });
  } else {
    spawn(std::move(task),
          [promise = std::move(promise)](std::exception_ptr error, std::optional<T> value) mutable {
            if (error) {
              promise.set_exception(error);
            } else {
              promise.set_value(std::move(*value));
            }
          });
  }
  return future.get();
}

}  // namespace dcm::ipmi::bmc
