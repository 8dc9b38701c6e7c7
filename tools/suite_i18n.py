"""`make i18n`: the .pot files and hi.po, keeping the translators' work."""

import subprocess

from suite_common import DB_NAME, MODULES, REPO, ensure_requirements, say
from suite_databases import create_database, database_connection, database_exists, odoo, write_odoo_config
from suite_odoo_source import ensure_odoo


def command_i18n(_args):
    """Refresh every add-on's .pot and hi.po from the `make run` database."""
    ensure_odoo()
    ensure_requirements()
    conn = database_connection()
    config = write_odoo_config(conn, DB_NAME)
    if not database_exists(conn, DB_NAME):
        create_database(config, DB_NAME)
    # Updated while the registry loads (not `odoo module upgrade`, which reads the companies
    # through the new code before their new columns exist).
    odoo(
        "server",
        "-c",
        config,
        "-d",
        DB_NAME,
        "-u",
        ",".join(MODULES),
        "--stop-after-init",
        "--no-http",
        stdout=subprocess.DEVNULL,
    )
    translated = {module: (REPO / module / "i18n" / "hi.po").read_text() for module in MODULES}
    odoo("i18n", "export", "-c", config, "-d", DB_NAME, *MODULES, "-l", "pot", "hi")
    for module, before in translated.items():
        keep_translations(REPO / module / "i18n" / "hi.po", before)
    say("exported the .pot files and hi.po: translate the new terms in hi.po")


def keep_translations(po_path, before):
    """Put back the translations of hi.po over what the export wrote, in the OCA's po layout.

    hi.po is the translators' work: Odoo's export writes the Python and JavaScript strings
    with an empty msgstr when the database has not loaded their translations, and when an
    add-on changes a field's label or help, the database keeps the translation of the old
    text and exports it for the new one. A new string whose translation is that of another
    string of hi.po is that case: it is left to translate.
    """
    import polib  # noqa: PLC0415 (installed by ensure_requirements, after this script started)

    translated = [entry for entry in polib.pofile(before) if entry.msgstr]
    known = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in translated}
    translations_of_other_strings = {entry.msgstr for entry in translated}
    exported = polib.pofile(str(po_path), wrapwidth=78)
    for entry in exported:
        key = (entry.msgctxt, entry.msgid)
        if key in known:
            entry.msgstr = known[key]
        elif entry.msgstr in translations_of_other_strings:
            entry.msgstr = ""
        if entry.msgstr == entry.msgid:
            entry.msgstr = ""  # the OCA leaves a string that reads the same untranslated
    exported.sort(key=lambda entry: entry.msgid)
    po_path.write_text(str(exported))
