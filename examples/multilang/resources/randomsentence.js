// Emits sentences with message ids and replays the failed ones: Storm's multilang word count
// spout, on squall's storm.js. The sentences come in a fixed order (so that counts can be checked);
// with "randomsentence.limit" in the topology config it stops after that many.
'use strict';
const storm = require('./storm');

const SENTENCES = [
  'the cow jumped over the moon',
  'an apple a day keeps the doctor away',
  'four score and seven years ago',
  'snow white and the seven dwarfs',
  'i am at two with nature',
];

class RandomSentenceSpout extends storm.Spout {
  initialize(conf, context, done) {
    this.limit = conf['randomsentence.limit'] || Infinity;
    this.next = 0;
    this.pending = new Map();
    this.replay = [];
    done();
  }

  nextTuple(done) {
    let id;
    if (this.replay.length > 0) id = this.replay.shift();
    else if (this.next < this.limit) id = this.next++;
    else return done();
    const sentence = SENTENCES[id % SENTENCES.length];
    this.pending.set(id, sentence);
    this.emit({tuple: [sentence], id: id, need_task_ids: false});
    done();
  }

  ack(id, done) {
    this.pending.delete(id);
    done();
  }

  fail(id, done) {
    if (this.pending.has(id)) this.replay.push(id);
    done();
  }
}

new RandomSentenceSpout().run();
