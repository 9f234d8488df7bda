#!/usr/bin/env bash
# Refreshes the admin UI screenshots in this folder from a run of the browser tests
# (tests/Gateway.Ui.Tests, which need Chromium at /usr/bin/chromium: ./test.sh installs it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/../.."
GATEWAY_UI_SCREENSHOTS="$here" dotnet test tests/Gateway.Ui.Tests --nologo
