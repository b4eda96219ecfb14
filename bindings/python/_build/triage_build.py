"""A small in-tree PEP 517 build backend (standard library only).

Why not setuptools: pip builds in an isolated environment and would fetch
setuptools from an index first, which fails offline.  This backend needs
nothing, so ``pip install bindings/python`` works without a network.  It
builds a pure-Python wheel of the ``triage`` package (platform-tagged when a
copy of libtriage.so is bundled in triage/), an sdist, and editable installs
(PEP 660, through a .pth file).
"""
import base64
import hashlib
import io
import os
import re
import sysconfig
import tarfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "triage"


def _project():
    with open(os.path.join(ROOT, "pyproject.toml"), encoding="utf-8") as f:
        text = f.read()
    table = text.split("[project]", 1)[1].split("\n[", 1)[0]

    def value(key):
        m = re.search(r'^%s\s*=\s*"([^"]*)"' % key, table, re.M)
        return m.group(1) if m else ""

    return {"name": value("name"), "version": value("version"),
            "summary": value("description"), "requires_python": value("requires-python"),
            "license": value("license")}


def _metadata():
    p = _project()
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    lines = ["Metadata-Version: 2.1", "Name: %s" % p["name"], "Version: %s" % p["version"],
             "Summary: %s" % p["summary"]]
    if p["requires_python"]:
        lines.append("Requires-Python: %s" % p["requires_python"])
    if p["license"]:
        lines.append("License: %s" % p["license"])
    lines.append("Description-Content-Type: text/markdown")
    return "\n".join(lines) + "\n\n" + readme


def _package_files():
    out = []
    base = os.path.join(ROOT, PACKAGE)
    for name in sorted(os.listdir(base)):
        path = os.path.join(base, name)
        if os.path.isfile(path) and (name.endswith(".py") or name == "py.typed"
                                     or name.startswith("libtriage.so")):
            out.append((PACKAGE + "/" + name, path))
    return out


def _tag(files):
    if any(arc.split("/")[-1].startswith("libtriage.so") for arc, _ in files):
        plat = sysconfig.get_platform().replace("-", "_").replace(".", "_")
        return "py3-none-" + plat, False
    return "py3-none-any", True


def _record_line(arcname, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (arcname, digest, len(data))


def _write_wheel(wheel_directory, entries, tag, pure):
    p = _project()
    dist = "%s-%s" % (p["name"].replace("-", "_"), p["version"])
    info = dist + ".dist-info"
    wheel_meta = ("Wheel-Version: 1.0\nGenerator: triage_build\nRoot-Is-Purelib: %s\nTag: %s\n"
                  % ("true" if pure else "false", tag))
    entries = list(entries) + [
        (info + "/METADATA", _metadata().encode("utf-8")),
        (info + "/WHEEL", wheel_meta.encode()),
        (info + "/top_level.txt", (PACKAGE + "\n").encode()),
    ]
    record = [_record_line(a, d) for a, d in entries] + [info + "/RECORD,,"]
    entries.append((info + "/RECORD", ("\n".join(record) + "\n").encode()))
    name = "%s-%s.whl" % (dist, tag)
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as z:
        for arcname, data in entries:
            zi = zipfile.ZipInfo(arcname, date_time=(2026, 1, 1, 0, 0, 0))
            zi.external_attr = (0o755 if arcname.endswith(".so") or ".so." in arcname
                                else 0o644) << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    return name


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    files = _package_files()
    entries = []
    for arcname, path in files:
        with open(path, "rb") as f:
            entries.append((arcname, f.read()))
    tag, pure = _tag(files)
    return _write_wheel(wheel_directory, entries, tag, pure)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    pth = (ROOT + "\n").encode()
    return _write_wheel(wheel_directory, [("triage_editable.pth", pth)], "py3-none-any", True)


def build_sdist(sdist_directory, config_settings=None):
    p = _project()
    base = "%s-%s" % (p["name"], p["version"])
    name = base + ".tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as tar:
        for top in ("pyproject.toml", "README.md", PACKAGE, "_build", "tests", "examples"):
            path = os.path.join(ROOT, top)
            if os.path.exists(path):
                tar.add(path, arcname=base + "/" + top,
                        filter=lambda ti: None if "__pycache__" in ti.name else ti)
        data = _metadata().encode("utf-8")
        ti = tarfile.TarInfo(base + "/PKG-INFO")
        ti.size = len(data)
        tar.addfile(ti, io.BytesIO(data))
    return name
