// A helper thread for the bundle reader (bundle.cpp): it runs one job at a time while the
// caller goes on. Private to sync/.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <system_error>
#include <thread>

namespace canvass::sync {

// One helper thread that runs a job while the caller goes on (started when first needed, so
// a small bundle starts none). Unthreaded, or without a thread to be had, Start runs the job
// in the caller.
class Helper {
 public:
  explicit Helper(bool threaded) : no_thread_(!threaded) {}
  ~Helper() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      quit_ = true;
    }
    wake_.notify_one();
    thread_.join();  // after the job in hand, if any
  }
  // Runs *job (which must not throw) on the helper; Wait() before starting another.
  void Start(const std::function<void()>* job) {
    if (!Started()) {
      (*job)();
      return;
    }
    std::lock_guard<std::mutex> lock(mu_);
    job_ = job;
    wake_.notify_one();
  }
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    done_.wait(lock, [&] { return job_ == nullptr; });
  }

 private:
  bool Started() {
    if (thread_.joinable()) return true;
    if (no_thread_) return false;
    try {
      thread_ = std::thread([this] { Loop(); });
    } catch (const std::system_error&) {
      no_thread_ = true;
    }
    return thread_.joinable();
  }
  void Loop() {
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
      wake_.wait(lock, [&] { return job_ != nullptr || quit_; });
      if (!job_) return;  // quit, with nothing in hand
      const std::function<void()>* job = job_;
      lock.unlock();
      (*job)();
      lock.lock();
      job_ = nullptr;
      done_.notify_one();
    }
  }
  std::thread thread_;
  bool no_thread_ = false;
  std::mutex mu_;
  std::condition_variable wake_, done_;
  const std::function<void()>* job_ = nullptr;
  bool quit_ = false;
};

}  // namespace canvass::sync
