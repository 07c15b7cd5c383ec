#!/usr/bin/env bash
# Regenerates GBMPojo_*_scores.txt: the tutorial's POJO (examples/h2o_demo/model/GBMPojo.java)
# compiled by javac and run by a JVM, against genmodel-stub/ (the GenModel helpers that POJO calls,
# written from H2O's public h2o-genmodel source). The scores are the independent check of squall's
# POJO importer: the JVM, not squall, evaluates the trees' Java expressions. Needs a JDK (javac 17
# made the checked-in files); the tests do not run this.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../../.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
javac -d "$out" "$here"/genmodel-stub/hex/ModelCategory.java "$here"/genmodel-stub/hex/genmodel/annotations/ModelPojo.java \
  "$here"/genmodel-stub/hex/genmodel/GenModel.java "$root"/examples/h2o_demo/model/GBMPojo.java "$here"/genmodel-stub/ScorePojo.java
java -cp "$out" ScorePojo "$root"/examples/h2o_demo/data/live_data.csv false > "$here"/GBMPojo_live_data_scores.txt
java -cp "$out" ScorePojo "$root"/examples/h2o_demo/data/training_data.csv true > "$here"/GBMPojo_training_data_scores.txt
