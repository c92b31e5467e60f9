#!/usr/bin/env python3
"""Writes scripts/golden/searches.tsv: 300 searches for scripts/golden.sh.

Picked at fixed strides from `sanctiondb export --format jsonl` (read on
stdin), so the same lists give the same file: Latin personal names (some with
one letter dropped or two swapped), Hangul names, organisations, identifiers
(e-mail, website, wallet, phone, document), searches with date-of-birth and
country evidence, with schema and source filters, and names no list holds.
The file is committed: golden recordings compare the same searches even after
the lists change.

usage: sanctiondb export --format jsonl | scripts/golden/make-searches.py > scripts/golden/searches.tsv
"""
import json
import sys

entities = [json.loads(line) for line in sys.stdin if line.strip()]


def names(e, script=None):
    return [n["full"] for n in e.get("names", []) if script is None or n.get("script") == script]


def stride(items, count):
    if not items:
        return []
    step = max(1, len(items) // count)
    return items[::step][:count]


def typo(name, i):
    """One letter dropped (even i) or two neighbours swapped (odd i), inside a long word."""
    words = name.split()
    for w, word in enumerate(words):
        if len(word) >= 6 and word.isalpha():
            k = len(word) // 2
            words[w] = word[:k] + word[k + 1:] if i % 2 == 0 else word[:k] + word[k + 1] + word[k] + word[k + 2:]
            return " ".join(words)
    return name


rows = []
people = [e for e in entities if e["schema"] == "person" and names(e, "latin")]
orgs = [e for e in entities if e["schema"] == "organization" and names(e, "latin")]
hangul = [n for e in entities for n in names(e, "hangul")]
for i, e in enumerate(stride(people, 80)):
    name = names(e, "latin")[0]
    rows.append((typo(name, i) if i % 3 == 0 else name, ""))
for name in stride(hangul, 60):
    rows.append((name, ""))
for i, e in enumerate(stride(orgs, 60)):
    name = names(e, "latin")[0]
    rows.append((name.lower() if i % 4 == 0 else name, ""))
def flag(kind):
    kind = kind.lower()
    for word, f in [("email", "--email"), ("website", "--website"), ("digital currency", "--wallet"),
                    ("phone", "--phone"), ("passport", "--document"), ("national id", "--document")]:
        if word in kind:
            return f
    return None


ids = {}
for e in entities:
    for ident in e.get("identifiers", []):
        f, value = flag(ident.get("kind", "")), ident.get("value", "")
        if f and value and " " not in value:
            ids.setdefault(f, []).append(value)
for f in sorted(ids):
    for value in stride(ids[f], 6):
        rows.append(("", f"{f} {value}"))
dated = [e for e in people if any(d.get("from") for d in e.get("birth_dates", []))]
for i, e in enumerate(stride(dated, 30)):
    dob = e["birth_dates"][0]["from"] if i % 2 == 0 else "1900-01-01"
    country = "KP" if i % 3 else "DE"
    rows.append((names(e, "latin")[0], f"--dob {dob} --country {country}"))
for i, e in enumerate(stride(entities, 25)):
    name = names(e)[0] if names(e) else "KIM"
    rows.append((name, ["--schema person", "--source un", "--source ofac --limit 3",
                        "--threshold 0.3 --limit 20", "--weak-aliases confirm-only"][i % 5]))
for name in ["John Smith", "Maria Garcia", "Kim Min Jun", "이서영", "Samsung Electronics",
             "Hyundai Motor Company", "Park Ji Sung", "Acme Trading Ltd", "Lee Sung Eun",
             "Pyongyang", "Korea", "Jose da Silva", "", "x", "Müller GmbH"]:
    rows.append((name, ""))
rows = rows[:300]
assert len(rows) == 300, len(rows)
print("# query\tflags (scripts/golden/make-searches.py)")
for query, args in rows:
    print(f"{query}\t{args}")
