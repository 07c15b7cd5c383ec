# The multilang tests' Python bolt (tests/multilang.cpp). Input (id, payload); it re-emits
# (id, payload) and acks, as its arguments say:
#   plain | unanchored | no_task_ids | direct | fail_every:N | kill_after:N MARKER |
#   hang_after:N MARKER | garbage_after:N MARKER | exit_at_start MARKER | list_value |
#   hold_once MARKER (the first child acks nothing and appends how many tuples it holds to MARKER)
# A MARKER file makes a fault happen once: the restarted child finds it and behaves.
import os
import signal
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "multilang", "resources"))
import storm  # noqa: E402

mode = sys.argv[1] if len(sys.argv) > 1 else "plain"
marker = sys.argv[2] if len(sys.argv) > 2 else None
name, _, arg = mode.partition(":")
n = int(arg) if arg else 0


def fault_due():
    """True once per marker: the first child to get here creates it."""
    if marker is None or os.path.exists(marker):
        return False
    open(marker, "w").close()
    return True


if name == "exit_at_start" and fault_due():
    sys.exit(3)


class TestBolt(storm.Bolt):
    def initialize(self, conf, context):
        self.seen = 0
        self.failed = set()
        self.context = context
        # direct: the task ids of the component the stream "direct" goes to
        self.targets = sorted(int(t) for t, c in context["task->component"].items() if c == "sink")
        self.holder = name == "hold_once" and fault_due()

    def process(self, tup):
        self.seen += 1
        tid, payload = tup.values
        if self.holder:
            with open(marker, "a") as f:
                f.write("%d\n" % self.seen)
            return
        if name == "kill_after" and self.seen == n and fault_due():
            os.kill(os.getpid(), signal.SIGKILL)
        if name == "hang_after" and self.seen == n and fault_due():
            time.sleep(3600)
        if name == "garbage_after" and self.seen == n and fault_due():
            sys.__stdout__.write("this is not JSON\nend\n")
            sys.__stdout__.flush()
        if name == "fail_every" and tid % n == 0 and tid not in self.failed:
            self.failed.add(tid)
            storm.fail(tup)
            return
        if name == "list_value" and tid == 3 and tid not in self.failed:
            self.failed.add(tid)
            storm.emit([tid, [1, 2]], anchors=[tup])
            storm.ack(tup)
            return
        if name == "unanchored":
            storm.emit([tid, payload], anchors=[])
        elif name == "no_task_ids":
            assert storm.emit([tid, payload], anchors=[tup], need_task_ids=False) is None
        elif name == "direct":
            storm.emitDirect(self.targets[tid % len(self.targets)], [tid, payload], stream="direct", anchors=[tup])
        else:
            tasks = storm.emit([tid, payload], anchors=[tup])
            if not tasks:
                storm.reportError("no task ids for an emit")
        storm.ack(tup)


TestBolt().run()
