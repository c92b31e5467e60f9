#!/usr/bin/env python3
"""Writes src/normalize/data/org_types.tsv, the legal forms of companies that
OpenSanctions' rigour library keeps (resources/names/org_types.yml, MIT
licence), for src/normalize/legal_forms.rs to read beside its own table.

Only the forms rigour classes as companies are kept, as the kind
legal_forms.rs gives them: LLC (limited liability), JSC (joint stock), LP,
LLP and GP (partnerships). State enterprises, cooperatives, associations,
sole traders and financial types are left out: their words (`State
Enterprise`, `Cooperative`, `Bank`) say what an organisation is, and a name
must keep them.

usage: scripts/make-legal-forms.py RIGOUR_CHECKOUT > src/normalize/data/org_types.tsv
(needs PyYAML; the checkout's commit is written into the file's header)
"""
import pathlib
import subprocess
import sys

import yaml

KINDS = {"LLC": "llc", "JSC": "jsc", "LP": "partnership", "LLP": "partnership", "GP": "partnership"}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-2])
    repo = pathlib.Path(sys.argv[1])
    path = repo / "resources" / "names" / "org_types.yml"
    commit = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip() or "unknown"
    types = yaml.safe_load(path.read_text(encoding="utf-8"))["types"]
    out = sys.stdout
    out.write("# Legal forms of companies from OpenSanctions' rigour, resources/names/org_types.yml\n")
    out.write(f"# (https://github.com/opensanctions/rigour, MIT licence), commit {commit}.\n")
    out.write("# Written by scripts/make-legal-forms.py; do not edit by hand.\n")
    out.write("# kind<TAB>form (rigour's compare, else display)<TAB>spellings, ' | ' between them\n")
    kept = 0
    for t in types:
        kind = KINDS.get(t.get("generic") or "")
        form = t.get("compare") or t.get("display")
        if kind is None or not form:
            continue
        spellings = []
        for s in [t.get("display") or ""] + list(t.get("aliases") or []):
            s = " ".join(str(s).split())
            if s and "|" not in s and s not in spellings:
                spellings.append(s)
        out.write(f"{kind}\t{form}\t{' | '.join(spellings)}\n")
        kept += 1
    print(f"{kept} of {len(types)} types kept", file=sys.stderr)


if __name__ == "__main__":
    main()
