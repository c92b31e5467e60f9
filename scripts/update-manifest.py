#!/usr/bin/env python3
"""Recomputes sha256 and size of every file lists/MANIFEST.json names.

Run after replacing a snapshot or adding a round to lists/kr/designations.csv;
then update that entry's snapshot_date by hand and commit both files.
"""
import hashlib
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent / "lists"
manifest_path = root / "MANIFEST.json"
manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
changed = 0
for entry in manifest["files"]:
    path = root / entry["path"]
    if not path.is_file():
        print(f"missing: {entry['path']}", file=sys.stderr)
        continue
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if entry.get("sha256") != digest or entry.get("bytes") != len(data):
        entry["sha256"], entry["bytes"] = digest, len(data)
        changed += 1
        print(f"updated: {entry['path']}")
manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
print(f"{changed} entries changed")
