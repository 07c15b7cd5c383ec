# Scores each row with a logistic regression exported as JSON (model.json beside this script):
# the data scientist's bolt. Input fields are the model's features; it emits (row, probability,
# label) anchored to the row.
import json
import math
import os

import storm


class ScoreRowsBolt(storm.BasicBolt):
    def initialize(self, conf, context):
        path = conf.get("score_rows.model", "model.json")
        with open(path) as f:
            model = json.load(f)
        self.intercept = model["intercept"]
        self.weights = model["weights"]
        self.threshold = model.get("threshold", 0.5)
        source = context["source->stream->fields"]
        # The input's field names, to find each feature's position.
        self.fields = next(iter(next(iter(source.values())).values()))

    def process(self, tup):
        row = dict(zip(self.fields, tup.values))
        z = self.intercept + sum(w * float(row[name]) for name, w in self.weights.items())
        p = 1.0 / (1.0 + math.exp(-z))
        storm.emit([row.get("id"), p, "yes" if p >= self.threshold else "no"])


ScoreRowsBolt().run()
