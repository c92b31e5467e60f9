#!/usr/bin/env python3
"""Side-by-side matching-quality benchmark on OpenSanctions' public case sets.

The case files are OpenSanctions' (benches/public/, provenance in its README);
nothing here is generated from sanctiondb's own output. The protocols are the
README's:

* name_bench pairs: every distinct `name2` is injected as a listed entry (person,
  organisation or vessel by `schema`) into a copy of the shipped lists, as extra
  rows of the copy's `kr/designations.csv` (the one list file in UTF-8 that takes
  any script). An index is built from the copy with the binary under test, every
  `name1` is screened once at threshold 0, and the prediction for a pair is
  "the entry injected for its `name2` scores at or above the alert threshold".
* yente screening cases: UN positives (untreated and treated) are resolved to
  their entity by the untreated name; negatives count the share of queries with
  any alert.
* logic-v2 (nomenklatura) as the reference: scores from scripts/logicv2-score.py
  when its venv exists (scripts/logicv2-venv.sh), and upstream's frozen scores
  file in any case.

Standard library only, so it runs without the venv. Prints one markdown report
on stdout.
"""

import argparse
import csv
import hashlib
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict

ROOT = pathlib.Path(__file__).resolve().parent.parent
ALERT = 0.80
LOGICV2_THRESHOLD = 0.70
# logic-v2 costs ~0.2 s a screening query here (50 candidates): the negatives
# are sampled for it (the first rows of each file), sanctiondb runs them all.
LOGICV2_NEGATIVES = 200
SWEEP = [round(0.50 + 0.05 * i, 2) for i in range(10)]
# name_bench `schema` -> the `type` column of lists/kr/designations.csv.
KR_TYPE = {
    "Person": "individual",
    "Company": "entity",
    "Organization": "entity",
    "LegalEntity": "entity",
    "Vessel": "vessel",
}
INJECT_PREFIX = "99990101-"


# ---------------------------------------------------------------- helpers


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def script_of(text):
    """`latin` when every letter is Latin, else `other`."""
    for ch in text:
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return "other"
    return "latin"


def norm_name(text):
    """Case-folded letters and digits, tokens sorted: `SALEK, Abdulhai` ==
    `ABDULHAI SALEK`. Used only to resolve positives to listed entries."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    tokens = re.findall(r"\w+", folded)
    return " ".join(sorted(tokens))


def prf(rows, predict):
    """rows: (is_match, score); predict(score) -> bool."""
    tp = fp = fn = tn = 0
    for is_match, score in rows:
        p = predict(score)
        if p and is_match:
            tp += 1
        elif p:
            fp += 1
        elif is_match:
            fn += 1
        else:
            tn += 1
    prec = tp / (tp + fp) if tp + fp else float("nan")
    rec = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * prec * rec / (prec + rec) if tp and prec + rec else 0.0
    fpr = fp / (fp + tn) if fp + tn else float("nan")
    return {"n": len(rows), "P": prec, "R": rec, "F1": f1, "FPR": fpr}


def fmt(x, digits=3):
    if x is None:
        return "-"
    if isinstance(x, float):
        return "-" if x != x else f"{x:.{digits}f}"
    return str(x)


def share(k, n):
    return k / n if n else float("nan")


# ---------------------------------------------------------------- lists copy


def copy_lists(lists, dest, injected):
    """Copies `lists` to `dest`, appends `injected` rows to kr/designations.csv
    and refreshes the copy's MANIFEST.json hashes (as scripts/update-manifest.py
    does for the shipped folder)."""
    shutil.copytree(lists, dest)
    path = dest / "kr" / "designations.csv"
    with open(path, newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    with open(path, "a", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        for row in injected:
            w.writerow({k: row.get(k, "") for k in header})
    manifest_path = dest / "MANIFEST.json"
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        for entry in manifest.get("files", []):
            p = dest / entry["path"]
            if p.is_file():
                data = p.read_bytes()
                entry["sha256"] = hashlib.sha256(data).hexdigest()
                entry["bytes"] = len(data)
        manifest_path.write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )


def injected_rows(cases):
    """One designations.csv row per distinct (schema, name2); returns the rows
    and a map (schema, name2) -> entity id."""
    ids, rows = {}, []
    for c in cases:
        key = (c["schema"], c["name2"])
        if key in ids:
            continue
        rid = f"{INJECT_PREFIX}{len(ids) + 1:04d}"
        ids[key] = f"kr:{rid}"
        row = {"id": rid, "type": KR_TYPE[c["schema"]], "round": "name_bench"}
        # Latin names go where the list keeps romanizations (persons'
        # `FAMILY, Given` is split there, as on OFAC); any other script is the
        # name as written, in the `hangul` column.
        if script_of(c["name2"]) == "latin":
            row["romanizations"] = f"{c['name2']} [BENCH]"
        else:
            row["hangul"] = c["name2"]
        rows.append(row)
    return rows, ids


# ---------------------------------------------------------------- screening


def screen(binary, index, payees, workdir, tag, limit, threshold=0.0, extra=()):
    """Screens `payees` (dicts with id, name and optional dob, country) in one
    run; returns id -> list of matches (entity_id, score), best first."""
    inp = workdir / f"{tag}.csv"
    cols = ["id", "name"] + [c for c in ("dob", "country") if any(p.get(c) for p in payees)]
    with open(inp, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        for p in payees:
            w.writerow({k: p.get(k, "") for k in cols})
    out = workdir / f"{tag}.jsonl"
    run(
        [
            binary, "screen", str(inp), "--index", str(index), "--threshold", str(threshold),
            "--limit", str(limit), "-q", "--output", str(out),
            "--audit-log", str(workdir / "audit.jsonl"), *extra,
        ]
    )
    result = {}
    with open(out, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            result[d["id"]] = [(m["entity_id"], m["score"], m.get("status")) for m in d.get("matches", [])]
    return result


# ---------------------------------------------------------------- name_bench


def korean_given_swap(c):
    """The README's caveat: Korean given-name substitutions labelled matches
    upstream although a different syllable is a different person."""
    return c["is_match"] == "true" and re.match(r"(KP|KR) given-name", c["notes"] or "")


def name_bench(binary, bench, lists, work, limit):
    cases = read_csv(bench / "nk_name_bench_cases.csv")
    rows, ids = injected_rows(cases)
    copy_lists(lists, work / "lists", rows)
    index = work / "idx"
    run([binary, "build", "--lists", str(work / "lists"), "--index", str(index), "-q"],
        stdout=subprocess.DEVNULL)
    payees = [{"id": str(i), "name": c["name1"]} for i, c in enumerate(cases)]
    hits = screen(binary, index, payees, work, "name_bench", limit)
    scored, unseen = [], 0
    for i, c in enumerate(cases):
        target = ids[(c["schema"], c["name2"])]
        matches = hits.get(str(i), [])
        score = next((s for e, s, _ in matches if e == target), None)
        if score is None:
            # Not among the top `limit`: below the lowest one shown.
            unseen += 1
            score = 0.0
            if len(matches) >= limit and matches[-1][1] >= SWEEP[0]:
                c["_censored"] = matches[-1][1]
        scored.append(dict(c, score=score))
    censored = sum(1 for c in scored if "_censored" in c)
    return scored, {"injected": len(rows), "unseen": unseen, "censored": censored}


def write_pairs(path, scored, lv2):
    """Every pair with sanctiondb's score (and logic-v2's when it ran), for
    reading the misses and false alerts one by one."""
    fields = ["case_group", "schema", "quality", "is_match", "name1", "name2", "score"]
    if lv2 is not None:
        fields.append("logicv2")
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(fields)
        for c in scored:
            row = [c[k] for k in fields[:6]] + [f"{c['score']:.4f}"]
            if lv2 is not None:
                row.append(f"{lv2.get(pair_key(c), 0.0):.4f}")
            w.writerow(row)


def frozen_logicv2(bench):
    path = bench / "nk_name_bench_logicv2-frozen.csv"
    if not path.is_file():
        return {}
    out = {}
    for r in read_csv(path):
        out[(r["schema"], r["name1"], r["name2"])] = float(r["score"])
    return out


def load_logicv2_scores(path):
    if not path or not path.is_file():
        return None
    out = {}
    for r in read_csv(path):
        out[(r["schema"], r["name1"], r["name2"])] = float(r["score"])
    return out


def pair_key(c):
    # Upstream renamed some case groups since the frozen run; the pair itself
    # is the key.
    return (c["schema"], c["name1"], c["name2"])


def name_bench_report(scored, meta, frozen, lv2):
    out = []
    out.append("## name_bench pairs (nomenklatura contrib/name_bench, 826 pairs)\n")
    out.append(
        f"{meta['injected']} distinct name2 injected into a copy of lists/ "
        f"(kr/designations.csv rows); name1 screened once at threshold 0. "
        f"sanctiondb predicts a match when the injected entry scores >= {ALERT}. "
        f"{meta['unseen']} pairs had the injected entry outside the returned matches "
        f"(score taken as 0; {meta['censored']} of them with the last match shown >= {SWEEP[0]})."
    )
    out.append(
        f"logic-v2 (PyPI nomenklatura 4.17.4, default config) at {LOGICV2_THRESHOLD} and {ALERT}: "
        + ("scored in this run." if lv2 is not None else
           "**not run** (no venv: scripts/logicv2-venv.sh makes it).")
        + " frozen: upstream's own logic-v2 scores file (a newer logic-v2), on the "
        f"{sum(pair_key(c) in frozen for c in scored)} of {len(scored)} pairs it scored "
        "(the others are left out of its column).\n"
    )

    def systems(subset):
        cols = [("sanctiondb @0.80", [(c["is_match"] == "true", c["score"]) for c in subset], ALERT)]
        if lv2 is not None:
            pts = [(c["is_match"] == "true", lv2.get(pair_key(c), 0.0)) for c in subset]
            cols.append((f"logic-v2 @{LOGICV2_THRESHOLD}", pts, LOGICV2_THRESHOLD))
            cols.append((f"logic-v2 @{ALERT}", pts, ALERT))
        fpts = [(c["is_match"] == "true", frozen[pair_key(c)]) for c in subset if pair_key(c) in frozen]
        cols.append((f"frozen @{LOGICV2_THRESHOLD}", fpts, LOGICV2_THRESHOLD))
        return cols

    groups = [("all (headline)", scored)]
    groups.append(("without WEAK", [c for c in scored if c["quality"] != "WEAK"]))
    groups.append((
        "without WEAK, without KP/KR given-name-swap 'matches'",
        [c for c in scored if c["quality"] != "WEAK" and not korean_given_swap(c)],
    ))
    for key, label in (("case_group", "group"), ("schema", "schema")):
        for v in sorted({c[key] for c in scored}):
            groups.append((f"{label} {v}", [c for c in scored if c[key] == v]))
    for v in ("latin", "other"):
        groups.append((
            f"script {v}",
            [c for c in scored if (script_of(c["name1"] + c["name2"]) == v)],
        ))
    header = ["subset", "n", "match"]
    for name, _, _ in systems(scored[:1]):
        header += [f"{name} P", "R", "F1", "FPR"]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" * len(header))
    for label, subset in groups:
        row = [label, str(len(subset)), str(sum(c["is_match"] == "true" for c in subset))]
        for _, pts, thr in systems(subset):
            m = prf(pts, lambda s, t=thr: s >= t)
            row += [fmt(m["P"]), fmt(m["R"]), fmt(m["F1"]), fmt(m["FPR"])]
        out.append("| " + " | ".join(row) + " |")

    out.append("\nThreshold sweep (all pairs, from the threshold-0 scores):\n")
    header = ["threshold", "sanctiondb P", "R", "F1", "FPR"]
    if lv2 is not None:
        header += ["logic-v2 P", "R", "F1", "FPR"]
    header += ["frozen P", "R", "F1", "FPR"]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" * len(header))
    series = [[(c["is_match"] == "true", c["score"]) for c in scored]]
    if lv2 is not None:
        series.append([(c["is_match"] == "true", lv2.get(pair_key(c), 0.0)) for c in scored])
    series.append([(c["is_match"] == "true", frozen[pair_key(c)]) for c in scored if pair_key(c) in frozen])
    for t in SWEEP:
        row = [f"{t:.2f}"]
        for pts in series:
            m = prf(pts, lambda s, t=t: s >= t)
            row += [fmt(m["P"]), fmt(m["R"]), fmt(m["F1"]), fmt(m["FPR"])]
        out.append("| " + " | ".join(row) + " |")
    return out


# ---------------------------------------------------------------- yente


def load_export(binary, index, work):
    path = work / "export.jsonl"
    run([binary, "export", "--index", str(index), "-o", str(path)], stderr=subprocess.DEVNULL)
    entities = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            entities.append(json.loads(line))
    return entities


def by_name(entities):
    """normalised name -> entity ids holding it."""
    table = defaultdict(set)
    for e in entities:
        for n in e.get("names", []):
            table[norm_name(n["full"])].add(e["id"])
    return table


def dob_agrees(entity, dob):
    if not dob:
        return False
    for d in entity.get("birth_dates", []):
        lo, hi = d.get("from", ""), d.get("to", "")
        if lo[: len(dob)] <= dob <= hi[: len(dob)] or dob[:4] == lo[:4]:
            return True
    return False


def resolve(positives, entities, names):
    """Each untreated UN positive -> (entity id, accepted ids) or None when no
    UN entry carries the name any more (delisted). The entity is the UN entry
    listed under that name (date of birth breaks ties); accepted answers are it,
    any entity sharing one of its names (the same person on another list) and
    anyone listed under exactly the query name."""
    by_id = {e["id"]: e for e in entities}
    out = []
    for p in positives:
        key = norm_name(p["full_name"])
        same = names.get(key, set())
        un = [i for i in same if i.startswith("un:")]
        if not un:
            out.append(None)
            continue
        un.sort(key=lambda i: (not dob_agrees(by_id[i], p["date_of_birth"]), i))
        target = un[0]
        accepted = set(same)
        for n in by_id[target].get("names", []):
            accepted |= names.get(norm_name(n["full"]), set())
        out.append((target, accepted))
    return out


def treatment(untreated, treated):
    """Which upstream treatment turned `untreated` into `treated`, inferred by
    diffing the two names."""
    a, b = untreated["full_name"], treated["full_name"]
    tags = []
    if untreated["date_of_birth"] != treated["date_of_birth"]:
        tags.append("dob shifted")
    if a == b:
        return "name unchanged", tags
    if "?" in b and "?" not in a:
        return "non-ASCII to ?", tags
    if norm_name(a) == norm_name(b):
        return "reorder" if a.casefold() != b.casefold() else "case", tags
    stripped = "".join(ch for ch in a if ord(ch) < 128)
    if any(ord(ch) >= 128 for ch in a) and re.sub(r"\s+", " ", stripped).strip() == b.strip():
        return "non-ASCII removed", tags
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]:
            return "letter swap", tags
        return "other", tags
    single = re.sub(r"(\w)\1+", r"\1", a)
    if len(b) < len(a) and re.sub(r"(\w)\1+", r"\1", b) == single:
        return "doubled to single", tags
    if len(b) > len(a) and re.sub(r"(\w)\1+", r"\1", b) == single:
        return "duplicated letter", tags
    return "other", tags


def person_payees(rows, evidence):
    payees = []
    for i, r in enumerate(rows):
        p = {"id": str(i), "name": r["full_name"]}
        if evidence:
            p["dob"] = r.get("date_of_birth", "")
            p["country"] = r.get("nationality", "")
        payees.append(p)
    return payees


def positives_metrics(hits, resolved, n, threshold=ALERT, possible=False):
    """hit@1 and recall@5 counts. With `possible`, a first match that screen
    reports as a possible match (below the threshold, with its reason) counts too."""
    h1 = r5 = 0
    for i in range(n):
        target = resolved[i]
        matches = hits.get(str(i), [])
        accepted = target[1]
        top = matches[0] if matches else None
        if top and top[0] in accepted and (top[1] >= threshold or (possible and top[2] == "possible")):
            h1 += 1
        if any(m[0] in accepted for m in matches[:5]):
            r5 += 1
    return h1, r5


def yente(binary, index, bench, work, entities, lv2_screen):
    out = ["\n## yente screening cases (UN positives, ordinary-name negatives)\n"]
    untreated = read_csv(bench / "yente_positives_un_untreated.csv")
    treated = read_csv(bench / "yente_positives_un_treated.csv")
    names = by_name(entities)
    resolved_all = resolve(untreated, entities, names)
    keep = [i for i, r in enumerate(resolved_all) if r is not None]
    dropped = len(untreated) - len(keep)
    resolved = [resolved_all[i] for i in keep]
    out.append(
        f"{len(untreated)} UN persons; {dropped} not resolvable to a UN entry by their untreated "
        f"name (delisted since, or renamed) dropped; {len(keep)} kept. hit@1 = the first match is "
        f"the person (or the same person on another list, or someone listed under exactly that name) "
        f"and scores >= {ALERT}; \"or possible\": or is the possible match screen reports below "
        f"{ALERT} with its reason; recall@5 = one of the first five matches at threshold 0 is."
    )
    if lv2_screen is not None:
        out.append(
            "logic-v2: candidates = the 50 listed person names nearest by rapidfuzz WRatio over "
            f"`sanctiondb export`, each candidate entity scored; hit@1 at {LOGICV2_THRESHOLD}."
        )
    else:
        out.append("logic-v2 screening: **not run** (no venv).")
    out.append("")
    sets = {"untreated": [untreated[i] for i in keep], "treated": [treated[i] for i in keep]}
    kinds = [treatment(untreated[i], treated[i]) for i in keep]
    header = ["case set", "n", "evidence", "sanctiondb hit@1", "hit@1 or possible", "recall@5"]
    if lv2_screen is not None:
        header += [f"logic-v2 hit@1 (@{LOGICV2_THRESHOLD})", "recall@5"]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" * len(header))
    per_kind, lv2_kind = {}, {}
    for set_name, rows in sets.items():
        for evidence in (False, True):
            tag = f"{set_name}-{'ev' if evidence else 'name'}"
            hits = screen(binary, index, person_payees(rows, evidence), work, tag, 5)
            h1, r5 = positives_metrics(hits, resolved, len(rows))
            hp, _ = positives_metrics(hits, resolved, len(rows), possible=True)
            ev = "name + DOB + nationality" if evidence else "name only"
            row = [f"UN {set_name}", str(len(rows)), ev, fmt(share(h1, len(rows))),
                   fmt(share(hp, len(rows))), fmt(share(r5, len(rows)))]
            if lv2_screen is not None and set_name == "treated":
                lh = lv2_screen(rows, evidence, tag)
                lh1, lr5 = positives_metrics(lh, resolved, len(rows), LOGICV2_THRESHOLD)
                row += [fmt(share(lh1, len(rows))), fmt(share(lr5, len(rows)))]
                lv2_kind[evidence] = lh
            elif lv2_screen is not None:
                row += ["not run", "not run"]
            out.append("| " + " | ".join(row) + " |")
            if set_name == "treated":
                per_kind[evidence] = hits
    out.append("\nTreated UN positives by treatment (inferred by diffing untreated and treated):\n")
    header = ["treatment", "n", "hit@1 name only", "recall@5", "hit@1 with DOB + nationality", "recall@5"]
    if lv2_kind:
        header += ["logic-v2 hit@1 name only", "recall@5", "logic-v2 hit@1 with DOB + nat.", "recall@5"]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" * len(header))
    groups = defaultdict(list)
    for j, (kind, tags) in enumerate(kinds):
        groups[kind].append(j)
        for t in tags:
            groups[t].append(j)
    for kind in sorted(groups, key=lambda k: -len(groups[k])):
        idx = groups[kind]
        row = [kind, str(len(idx))]
        for hits, threshold in ((per_kind, ALERT), (lv2_kind, LOGICV2_THRESHOLD)):
            for evidence in (False, True):
                if evidence not in hits:
                    continue
                sub_hits = {str(k): hits[evidence].get(str(j), []) for k, j in enumerate(idx)}
                h1, r5 = positives_metrics(sub_hits, [resolved[j] for j in idx], len(idx), threshold)
                row += [fmt(share(h1, len(idx))), fmt(share(r5, len(idx)))]
        out.append("| " + " | ".join(row) + " |")

    out.append("\nNegatives (ordinary people; share of queries with any match >= 0.80, in brackets "
               "with any match screen reports at its default threshold, possible matches included):\n")
    header = ["case set", "n", "name only", "name + DOB + nationality"]
    if lv2_screen is not None:
        header += [f"logic-v2 @{LOGICV2_THRESHOLD} name only (first {LOGICV2_NEGATIVES})", "with DOB + nat."]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" * len(header))
    for label, file in (
        ("yente global 1k", "yente_negatives_global_1k.csv"),
        ("yente us 1k", "yente_negatives_us_1k.csv"),
        ("hangul extra", "yente_negatives_hangul_extra.csv"),
        ("US Congress (untreated)", "yente_positives_us_congress_untreated.csv"),
    ):
        rows = read_csv(bench / file)
        row = [label, str(len(rows))]
        for evidence in (False, True):
            hits = screen(binary, index, person_payees(rows, evidence), work,
                          f"neg-{file}-{evidence}", 1, threshold=ALERT)
            alerts = sum(1 for v in hits.values() if any(m[1] >= ALERT for m in v))
            reported = sum(1 for v in hits.values() if v)
            row.append(f"{fmt(share(alerts, len(rows)))} ({fmt(share(reported, len(rows)))})")
        if lv2_screen is not None:
            sample = rows[:LOGICV2_NEGATIVES]
            for evidence in (False, True):
                lh = lv2_screen(sample, evidence, f"neg-{file}-{evidence}")
                row.append(fmt(share(sum(1 for v in lh.values() if v and v[0][1] >= LOGICV2_THRESHOLD), len(sample))))
        out.append("| " + " | ".join(row) + " |")
    return out


def logicv2_screener(python, export, work):
    """Screens queries with scripts/logicv2-score.py in the logic-v2 venv."""
    script = ROOT / "scripts" / "logicv2-score.py"

    def screen_lv2(rows, evidence, tag):
        queries = work / f"lv2-{tag}.csv"
        with open(queries, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=["full_name", "date_of_birth", "nationality"],
                               lineterminator="\n", extrasaction="ignore")
            w.writeheader()
            w.writerows(rows)
        cmd = [python, str(script), "screen", str(export), str(queries)]
        if evidence:
            cmd.append("--evidence")
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        hits = {}
        for line in out.splitlines():
            d = json.loads(line)
            hits[d["id"]] = [(e, s, None) for e, s in d["matches"]]
        return hits

    return screen_lv2


# ---------------------------------------------------------------- main


def machine(binary):
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    return f"{cpu}, {os.cpu_count()} cores; {version} ({binary})"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", required=True)
    ap.add_argument("--bench", default=str(ROOT / "benches" / "public"))
    ap.add_argument("--lists", default=str(ROOT / "lists"))
    ap.add_argument("--logicv2-scores", help="CSV from scripts/logicv2-score.py (pairs)")
    ap.add_argument("--logicv2-python", help="the logic-v2 venv's python: screen yente cases with it")
    ap.add_argument("--limit", type=int, default=50, help="matches kept per name1 (name_bench)")
    ap.add_argument("--keep", help="a new folder to keep the work files in (index, screen output)")
    ap.add_argument("--pairs-out", help="write every name_bench pair with its score here (CSV)")
    ap.add_argument("--only-pairs", action="store_true", help="stop after the name_bench pairs")
    args = ap.parse_args()
    binary = str(pathlib.Path(args.binary).resolve())
    bench = pathlib.Path(args.bench)
    lists = pathlib.Path(args.lists)
    lv2 = load_logicv2_scores(pathlib.Path(args.logicv2_scores) if args.logicv2_scores else None)

    if args.keep:
        work = pathlib.Path(args.keep)
        work.mkdir(parents=True)
    else:
        work = pathlib.Path(tempfile.mkdtemp(prefix="public-bench-"))
    try:
        print("# Public benchmark: sanctiondb vs logic-v2\n")
        print(f"Machine: {machine(binary)}\n")
        scored, meta = name_bench(binary, bench, lists, work, args.limit)
        report = name_bench_report(scored, meta, frozen_logicv2(bench), lv2)
        print("\n".join(report))
        sys.stdout.flush()
        if args.pairs_out:
            write_pairs(pathlib.Path(args.pairs_out), scored, lv2)
        if args.only_pairs:
            return
        # The yente cases run on an index of the shipped lists as they are, so
        # that no injected name_bench entry can answer them.
        clean = work / "idx-clean"
        run([binary, "build", "--lists", str(lists), "--index", str(clean), "-q"],
            stdout=subprocess.DEVNULL)
        entities = load_export(binary, clean, work)
        lv2_screen = None
        if args.logicv2_python:
            lv2_screen = logicv2_screener(args.logicv2_python, work / "export.jsonl", work)
        print("\n".join(yente(binary, clean, bench, work, entities, lv2_screen)))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
