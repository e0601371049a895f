#!/usr/bin/env python3
"""Writes a compile_commands.json for clang-tidy from the gcc build's one.

The build precompiles headers with gcc (`-include .../cmake_pch.hxx` beside a gcc .gch that
clang cannot read). clang-tidy gets a copy of each cmake_pch.hxx in a folder without the
.gch, so it parses the same headers as text. Only translation units under the given source
folders are kept.
    tidy_compile_db.py BUILD_DIR OUT_DIR SOURCE_DIR [SOURCE_DIR ...]
"""
import json
import os
import shutil
import sys

build_dir, out_dir, *source_dirs = sys.argv[1:]
source_dirs = [os.path.realpath(d) + os.sep for d in source_dirs]
out_dir = os.path.realpath(out_dir)
os.makedirs(out_dir, exist_ok=True)

with open(os.path.join(build_dir, "compile_commands.json")) as f:
    entries = json.load(f)

copies = {}
kept = []
for entry in entries:
    path = os.path.realpath(os.path.join(entry["directory"], entry["file"]))
    if not any(path.startswith(d) for d in source_dirs):
        continue
    words = entry["command"].split(" ")
    for i, word in enumerate(words):
        if word.endswith("cmake_pch.hxx") and i > 0 and words[i - 1] == "-include":
            if word not in copies:
                copy = os.path.join(out_dir, "pch%d.hxx" % len(copies))
                shutil.copyfile(word, copy)
                copies[word] = copy
            words[i] = copies[word]
    entry["command"] = " ".join(w for w in words if w != "-Winvalid-pch")
    kept.append(entry)

with open(os.path.join(out_dir, "compile_commands.json"), "w") as f:
    json.dump(kept, f, indent=1)
print("tidy_compile_db: %d translation units" % len(kept))
