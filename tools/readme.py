#!/usr/bin/env python3
"""Build each add-on's README.rst from its readme/*.md fragments (OCA layout).

`python3 tools/readme.py` writes them; `--check` fails when one is stale
(the pre-commit hook of `make lint` runs it so).
"""

import ast
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SECTIONS = (("DESCRIPTION.md", None), ("USAGE.md", "Usage"), ("CONFIGURE.md", "Configuration"))


def markdown_to_rst(text):
    """The subset our fragments use: paragraphs, `-` lists, **bold**, *italic*, `code`."""
    return re.sub(r"(?<!`)`([^`]+)`(?!`)", r"``\1``", text.strip())


def heading(title, underline):
    return f"{title}\n{underline * len(title)}\n"


def render(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    parts = [heading(manifest["name"], "="), f"*{manifest['summary']}*\n"]
    for fragment, title in SECTIONS:
        path = addon / "readme" / fragment
        if not path.exists():
            continue
        if title:
            parts.append(heading(title, "~"))
        parts.append(markdown_to_rst(path.read_text()) + "\n")
    parts.append(heading("License", "~") + f"{manifest['license']}\n")
    return "\n".join(parts)


def main():
    check = "--check" in sys.argv
    stale = []
    for addon in sorted(REPO.glob("*/readme")):
        addon = addon.parent
        target = addon / "README.rst"
        text = render(addon)
        if target.exists() and target.read_text() == text:
            continue
        stale.append(str(target.relative_to(REPO)))
        if not check:
            target.write_text(text)
    if check and stale:
        print("Stale, run `python3 tools/readme.py`: " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
