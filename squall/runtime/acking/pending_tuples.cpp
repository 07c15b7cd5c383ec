#include "squall/runtime/acking/pending_tuples.hpp"

namespace squall::runtime {

PendingTuples::PendingTuples(std::chrono::milliseconds timeout, int tasks)
    : timeout_(timeout), per_task_(static_cast<std::size_t>(tasks), 0) {}

std::uint64_t PendingTuples::add(int task_slot, MessageId id, Clock::time_point now) {
  std::uint32_t i;
  if (!free_.empty()) {
    i = free_.back();
    free_.pop_back();
  } else {
    i = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  std::uint64_t high = random_.next() & 0xffffffff00000000ULL;
  if (high == 0) high = 1ULL << 32;
  Slot& s = slots_[i];
  s.used = true;
  s.tuple = PendingTuple{high | i, std::move(id), task_slot, now, now + timeout_};
  link_tail(i);
  ++per_task_[static_cast<std::size_t>(task_slot)];
  ++size_;
  return s.tuple.root;
}

PendingTuples::Slot* PendingTuples::slot_of(std::uint64_t root) {
  auto i = static_cast<std::uint32_t>(root & 0xffffffffu);
  if (i >= slots_.size()) return nullptr;
  Slot& s = slots_[i];
  return (s.used && s.tuple.root == root) ? &s : nullptr;
}

std::optional<PendingTuple> PendingTuples::take(std::uint64_t root) {
  Slot* s = slot_of(root);
  if (!s) return std::nullopt;
  PendingTuple out = std::move(s->tuple);
  release(static_cast<std::uint32_t>(root & 0xffffffffu));
  return out;
}

bool PendingTuples::reset(std::uint64_t root, Clock::time_point now) {
  Slot* s = slot_of(root);
  if (!s) return false;
  auto i = static_cast<std::uint32_t>(root & 0xffffffffu);
  unlink(i);
  s->tuple.deadline = now + timeout_;
  link_tail(i);
  return true;
}

std::optional<PendingTuple> PendingTuples::take_expired(Clock::time_point now) {
  if (head_ == kNone || slots_[head_].tuple.deadline > now) return std::nullopt;
  return take(slots_[head_].tuple.root);
}

std::size_t PendingTuples::drop_task(int task_slot) {
  std::size_t dropped = 0;
  for (std::uint32_t i = head_; i != kNone;) {
    std::uint32_t next = slots_[i].next;
    if (slots_[i].tuple.task_slot == task_slot) {
      take(slots_[i].tuple.root);
      ++dropped;
    }
    i = next;
  }
  return dropped;
}

std::optional<PendingTuples::Clock::time_point> PendingTuples::next_deadline() const {
  if (head_ == kNone) return std::nullopt;
  return slots_[head_].tuple.deadline;
}

void PendingTuples::link_tail(std::uint32_t i) {
  slots_[i].prev = tail_;
  slots_[i].next = kNone;
  if (tail_ != kNone) slots_[tail_].next = i;
  else head_ = i;
  tail_ = i;
}

void PendingTuples::unlink(std::uint32_t i) {
  Slot& s = slots_[i];
  if (s.prev != kNone) slots_[s.prev].next = s.next;
  else head_ = s.next;
  if (s.next != kNone) slots_[s.next].prev = s.prev;
  else tail_ = s.prev;
  s.prev = s.next = kNone;
}

void PendingTuples::release(std::uint32_t i) {
  unlink(i);
  Slot& s = slots_[i];
  --per_task_[static_cast<std::size_t>(s.tuple.task_slot)];
  --size_;
  s.used = false;
  s.tuple.message_id = MessageId{};
  free_.push_back(i);
}

}  // namespace squall::runtime
