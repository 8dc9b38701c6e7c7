"""Each add-on ships a Hindi translation of every string it shows."""

from pathlib import Path

import polib
import pytest
from suite_common import MODULES

ROOT = Path(__file__).resolve().parent.parent
# Product names, "ID" and the ABC class letters read the same in Hindi; the OCA po format asks to
# leave such msgstr empty.
KEPT_IN_ENGLISH = {"A", "B", "C", "Facebook", "ID", "Instagram", "LinkedIn", "WhatsApp", "X"}
# The models' parameters keep the papers' names.
KEPT_IN_ENGLISH |= {f"BG/NBD {name}" for name in "rab"} | {f"Gamma-Gamma {name}" for name in "pqv"}


@pytest.mark.parametrize("addon", MODULES)
def test_hindi_covers_the_template(addon):
    template = polib.pofile(str(ROOT / addon / "i18n" / f"{addon}.pot"))
    hindi = polib.pofile(str(ROOT / addon / "i18n" / "hi.po"))
    assert {entry.msgid for entry in template} == {entry.msgid for entry in hindi}


@pytest.mark.parametrize("addon", MODULES)
def test_hindi_translates_every_string(addon):
    hindi = polib.pofile(str(ROOT / addon / "i18n" / "hi.po"))
    missing = {entry.msgid for entry in hindi.untranslated_entries()} - KEPT_IN_ENGLISH
    assert not missing
    assert not hindi.fuzzy_entries()
