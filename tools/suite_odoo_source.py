"""Odoo 19's source: fetched (archive, zip or git), repaired where its manifests name missing files,
installed with pip into this Python; Chromium for the tours."""

import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import zipfile
from pathlib import Path

from suite_common import ODOO_HOME, ODOO_SERIES, ODOO_SOURCE, die, pip_install, run, say


def odoo_version():
    probe = "import odoo.release as r; print(r.version_info[0])"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    return int(result.stdout.strip()) if result.returncode == 0 else None


def ensure_odoo():
    version = odoo_version()
    if version == ODOO_SERIES:
        return
    if version is not None:
        die(f"python3 imports Odoo {version}, CRM Suite needs Odoo {ODOO_SERIES}.")
    say(f"Odoo {ODOO_SERIES} is not importable: installing it from {ODOO_SOURCE}")
    say(f"into {ODOO_HOME} (set ODOO_SOURCE to a directory, archive or git URL)")
    try:
        fetch_odoo_source(ODOO_SOURCE, ODOO_HOME)
        repair_manifest_paths(ODOO_HOME / "addons")
        install_odoo(ODOO_HOME)
    except (OdooSourceError, OSError, subprocess.CalledProcessError, tarfile.TarError, zipfile.BadZipFile) as error:
        reason = error if isinstance(error, OdooSourceError) else f"could not install it from {ODOO_SOURCE}: {error}"
        die(f"{reason}\nPoint ODOO_SOURCE at an Odoo {ODOO_SERIES} Community checkout or archive, then try again.")
    if odoo_version() != ODOO_SERIES:
        die(f"Odoo was installed into {ODOO_HOME} but python3 still cannot import it.")
    say(f"Odoo {ODOO_SERIES} installed from {ODOO_SOURCE}")


class OdooSourceError(Exception):
    """ODOO_SOURCE or ODOO_HOME does not hold an Odoo source tree: the message says what is missing."""


# What `pip install -e` and the add-ons need at the root of an Odoo source tree.
ODOO_SOURCE_PARTS = ("odoo/release.py", "addons", "setup.py", "requirements.txt")


def missing_source_parts(root):
    return [part for part in ODOO_SOURCE_PARTS if not (root / part).exists()]


def find_source_root(folder, source):
    """The folder itself, or its one top folder (GitHub's `odoo-19.0/`), that holds Odoo's source."""
    for candidate in [folder, *sorted(path for path in folder.iterdir() if path.is_dir())]:
        release = candidate / "odoo" / "release.py"
        if not release.exists():
            continue
        missing = missing_source_parts(candidate)
        if missing:
            raise OdooSourceError(f"{source} is not a whole Odoo source: it lacks {', '.join(missing)}")
        series = re.search(r"^version_info = \((\d+),", release.read_text(), re.MULTILINE)
        if not series or int(series.group(1)) != ODOO_SERIES:
            found = series.group(1) if series else "an unknown version"
            raise OdooSourceError(f"{source} holds Odoo {found}, not Odoo {ODOO_SERIES}")
        return candidate
    raise OdooSourceError(f"{source} holds no Odoo source: it lacks odoo/release.py, at its top and in its top folder")


def is_git_url(source):
    return source.endswith(".git") or source.startswith(("git@", "git+", "ssh://"))


def fetch_odoo_source(source, target):
    """Put the root of Odoo's source tree (odoo/, addons/, setup.py, requirements.txt) at `target`."""
    if target.exists():
        missing = missing_source_parts(target)
        if missing:
            raise OdooSourceError(
                f"ODOO_HOME {target} exists but is not a whole Odoo source (it lacks {', '.join(missing)}): "
                "remove it, or point ODOO_HOME elsewhere, and run the command again"
            )
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    # Unpacked next to the target, so the last step is one rename on the same file system.
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".odoo-source-") as tmp:
        unpacked = Path(tmp) / "unpacked"
        if is_git_url(source):
            run(["git", "clone", "--depth", "1", "--branch", f"{ODOO_SERIES}.0", source.removeprefix("git+"), unpacked])
        elif Path(source).is_dir():
            shutil.copytree(source, unpacked, ignore=shutil.ignore_patterns(".git", "venv", "custom_addons"))
        else:
            archive = Path(source)
            if not archive.is_file():
                if "://" not in source:
                    raise OdooSourceError(f"ODOO_SOURCE {source} is neither a directory, a file nor a URL")
                archive = Path(tmp) / "odoo-source"
                say("downloading the Odoo source (about 300 MB)")
                urllib.request.urlretrieve(source, archive)
            unpack_archive(archive, unpacked)
        shutil.move(find_source_root(unpacked, source), target)


def unpack_archive(archive, folder):
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as bundle:
            bundle.extractall(folder)
    elif tarfile.is_tarfile(archive):
        with tarfile.open(archive) as bundle:
            bundle.extractall(folder, filter="data")
    else:
        raise OdooSourceError(f"{archive} is neither a zip nor a tar archive")


def repair_manifest_paths(addons_dir):
    """Some Odoo snapshots list `x_views.xml` where the file is `x.xml`: copy it."""
    for manifest in addons_dir.glob("*/__manifest__.py"):
        for name in re.findall(r"'(views/[\w/]+_views\.xml)'", manifest.read_text()):
            wanted = manifest.parent / name
            present = wanted.with_name(wanted.name.replace("_views.xml", ".xml"))
            if not wanted.exists() and present.exists():
                shutil.copyfile(present, wanted)


def install_odoo(home):
    requirements = (home / "requirements.txt").read_text().splitlines()
    adapted = []
    for line in requirements:
        if line.startswith("python-ldap"):
            continue  # needs system LDAP headers; only the auth_ldap add-on uses it
        adapted.append(re.sub(r"^psycopg2==", "psycopg2-binary==", line))
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(adapted))
    pip_install("-r", handle.name)
    pip_install("--no-deps", "-e", home)


DEVANAGARI_FONT = Path("/usr/share/fonts/truetype/lohit-devanagari")


def ensure_chromium():
    names = ("google-chrome", "chromium", "chromium-browser", "google-chrome-stable")
    missing = [] if any(shutil.which(name) for name in names) else ["chromium"]
    # Hindi pages render (and show in the tours' screenshots) only with a Devanagari font.
    missing += [] if DEVANAGARI_FONT.exists() else ["fonts-lohit-deva"]
    if not missing:
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say(f"installing {' and '.join(missing)} for the browser tests (apt-get install)")
        run(["apt-get", "update", "-q"], stdout=subprocess.DEVNULL)
        run(["apt-get", "install", "-y", "-q", *missing], stdout=subprocess.DEVNULL)
        return
    if "chromium" in missing:
        die("the browser tests need Chromium and none is installed: run `sudo apt-get install chromium` and try again.")
    say("no Devanagari font: Hindi pages show boxes in screenshots (sudo apt-get install fonts-lohit-deva)")


def pack_odoo_source(source_root, archive):
    """A tar.gz of Odoo's source with the top folder `odoo-19.0/`, as GitHub serves it."""

    def skip_build_files(member):
        name = Path(member.name).name
        return None if name == "__pycache__" or name.endswith((".egg-info", ".pyc")) else member

    with tarfile.open(archive, "w:gz", compresslevel=1) as bundle:
        for part in ("odoo", "addons", "setup", "setup.py", "setup.cfg", "odoo-bin", "requirements.txt"):
            if (source_root / part).exists():
                bundle.add(source_root / part, arcname=f"odoo-{ODOO_SERIES}.0/{part}", filter=skip_build_files)
