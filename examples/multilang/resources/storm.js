/**
 * squall's JavaScript (node) library for Storm's multilang protocol, with the API of Storm's
 * storm.js. Written from the protocol's description (Storm's docs, "Multi-Lang Protocol",
 * https://storm.apache.org/releases/2.6.0/Multilang-protocol.html): each message is one JSON
 * document followed by a line "end", on stdin and stdout.
 *
 *   const storm = require('./storm');
 *   class SplitBolt extends storm.BasicBolt {
 *     process(tup, done) {
 *       for (const w of tup.values[0].split(' ')) this.emit({tuple: [w], anchorTupleId: tup.id});
 *       done();
 *     }
 *   }
 *   new SplitBolt().run();
 *
 * emit(details, onTaskIds): details are {tuple, stream, task (direct), need_task_ids} and, in a
 * bolt, anchorTupleId (or anchorTupleIds), in a spout, id (the message id to track).
 */
'use strict';

class Storm {
  constructor() {
    this.buffer = '';
    this.taskIdCallbacks = [];
    this.handshakeDone = false;
  }

  sendMsgToParent(msg) {
    process.stdout.write(JSON.stringify(msg) + '\nend\n');
  }

  sync() { this.sendMsgToParent({command: 'sync'}); }
  log(msg, level) { this.sendMsgToParent({command: 'log', msg: String(msg), level: level === undefined ? 2 : level}); }
  logTrace(msg) { this.log(msg, 0); }
  logDebug(msg) { this.log(msg, 1); }
  logInfo(msg) { this.log(msg, 2); }
  logWarn(msg) { this.log(msg, 3); }
  logError(msg) { this.log(msg, 4); }
  reportError(msg) { this.sendMsgToParent({command: 'error', msg: String(msg)}); }
  rpcMetrics(name, params) { this.sendMsgToParent({command: 'metrics', name: name, params: params}); }

  initialize(conf, context, done) { done(); }

  /** Sends an emit; onTaskIds(taskIds) is called with the receiving tasks unless need_task_ids is false. */
  emitMessage(msg, onTaskIds) {
    if (msg.need_task_ids === false) {
      this.sendMsgToParent(msg);
      return;
    }
    this.taskIdCallbacks.push(onTaskIds || (() => {}));
    this.sendMsgToParent(msg);
  }

  handleMessage(msg) {
    if (!this.handshakeDone) {
      this.handshakeDone = true;
      const fs = require('fs');
      const path = require('path');
      fs.writeFileSync(path.join(msg.pidDir, String(process.pid)), '');
      this.sendMsgToParent({pid: process.pid});
      this.initialize(msg.conf, msg.context, () => {});
      return;
    }
    if (Array.isArray(msg)) {
      const callback = this.taskIdCallbacks.shift();
      if (callback) callback(msg);
      return;
    }
    this.handleCommand(msg);
  }

  run() {
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => {
      this.buffer += chunk;
      for (;;) {
        let end;
        let skip;
        if (this.buffer.startsWith('end\n')) { end = 0; skip = 4; }
        else if ((end = this.buffer.indexOf('\nend\n')) >= 0) { skip = 5; }
        else break;
        const text = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + skip);
        this.handleMessage(JSON.parse(text));
      }
    });
    process.stdin.on('end', () => process.exit(0));
  }
}

class Tuple {
  constructor(id, component, stream, task, values) {
    this.id = id;
    this.component = component;
    this.stream = stream;
    this.task = task;
    this.values = values;
  }
  isHeartbeatTuple() { return this.task === -1 && this.stream === '__heartbeat'; }
}

class Bolt extends Storm {
  process(tuple, done) { done(); }
  ack(tuple) { this.sendMsgToParent({command: 'ack', id: tuple.id}); }
  fail(tuple) { this.sendMsgToParent({command: 'fail', id: tuple.id}); }

  emit(details, onTaskIds) {
    const msg = {command: 'emit', tuple: details.tuple};
    let anchors = details.anchorTupleIds || (details.anchorTupleId !== undefined ? [details.anchorTupleId] : []);
    msg.anchors = anchors;
    if (details.stream !== undefined) msg.stream = details.stream;
    if (details.task !== undefined) msg.task = details.task;
    if (details.need_task_ids === false) msg.need_task_ids = false;
    this.emitMessage(msg, onTaskIds);
  }

  handleCommand(msg) {
    const tup = new Tuple(msg.id, msg.comp, msg.stream, msg.task, msg.tuple);
    if (tup.isHeartbeatTuple()) {
      this.sync();
      return;
    }
    this.process(tup, () => {});
  }
}

/** Acks each input when process calls done(), fails it when done(error). */
class BasicBolt extends Bolt {
  handleCommand(msg) {
    const tup = new Tuple(msg.id, msg.comp, msg.stream, msg.task, msg.tuple);
    if (tup.isHeartbeatTuple()) {
      this.sync();
      return;
    }
    this.process(tup, (err) => {
      if (err) {
        this.reportError(err);
        this.fail(tup);
      } else {
        this.ack(tup);
      }
    });
  }
}

/** nextTuple(done), ack(id, done), fail(id, done): call done() when finished (then squall gets "sync"). */
class Spout extends Storm {
  nextTuple(done) { done(); }
  ack(id, done) { done(); }
  fail(id, done) { done(); }
  activate(done) { done(); }
  deactivate(done) { done(); }

  emit(details, onTaskIds) {
    const msg = {command: 'emit', tuple: details.tuple};
    if (details.id !== undefined) msg.id = details.id;
    if (details.stream !== undefined) msg.stream = details.stream;
    if (details.task !== undefined) msg.task = details.task;
    if (details.need_task_ids === false) msg.need_task_ids = false;
    this.emitMessage(msg, onTaskIds);
  }

  handleCommand(msg) {
    const done = () => this.sync();
    switch (msg.command) {
      case 'next': return this.nextTuple(done);
      case 'ack': return this.ack(msg.id, done);
      case 'fail': return this.fail(msg.id, done);
      case 'activate': return this.activate(done);
      case 'deactivate': return this.deactivate(done);
      default: return done();
    }
  }
}

module.exports = {Storm, Tuple, Bolt, BasicBolt, Spout};
