#!/usr/bin/env bash
# Refreshes the admin UI screenshots in this folder from a run of the browser tests
# (tests/Gateway.Ui.Tests, which need Chromium at /usr/bin/chromium: ./test.sh installs it).
# The run must show every admin page at least once: it fails when pages.txt (written by the
# tests beside their screenshots) lists a page without one.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/../.."
index=tests/Gateway.Ui.Tests/bin/Debug/net10.0/TestResults/screenshots/pages.txt
rm -f "$index"
GATEWAY_UI_SCREENSHOTS="$here" dotnet test tests/Gateway.Ui.Tests --nologo
if [[ ! -f $index ]]; then
  echo "update.sh: the tests wrote no $index" >&2
  exit 1
fi
if unshown=$(grep -P '\tnone$' "$index"); then
  echo "update.sh: no test saved a screenshot of these admin pages:" >&2
  cut -f1 <<<"$unshown" >&2
  exit 1
fi
