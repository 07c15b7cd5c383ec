# A spout that emits ids 0.. with message ids, and once (MARKER) writes garbage instead of "sync".
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "multilang", "resources"))
import storm  # noqa: E402

marker = sys.argv[1]


class Spout(storm.Spout):
    def initialize(self, conf, context):
        self.next = 0

    def nextTuple(self):
        if self.next == 5 and not os.path.exists(marker):
            open(marker, "w").close()
            sys.__stdout__.write("{not json\nend\n")
            sys.__stdout__.flush()
            return
        if self.next < 20:
            storm.emit([self.next], id=self.next)
            self.next += 1


Spout().run()
