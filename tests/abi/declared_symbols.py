"""Prints the functions that include/triage/*.h declare with TRIAGE_API.

Reads the headers through the C preprocessor (so comments and macros are
gone), then takes every declaration that carries the default-visibility
attribute TRIAGE_API expands to when building the library."""
import re
import subprocess
import sys

src = sys.argv[1]
text = subprocess.run(
    ["cc", "-E", "-P", "-DTRIAGE_BUILDING_LIBRARY", "-I", f"{src}/include", "-x", "c",
     f"{src}/include/triage/triage.h"],
    check=True, capture_output=True, text=True).stdout
# Drop every __attribute__((...)) after noting which statements carried visibility.
names = set()
for stmt in text.replace("\n", " ").split(";"):
    if 'visibility("default")' not in stmt:
        continue
    stmt = re.sub(r"__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)", " ", stmt)
    m = re.search(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(", stmt)
    if m:
        names.add(m.group(1))
print("\n".join(sorted(names)))
