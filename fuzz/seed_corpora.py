#!/usr/bin/env python3
"""Writes small seed corpora for the fuzz targets into fuzz/corpus/<target>/.

Seeds are slices of the shipped lists (lists/) and the test fixtures
(tests/fixtures/): a few records each, so libFuzzer mutates small, realistic
inputs. The index_open seeds are the files of a small index built by the main
binary from the fixtures (the same folder fuzz/src/lib.rs::small_lists makes).
Corpora stay out of git (fuzz/corpus/ is in .gitignore).

Usage (from the repository root): python3 fuzz/seed_corpora.py
"""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")
LISTS = os.path.join(ROOT, "lists")
FIX = os.path.join(ROOT, "tests", "fixtures")


def read(*parts):
    with open(os.path.join(*parts), "rb") as f:
        return f.read()


def seed(target, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def xml_records(data, tag, limit, want=None):
    """The first `limit` <tag>...</tag> records (matching `want`, if given)."""
    out = []
    for m in re.finditer(rb"<%s>.*?</%s>" % (tag, tag), data, re.S):
        rec = m.group(0)
        if want is None or re.search(want, rec):
            out.append(rec)
            if len(out) == limit:
                break
    return out


def un():
    seed("un_xml", read(FIX, "un", "un_sample.xml"))
    seed("un_xml", b"<CONSOLIDATED_LIST/>")
    data = read(LISTS, "un", "UN_consolidated.xml")
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST>'
    for tag, group in [(b"INDIVIDUAL", b"INDIVIDUALS"), (b"ENTITY", b"ENTITIES")]:
        for rec in xml_records(data, tag, 6, rb"KP[ie]\.\d+"):
            seed("un_xml", head + b"<%s>%s</%s></CONSOLIDATED_LIST>" % (group, rec, group))


def ofac_xml():
    seed("ofac_xml", read(FIX, "ofac", "consolidated_sample.xml"))
    data = read(LISTS, "ofac", "consolidated.xml")
    head = data[: data.index(b"<sdnEntry>")]
    for rec in xml_records(data, b"sdnEntry", 8):
        seed("ofac_xml", head + rec + b"</sdnList>")


def ofac_csv():
    sep = b"\x00"  # fuzz/src/lib.rs CSV_SEPARATOR
    files = ["sdn_sample.csv", "alt_sample.csv", "add_sample.csv", "comments_sample.csv"]
    seed("ofac_csv", sep.join(read(FIX, "ofac", f) for f in files))
    seed("ofac_csv", read(FIX, "ofac", "sdn_sample.csv"))
    cons = ["cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"]
    prim = read(LISTS, "ofac", cons[0]).split(b"\r\n")
    for start in range(0, 40, 8):
        rows = prim[start : start + 8]
        nums = {r.split(b",")[0] for r in rows}
        parts = [b"\r\n".join(rows) + b"\r\n"]
        for f in cons[1:]:
            other = [r for r in read(LISTS, "ofac", f).split(b"\r\n") if r.split(b",")[0] in nums]
            parts.append(b"\r\n".join(other) + b"\r\n")
        seed("ofac_csv", sep.join(parts))


def kr():
    for d in ["old", "new"]:
        seed("kr_csv", read(FIX, "changes", d, "kr", "designations.csv"))
    lines = read(LISTS, "kr", "designations.csv").split(b"\n")
    for start in range(1, len(lines), 40):
        seed("kr_csv", b"\n".join([lines[0]] + lines[start : start + 4]) + b"\n")


def normalize():
    for line in read(ROOT, "tests", "data", "romanization.tsv").split(b"\n"):
        if line and not line.startswith(b"#"):
            for cell in line.split(b"\t")[::2]:
                seed("normalize", cell)
    kr_rows = read(LISTS, "kr", "designations.csv").split(b"\n")[1:200:7]
    for row in kr_rows:
        for cell in row.split(b",")[2:5]:
            if cell.strip(b'" '):
                seed("normalize", cell.strip(b'"'))
    un_data = read(LISTS, "un", "UN_consolidated.xml")
    for m in list(re.finditer(rb"<(?:ALIAS_NAME|FIRST_NAME)>([^<]+)<", un_data))[:4000:40]:
        seed("normalize", m.group(1))
    for s in ["KIM Jong Un", "Kim Jong-un", "김정은", "金正恩", "Kimjongun", "조선련봉총회사",
              "KOREA RYONBONG GENERAL CORPORATION", "Chosun Ryonbong General Corp",
              "Ch'oe Ryong-hae", "Cho’ng", "ＫＩＭ", "Ri Il Jin", "Co Ltd", "Müller Ахмед"]:
        seed("normalize", s.encode())


def index_open():
    """Selector byte + file content, one seed per file (see index_open.rs)."""
    binary = os.path.join(ROOT, "target", "release", "sanctiondb")
    if not os.path.exists(binary):
        subprocess.run(["cargo", "build", "--release"], cwd=ROOT, check=True)
    copies = [
        (os.path.join(FIX, "un", "un_sample.xml"), "un/UN_consolidated.xml"),
        (os.path.join(FIX, "ofac", "sdn_sample.csv"), "ofac/sdn.csv"),
        (os.path.join(FIX, "ofac", "alt_sample.csv"), "ofac/alt.csv"),
        (os.path.join(FIX, "ofac", "add_sample.csv"), "ofac/add.csv"),
        (os.path.join(FIX, "ofac", "comments_sample.csv"), "ofac/sdn_comments.csv"),
        (os.path.join(FIX, "ofac", "consolidated_sample.xml"), "ofac/consolidated.xml"),
        (os.path.join(FIX, "changes", "new", "kr", "designations.csv"), "kr/designations.csv"),
        (os.path.join(LISTS, "dprk", "bodies.csv"), "dprk/bodies.csv"),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        lists, index = os.path.join(tmp, "lists"), os.path.join(tmp, "index")
        for src, dst in copies:
            os.makedirs(os.path.dirname(os.path.join(lists, dst)), exist_ok=True)
            shutil.copy(src, os.path.join(lists, dst))
        subprocess.run([binary, "build", "--lists", lists, "--index", index],
                       check=True, stdout=subprocess.DEVNULL)
        gen = os.path.join(index, open(os.path.join(index, "CURRENT")).read().strip())
        files = ["meta.json", "meta.json", "names.json", "tokens.fst", "postings.bin", "network.json"]
        for selector, f in enumerate(files):
            seed("index_open", bytes([selector]) + read(gen, f))
        seed("index_open", bytes([6]) + read(index, "CURRENT"))


if __name__ == "__main__":
    targets = sys.argv[1:] or ["un", "ofac_xml", "ofac_csv", "kr", "normalize", "index_open"]
    for t in targets:
        globals()[t]()
    for t in sorted(os.listdir(CORPUS)):
        d = os.path.join(CORPUS, t)
        n = len(os.listdir(d))
        size = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
        print(f"{t}: {n} seeds, {size} bytes")
