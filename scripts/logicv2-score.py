#!/usr/bin/env python3
"""Scores the public case sets with OpenSanctions' logic-v2 (nomenklatura), the
reference column of scripts/public-bench.sh.

Runs inside the venv that scripts/logicv2-venv.sh makes (nomenklatura 4.17.4
and the followthemoney and rigour versions it resolved, pinned in
scripts/logicv2-requirements.txt), with logic-v2's default configuration.

  pairs CASES.csv            name_bench pairs: two single-name entities of the
                             pair's schema -> CSV schema,name1,name2,score
  screen EXPORT.jsonl Q.csv  screening queries (full_name, date_of_birth,
                             nationality): candidates are the 50 listed names
                             nearest by rapidfuzz WRatio over `sanctiondb
                             export` (persons only), each candidate's entity
                             scored -> JSONL {id, matches: [[entity_id, score]]},
                             best first. --evidence adds birth date and
                             nationality to the query entity.
"""

import argparse
import csv
import json
import sys

from followthemoney import model
from nomenklatura.matching import LogicV2
from rapidfuzz import fuzz, process, utils

CANDIDATES = 50
KEEP = 5


def entity(schema, name, props=None, ident="q"):
    e = model.make_entity(schema)
    e.id = ident
    e.add("name", name)
    for prop, values in (props or {}).items():
        e.add(prop, values, quiet=True)
    return e


def pairs(path):
    config = LogicV2.default_config()
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["schema", "name1", "name2", "score"])
    with open(path, newline="", encoding="utf-8") as f:
        # Distinct ids: logic-v2 caches name features by entity id.
        for i, row in enumerate(csv.DictReader(f)):
            left = entity(row["schema"], row["name1"], ident=f"left-{i}")
            right = entity(row["schema"], row["name2"], ident=f"right-{i}")
            score = LogicV2.compare(left, right, config).score
            w.writerow([row["schema"], row["name1"], row["name2"], f"{score:.4f}"])


def listed_people(export_path):
    """Every listed person of the export as an FtM entity, and its names."""
    entities, names, owners = {}, [], []
    with open(export_path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d.get("schema") != "person":
                continue
            props = {
                "birthDate": [b["text"] for b in d.get("birth_dates", []) if b.get("text")],
                "nationality": d.get("nationalities", []),
                "country": d.get("countries", []),
            }
            full = [n["full"] for n in d.get("names", [])]
            e = entity("Person", full, props, d["id"])
            entities[d["id"]] = e
            for n in full:
                names.append(n)
                owners.append(d["id"])
    return entities, names, owners


def screen(export_path, queries_path, evidence):
    config = LogicV2.default_config()
    entities, names, owners = listed_people(export_path)
    choices = [utils.default_process(n) for n in names]
    with open(queries_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for i, row in enumerate(rows):
        props = {}
        if evidence:
            props = {"birthDate": row.get("date_of_birth") or [],
                     "nationality": row.get("nationality") or []}
        query = entity("Person", row["full_name"], props, f"query-{i}")
        near = process.extract(utils.default_process(row["full_name"]), choices,
                               scorer=fuzz.WRatio, limit=CANDIDATES, processor=None)
        seen, scored = set(), []
        for _, _, j in near:
            eid = owners[j]
            if eid in seen:
                continue
            seen.add(eid)
            scored.append((eid, LogicV2.compare(query, entities[eid], config).score))
        scored.sort(key=lambda m: -m[1])
        print(json.dumps({"id": str(i), "matches": [[e, round(s, 4)] for e, s in scored[:KEEP]]}))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("pairs")
    p.add_argument("cases")
    s = sub.add_parser("screen")
    s.add_argument("export")
    s.add_argument("queries")
    s.add_argument("--evidence", action="store_true")
    args = ap.parse_args()
    if args.cmd == "pairs":
        pairs(args.cases)
    else:
        screen(args.export, args.queries, args.evidence)


if __name__ == "__main__":
    main()
