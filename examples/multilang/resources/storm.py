"""squall's Python library for Storm's multilang protocol, with the API of Storm's storm.py.

Written from the protocol's description (Storm's docs, "Multi-Lang Protocol",
https://storm.apache.org/releases/2.6.0/Multilang-protocol.html): each message is one JSON
document followed by a line "end", on stdin and stdout. Put this file next to your script (the
topology's resources/ folder) and:

    import storm

    class SplitBolt(storm.BasicBolt):
        def process(self, tup):
            for word in tup.values[0].split():
                storm.emit([word])

    SplitBolt().run()

Bolts: Bolt (ack or fail yourself) and BasicBolt (every emit anchored to the input, acked
after process returns, failed if it raises). Spouts: Spout with nextTuple, ack and fail.
Functions: emit, emitDirect, ack, fail, reportError, log (and logTrace ... logError), rpcMetrics.
"""

import json
import os
import sys
from collections import deque

_stdin = sys.stdin
_stdout = sys.stdout
# Anything the component prints would break the protocol: print() goes to stderr (the worker's
# log) instead.
sys.stdout = sys.stderr

_pending_commands = deque()
_pending_task_ids = deque()
_anchor_tuple = None


def readMsg():
    """The next message from squall, decoded. Exits at the end of input (the worker is gone)."""
    lines = []
    while True:
        line = _stdin.readline()
        if not line:
            sys.exit(0)
        line = line.rstrip("\n")
        if line == "end":
            break
        lines.append(line)
    return json.loads("\n".join(lines))


def sendMsgToParent(msg):
    _stdout.write(json.dumps(msg))
    _stdout.write("\nend\n")
    _stdout.flush()


def readTaskIds():
    """The task ids answering the last emit; commands that arrive first are kept for later."""
    if _pending_task_ids:
        return _pending_task_ids.popleft()
    while True:
        msg = readMsg()
        if isinstance(msg, list):
            return msg
        _pending_commands.append(msg)


def readCommand():
    if _pending_commands:
        return _pending_commands.popleft()
    while True:
        msg = readMsg()
        if not isinstance(msg, list):
            return msg
        _pending_task_ids.append(msg)


def sync():
    sendMsgToParent({"command": "sync"})


def sendpid(pid_dir):
    pid = os.getpid()
    sendMsgToParent({"pid": pid})
    open(os.path.join(pid_dir, str(pid)), "w").close()


class Tuple(object):
    def __init__(self, id, component, stream, task, values):
        self.id = id
        self.component = component
        self.stream = stream
        self.task = task
        self.values = values

    def __repr__(self):
        return "<%s%s>" % (self.__class__.__name__,
                           "".join(" %s=%r" % (k, self.__dict__[k]) for k in sorted(self.__dict__)))

    def is_heartbeat_tuple(self):
        return self.task == -1 and self.stream == "__heartbeat"


def readTuple():
    cmd = readCommand()
    return Tuple(cmd["id"], cmd["comp"], cmd["stream"], cmd["task"], cmd["tuple"])


def emit(*args, **kwargs):
    """emit(values, stream=None, anchors=[], direct_task=None, need_task_ids=True) in a bolt;
    emit(values, stream=None, id=None, direct_task=None, need_task_ids=True) in a spout.
    Returns the receiving task ids (None when need_task_ids is False)."""
    if _mode == "bolt":
        return _emit_bolt(*args, **kwargs)
    return _emit_spout(*args, **kwargs)


def emitDirect(task, *args, **kwargs):
    kwargs["direct_task"] = task
    emit(*args, **kwargs)


def _emit_bolt(tup, stream=None, anchors=None, direct_task=None, need_task_ids=True):
    if anchors is None:
        anchors = [_anchor_tuple] if _anchor_tuple is not None else []
    m = {"command": "emit", "anchors": [a.id for a in anchors], "tuple": tup}
    return _send_emit(m, stream, direct_task, need_task_ids)


def _emit_spout(tup, stream=None, id=None, direct_task=None, need_task_ids=True):
    m = {"command": "emit", "tuple": tup}
    if id is not None:
        m["id"] = id
    return _send_emit(m, stream, direct_task, need_task_ids)


def _send_emit(m, stream, direct_task, need_task_ids):
    if stream is not None:
        m["stream"] = stream
    if direct_task is not None:
        m["task"] = direct_task
    if not need_task_ids:
        m["need_task_ids"] = False
    sendMsgToParent(m)
    return readTaskIds() if need_task_ids else None


def ack(tup):
    sendMsgToParent({"command": "ack", "id": tup.id})


def fail(tup):
    sendMsgToParent({"command": "fail", "id": tup.id})


def reportError(msg):
    sendMsgToParent({"command": "error", "msg": msg})


def log(msg, level=2):
    """level: 0 trace, 1 debug, 2 info, 3 warn, 4 error."""
    sendMsgToParent({"command": "log", "msg": msg, "level": level})


def logTrace(msg): log(msg, 0)
def logDebug(msg): log(msg, 1)
def logInfo(msg): log(msg, 2)
def logWarn(msg): log(msg, 3)
def logError(msg): log(msg, 4)


def rpcMetrics(name, params):
    sendMsgToParent({"command": "metrics", "name": name, "params": params})


_mode = None


def initComponent():
    """The handshake: reads conf, context and pidDir, answers the pid. Returns [conf, context]."""
    setup = readMsg()
    sendpid(setup["pidDir"])
    return [setup["conf"], setup["context"]]


def _start_bolt():
    """The handshake of a bolt: returns [conf, context]."""
    global _mode
    _mode = "bolt"
    return initComponent()


def _serve_tuples(handle):
    """Each tuple to `handle`; heartbeats are answered here."""
    while True:
        tup = readTuple()
        if tup.is_heartbeat_tuple():
            sync()
        else:
            handle(tup)


class Bolt(object):
    def initialize(self, stormconf, context):
        pass

    def process(self, tuple):
        pass

    def run(self):
        conf, context = _start_bolt()
        try:
            self.initialize(conf, context)
            _serve_tuples(self.process)
        except Exception as e:
            reportError(str(e))
            raise


class BasicBolt(Bolt):
    """A Bolt whose emits are anchored to the input, acked when process returns, failed when it raises."""

    def run(self):
        conf, context = _start_bolt()
        self.initialize(conf, context)
        _serve_tuples(self._process_anchored)

    def _process_anchored(self, tup):
        global _anchor_tuple
        _anchor_tuple = tup
        try:
            self.process(tup)
            ack(tup)
        except Exception as e:
            reportError(str(e))
            fail(tup)
        finally:
            _anchor_tuple = None


class Spout(object):
    def initialize(self, conf, context):
        pass

    def ack(self, id):
        pass

    def fail(self, id):
        pass

    def nextTuple(self):
        pass

    def activate(self):
        pass

    def deactivate(self):
        pass

    def run(self):
        global _mode
        _mode = "spout"
        conf, context = initComponent()
        self.initialize(conf, context)
        while True:
            msg = readCommand()
            command = msg["command"]
            if command == "next":
                self.nextTuple()
            elif command == "ack":
                self.ack(msg["id"])
            elif command == "fail":
                self.fail(msg["id"])
            elif command == "activate":
                self.activate()
            elif command == "deactivate":
                self.deactivate()
            sync()
