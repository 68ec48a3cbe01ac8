#!/usr/bin/env bash
# Re-extract translatable strings, merge them into the German catalogue and compile it.
# Then fill every empty msgstr in outreach/translations/de/LC_MESSAGES/messages.po and run again;
# tests/unit/test_translations.py fails while any German string is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin}
"$PY/pybabel" extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o outreach/translations/messages.pot .
if [ -f outreach/translations/de/LC_MESSAGES/messages.po ]; then
  "$PY/pybabel" update --no-fuzzy-matching -i outreach/translations/messages.pot -d outreach/translations -l de
else
  "$PY/pybabel" init -i outreach/translations/messages.pot -d outreach/translations -l de
fi
"$PY/pybabel" compile -d outreach/translations -l de
