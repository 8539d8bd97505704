#!/usr/bin/env bash
# Rewrites the golden files of generated sources (src/test/resources/golden) from the current
# processor output. Review the diff (git diff processor/src/test/resources/golden) before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl processor -am test -Drepro4j.bless=true -Dtest='GoldenTest' -Dsurefire.failIfNoSpecifiedTests=false
git status --short processor/src/test/resources/golden
