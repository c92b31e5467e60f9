#!/usr/bin/env python3
"""Writes the labelled cases of the quality benchmark, benches/quality/cases.tsv.

The cases come from the shipped lists (lists/un, lists/ofac, lists/kr) and from the
variant table benches/quality/variants.tsv, which is transcribed from the research
notes (korean-names.md §2.2, §3.2, §5). Nothing here looks at what sanctiondb's
matcher returns: a case says what a correct screening answer is, not what the
matcher does today.

Output: a tab-separated file with a header row and the columns
  category  query  expected  note
`expected` is empty for the negative categories (neg_*), and otherwise the id of the
entity the case was made from, followed, `|`-separated, by every other entity that
carries a name identical to the name the case was made from (same words after case
folding, accent and apostrophe removal, in any order). The UN and OFAC lists are
separate sources with separate ids (`un:KPi.052` and `ofac:21735` are both RI Su
Yong), so a respelled "Lee Su Yong" is a correct hit on either; the benchmark counts
a hit when the result is any of these ids. Besides identical names, a case accepts
(see Builder.accepted) entities carrying the origin's primary name, organisations
whose names differ only in legal forms or Korea/Choson, and Korean persons whose
names may be the same Korean name under variants.tsv, syllable by syllable in either
script: RI PYONG CHUL (UN) and RI, Pyong Chol (OFAC), HWANG Pyong So (OFAC) and
the KR entry 황병서, which the KR list gives only in Hangul.

Categories (the `note` column says how each case was made):
  exact_primary, alias          listed names as written (strong aliases not shared by two entities)
  dprk_rr_respelling            DPRK persons respelled syllable by syllable: Revised Romanization given
                                names, passport surnames (Jong -> Jeong, Ri -> Lee/Yi)
  mr_apostrophe                 the same persons in McCune-Reischauer as OFAC writes it (Cho'ng-sik),
                                with the given name joined (Kim Jongsik) or everything joined (Kimjongsik)
  hangul                        KR-list Hangul names; Hangul of UN/OFAC entries cited in the research
  one_typo                      one substitution, transposition or deletion in a listed primary name
  org_wording                   DPRK organisations: Corp./Co./Trdg, legal form dropped, Korea <-> Choson,
                                head noun in Korean (Bank -> Unhaeng, Trading Corporation -> Muyok Hoesa)
  kr_other_romanization         every romanization the KR list gives for an entry
  non_korean_variants           other persons: Given SURNAME order, a typo, a transliteration variant
  joined_words                  UN/OFAC persons and organisations with two adjacent words written as one
  initials                      other persons (OFAC `SURNAME, Given Middle`) as `Given M. SURNAME`
  legal_form                    other organisations: designator words abbreviated, spelt out or dropped (§5)
  cyrillic                      Russian persons listed in Latin only, written in Cyrillic (BGN/PCGN read back)
  neg_korean_hangul/_latin      ordinary Korean names that no listed name equals under variants.tsv
  neg_other                     ordinary names of other origins that are not listed names
  neg_korean_near_miss          a listed DPRK name with one given syllable changed to a non-variant

Deterministic: every random choice comes from random.Random seeded with SEED and the
category name. Python 3.11 standard library only.

Usage: scripts/make-quality-cases.py [--lists lists] [--out benches/quality/cases.tsv]
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import random
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 20260227

# Cases per category (an upper bound: fewer where the lists do not have that many).
TARGET = 200
NEG_TARGET = 150

# --------------------------------------------------------------------------- folding

APOSTROPHES = set("'’‘ʼʻ`´ʹ′")


def is_hangul(c: str) -> bool:
    return "\uac00" <= c <= "\ud7a3"


def fold(text: str) -> str:
    """Lower-case words without accents or apostrophes; each Hangul syllable a word."""
    out = []
    for c in unicodedata.normalize("NFKC", text):
        if is_hangul(c):
            out.append(f" {c} ")
            continue
        for d in unicodedata.normalize("NFKD", c.lower()):
            if unicodedata.combining(d) or d in APOSTROPHES:
                continue
            out.append(d if d.isalnum() else " ")
    return " ".join("".join(out).split())


def key(text: str) -> tuple[str, ...]:
    """Order-insensitive identity of a name: its folded words, sorted."""
    return tuple(sorted(fold(text).split()))


def is_latin(text: str) -> bool:
    folded = fold(text)
    return bool(folded) and all(c.isascii() for c in folded)


def letters(text: str) -> int:
    return sum(c.isalpha() for c in fold(text))


def collapse(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- lists


@dataclass
class Entity:
    id: str
    source: str  # un | ofac | kr
    schema: str  # person | organization | vessel | aircraft
    primary: str
    names: list[tuple[str, str]] = field(default_factory=list)  # (text, kind)
    programs: list[str] = field(default_factory=list)
    remarks: str = ""
    nationality: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # of its addresses
    parts: list[str] = field(default_factory=list)  # UN name fields, in order
    strong_aliases: list[tuple[str, str]] = field(default_factory=list)  # (text, how)
    kr_hangul: str = ""
    kr_alts: list[str] = field(default_factory=list)
    kr_roms: list[tuple[str, str]] = field(default_factory=list)  # (romanization, source tag)

    def add(self, text: str, kind: str) -> None:
        text = collapse(text)
        if text:
            self.names.append((text, kind))


def split_alias(text: str) -> list[str]:
    """UN alias fields may hold `A; B` and `Name (other-script name)`."""
    out = []
    for piece in text.split(";"):
        piece = piece.strip().strip('"').strip()
        if not piece:
            continue
        m = re.fullmatch(r"(.*?)\s*\(([^()]*)\)", piece)
        if m and m.group(1) and is_latin(m.group(1)) != is_latin(m.group(2)):
            out += [m.group(1).strip(), m.group(2).strip()]
        else:
            out.append(piece)
    return out


def load_un(path: Path) -> list[Entity]:
    root = ET.parse(path).getroot()
    entities = []
    for group, tag, schema in (
        ("INDIVIDUALS", "INDIVIDUAL", "person"),
        ("ENTITIES", "ENTITY", "organization"),
    ):
        for rec in root.find(group).findall(tag):
            ref = (rec.findtext("REFERENCE_NUMBER") or "").strip()
            parts = [
                collapse(rec.findtext(f) or "")
                for f in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
            ]
            parts = [p for p in parts if p and p.lower() not in ("na", "n/a")]
            if not ref or not parts:
                continue
            e = Entity(f"un:{ref}", "un", schema, " ".join(parts), parts=parts)
            e.add(e.primary, "primary")
            e.programs = [(rec.findtext("UN_LIST_TYPE") or "").strip()]
            e.nationality = [v.text.strip() for v in rec.findall("NATIONALITY/VALUE") if v.text]
            e.countries = [c.text.strip() for c in rec.findall(f"{tag}_ADDRESS/COUNTRY") if c.text]
            for original in rec.findall("NAME_ORIGINAL_SCRIPT"):
                for n in split_alias(original.text or ""):
                    e.add(n, "alias")
            for alias in rec.findall(f"{tag}_ALIAS"):
                quality = (alias.findtext("QUALITY") or "").strip()
                text = collapse(alias.findtext("ALIAS_NAME") or "")
                if not text:
                    continue
                q = quality.lower()
                kind = "weak" if q == "low" else "former" if q.startswith("f.k.a") else "alias"
                for n in split_alias(text):
                    e.add(n, kind)
                # Strong aliases for the `alias` category: one name per field.
                if q in ("good", "a.k.a.") and ";" not in text and "(" not in text:
                    e.strong_aliases.append((text.strip('"'), f"UN alias, quality {quality}"))
            entities.append(e)
    return entities


def ofac_value(cell: str) -> str:
    cell = cell.strip()
    return "" if cell == "-0-" else cell


OFAC_SCHEMA = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft"}


def remark_akas(remarks: str) -> list[str]:
    return re.findall(r"a\.k\.a\.,? '([^']+)'", remarks)


def load_ofac(folder: Path) -> list[Entity]:
    by_id: dict[str, Entity] = {}
    with io.open(folder / "sdn.csv", encoding="latin-1", newline="") as f:
        for row in csv.reader(f):
            if len(row) < 12:
                continue
            ent, name = row[0].strip(), ofac_value(row[1])
            if not ent or not name:
                continue
            schema = OFAC_SCHEMA.get(ofac_value(row[2]).lower(), "organization")
            e = Entity(f"ofac:{ent}", "ofac", schema, collapse(name))
            e.add(e.primary, "primary")
            e.programs = [p.strip(" []") for p in re.split(r"\]\s*\[", ofac_value(row[3])) if p.strip(" []")]
            e.remarks = ofac_value(row[11])
            for aka in remark_akas(e.remarks):
                e.add(aka, "weak")
            by_id[e.id] = e
    with io.open(folder / "alt.csv", encoding="latin-1", newline="") as f:
        for row in csv.reader(f):
            if len(row) < 4:
                continue
            e = by_id.get(f"ofac:{row[0].strip()}")
            name = ofac_value(row[3])
            if e is None or not name:  # alias of a primary row missing from sdn.csv
                continue
            typ = ofac_value(row[2]).lower().replace(".", "")
            remarks = ofac_value(row[4]) if len(row) > 4 else ""
            kind = "former" if typ == "fka" else "alias"
            if "weak" in remarks.lower():
                kind = "weak"
            e.add(name, kind)
            if typ == "aka" and kind == "alias":
                e.strong_aliases.append((collapse(name), "OFAC alt.csv aka"))
    with io.open(folder / "add.csv", encoding="latin-1", newline="") as f:
        for row in csv.reader(f):
            e = by_id.get(f"ofac:{row[0].strip()}") if len(row) >= 5 else None
            if e is not None and ofac_value(row[4]):
                e.countries.append(ofac_value(row[4]))
    load_ofac_consolidated(folder / "consolidated.xml", by_id)
    return list(by_id.values())


def load_ofac_consolidated(path: Path, by_id: dict[str, Entity]) -> None:
    """The non-SDN list (sdnList XML); uids share the SDN space."""
    if not path.exists():
        return
    root = ET.parse(path).getroot()
    ns = {"o": root.tag.split("}")[0].strip("{")} if root.tag.startswith("{") else {}
    q = (lambda t: f"o:{t}") if ns else (lambda t: t)

    def layout(node) -> str:
        last = collapse(node.findtext(q("lastName"), "", ns))
        first = collapse(node.findtext(q("firstName"), "", ns))
        return f"{last}, {first}" if last and first else last

    for entry in root.findall(q("sdnEntry"), ns):
        uid = (entry.findtext(q("uid"), "", ns) or "").strip()
        name = layout(entry)
        if not uid or not name:
            continue
        eid = f"ofac:{uid}"
        e = by_id.get(eid)
        if e is None:
            typ = (entry.findtext(q("sdnType"), "", ns) or "").strip().lower()
            e = Entity(eid, "ofac", OFAC_SCHEMA.get(typ, "organization"), name)
            e.add(name, "primary")
            by_id[eid] = e
        e.programs += [p.text.strip() for p in entry.findall(f"{q('programList')}/{q('program')}", ns) if p.text]
        for aka in entry.findall(f"{q('akaList')}/{q('aka')}", ns):
            text = layout(aka)
            category = (aka.findtext(q("category"), "", ns) or "").strip().lower()
            typ = (aka.findtext(q("type"), "", ns) or "").strip().lower()
            if not text:
                continue
            kind = "weak" if category == "weak" else "former" if typ.startswith("f.k.a") else "alias"
            e.add(text, kind)
            if kind == "alias" and typ == "a.k.a.":
                e.strong_aliases.append((text, "OFAC consolidated.xml strong a.k.a."))


def strip_tag(value: str) -> str:
    return collapse(re.sub(r"\s*\[[^\]]*\]\s*$", "", value))


KR_SCHEMA = {"individual": "person", "entity": "organization", "vessel": "vessel"}


def load_kr(path: Path) -> list[Entity]:
    entities = []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            hangul = collapse(row["hangul"])
            roms = [strip_tag(r) for r in row["romanizations"].split("|") if strip_tag(r)]
            alts = [strip_tag(a) for a in row["alt_hangul"].split("|") if strip_tag(a)]
            primary = hangul or (roms[0] if roms else "")
            if not primary:
                continue
            e = Entity(f"kr:{row['id']}", "kr", KR_SCHEMA.get(row["type"], "organization"), primary)
            e.add(primary, "primary")
            for a in alts:
                e.add(a, "alias")
            for r in roms[0 if hangul else 1 :]:
                e.add(r, "alias")
            e.kr_hangul = hangul
            e.kr_alts = alts
            for r in row["romanizations"].split("|"):
                tag = re.search(r"\[([^\]]*)\]\s*$", r)
                if strip_tag(r):
                    e.kr_roms.append((strip_tag(r), tag.group(1) if tag else ""))
            e.nationality = [n for n in row["nationality"].split("|") if n]
            entities.append(e)
    return entities


# --------------------------------------------------------------------------- variants


@dataclass
class Spelling:
    text: str  # as transcribed (MR keeps breves and apostrophes)
    folded: str  # fold(text) without spaces
    cols: list[str]


class Variants:
    """benches/quality/variants.tsv: Hangul forms and their spellings, org words."""

    def __init__(self, path: Path):
        self.surname: dict[str, list[Spelling]] = {}
        self.syllable: dict[str, list[Spelling]] = {}
        self.partner: dict[str, set[str]] = defaultdict(set)  # 이 <-> 리 (두음법칙)
        self.orgword: list[tuple[str, str, str]] = []
        self.translit: dict[str, list[str]] = defaultdict(list)
        self.by_spelling: dict[str, set[str]] = defaultdict(set)
        with open(path, encoding="utf-8") as f:
            rows = [l.rstrip("\n").split("\t") for l in f if l.strip() and not l.startswith("#")]
        for kind, a, b, source in rows[1:]:
            cols = [c.strip() for c in source.split(" ", 1)[-1].split(",")]
            if kind in ("surname", "syllable"):
                if all(is_hangul(c) for c in b):
                    self.partner[a].add(b)
                    self.partner[b].add(a)
                    continue
                table = self.surname if kind == "surname" else self.syllable
                sp = Spelling(b, fold(b).replace(" ", ""), cols)
                table.setdefault(a, []).append(sp)
                self.by_spelling[sp.folded].add(a)
            elif kind == "orgword":
                self.orgword.append((a, b, source))
            elif kind == "translit":
                self.translit[a].append(b)
        self.max_len = max(len(s) for s in self.by_spelling)

    # -- equivalence

    def close(self, hangul: set[str]) -> frozenset[str]:
        out = set(hangul)
        for h in hangul:
            out |= self.partner.get(h, set())
        return frozenset(out)

    def hubs(self, token: str) -> frozenset[str]:
        """The Hangul forms a folded token may stand for (empty: not Korean)."""
        if token and all(is_hangul(c) for c in token):
            return self.close({token})
        return self.close(self.by_spelling.get(token, set()))

    def segment(self, token: str) -> list[str] | None:
        """A joined given name (`yongwon`) as syllable spellings, fewest pieces."""
        best: dict[int, list[str]] = {0: []}
        for end in range(1, len(token) + 1):
            for start in range(max(0, end - self.max_len), end):
                if start in best and token[start:end] in self.by_spelling:
                    cand = best[start] + [token[start:end]]
                    if end not in best or len(cand) < len(best[end]):
                        best[end] = cand
        return best.get(len(token))

    def syllable_tokens(self, text: str) -> list[str] | None:
        """Folded tokens of a name, joined ones split into syllables; None if not Korean."""
        out = []
        for tok in fold(text).split():
            if self.hubs(tok):
                out.append(tok)
                continue
            pieces = self.segment(tok)
            if not pieces or len(pieces) > 4:
                return None
            out += pieces
        return out or None

    # -- reading and writing

    @staticmethod
    def _rank(cols: list[str], order: list[str]) -> int:
        return min((order.index(c) for c in cols if c in order), default=len(order))

    def read(self, token: str, table: str) -> str | None:
        """The Hangul form a list spelling most likely writes (DPRK forms first)."""
        rows = self.surname if table == "surname" else self.syllable
        order = ["DPRK", "DPRK medial", "MR-ASCII", "seen", "MR", "MR medial", "RR", "passport"]
        best = None
        for i, (h, spellings) in enumerate(rows.items()):
            # Spellings seen in UN/OFAC entries first (호 before 허 for "ho"), then DPRK forms.
            seen = any(sp.folded == token and "seen" in sp.cols for sp in spellings)
            for sp in spellings:
                if sp.folded == token:
                    cand = (not seen, self._rank(sp.cols, order), i, h)
                    best = min(best, cand) if best else cand
        return best[3] if best else None

    def spell(self, hangul: str, table: str, col: str, nth: int = 0) -> str | None:
        rows = self.surname if table == "surname" else self.syllable
        found = [sp.text for sp in rows.get(hangul, []) if col in sp.cols]
        return found[nth] if len(found) > nth else None

    def spell_any(self, hangul: str, col: str, nth: int = 0) -> str | None:
        """A syllable spelling, falling back to the surname table."""
        return self.spell(hangul, "syllable", col, nth) or self.spell(hangul, "surname", col, nth)


def mr_ofac(mr: str) -> str:
    """MR with breves as OFAC writes it in ASCII: ŏ -> o', ŭ -> u'."""
    return mr.replace("ŏ", "o'").replace("ŭ", "u'").replace("Ŏ", "O'").replace("Ŭ", "U'")


def cap(word: str) -> str:
    return word[:1].upper() + word[1:]


# --------------------------------------------------------------------------- cases


@dataclass
class Case:
    category: str
    query: str
    expected: list[str]
    note: str


class Builder:
    def __init__(self, entities: list[Entity], variants: Variants):
        self.entities = entities
        self.v = variants
        self.by_id = {e.id: e for e in entities}
        self.name_index: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for e in entities:
            for text, _ in e.names:
                self.name_index[key(text)].add(e.id)
        self.korean_names = self._korean_listed_names()
        # Organisation names compared without legal forms, Korea = Choson = Chosun,
        # TRDG = TRADING (orgword rows of variants.tsv).
        self.legal_forms = {fold(a) for a, b, _ in variants.orgword if not b}
        self.org_fold = {fold(b): fold(a) for a, b, s in variants.orgword
                         if b and " " not in a and " " not in b and ("Designator" in s or a == "korea")}
        self.org_fold.update({"korean": "korea"})
        # Who carries each Hangul name (the KR list), for the research's
        # Hangul <-> UN/OFAC pairs (RESEARCH_HANGUL).
        self.hangul_owners: dict[str, set[str]] = defaultdict(set)
        for e in entities:
            for text, _ in e.names:
                if any(is_hangul(c) for c in text):
                    self.hangul_owners[fold(text).replace(" ", "")].add(e.id)
        self.org_index: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for e in entities:
            if e.schema == "organization":
                for text, _ in e.names:
                    self.org_index[self.org_key(text)].add(e.id)

        # Every Korean person name, as the Hangul each syllable may stand for, by
        # length: the variant-equivalence expansion in accepted() looks them up.
        self.person_syllables: dict[int, list[tuple[str, list[frozenset[str]]]]] = defaultdict(list)
        for e in entities:
            if e.schema != "person":
                continue
            for text, _ in e.names:
                sylls = self.person_hubs(text)
                if sylls:
                    self.person_syllables[len(sylls)].append((e.id, sylls))

    def rng(self, category: str) -> random.Random:
        return random.Random(f"{SEED}-{category}")

    # -- expectations

    def accepted(self, origin: str, *names: str) -> list[str]:
        """The origin entity, then every entity that carries one of these names or
        the origin's primary name: the identical name (any word order); for an
        organisation, the same name once legal forms are dropped and Korea/Choson
        folded (KOREAN TANGUN TRADING CORPORATION ~ KOREA TANGUN TRADING
        CORPORATION); for a person, a name that may be the same Korean name under
        variants.tsv, in either script (RI PYONG CHUL ~ RI, Pyong Chol ~ 리병철)."""
        ids = {origin}
        schema = self.by_id[origin].schema
        for n in (*names, self.by_id[origin].primary):
            ids |= self.name_index.get(key(n), set())
            if schema == "organization" and len(self.org_key(n)) >= 2:
                ids |= self.org_index.get(self.org_key(n), set())
            if schema == "person":
                ids |= self.same_person_name(n)
        # The same body on the KR list, where the research document pairs its
        # Hangul with one of these UN/OFAC entries.
        for hangul, research_ids, _ in RESEARCH_HANGUL:
            if ids & set(research_ids):
                ids |= self.hangul_owners.get(hangul, set())
        return [origin] + sorted(ids - {origin})

    def korean_tokens(self, name: str) -> list[str] | None:
        """A Latin person name as surname + given-name syllables (`SURNAME, Given` or
        surname first), or None when it does not read as Korean."""
        if "," in name:
            surname, given = name.split(",", 1)
        else:
            surname, _, given = fold(name).partition(" ")
        s = fold(surname).split()
        g = self.v.syllable_tokens(given)
        if len(s) != 1 or not self.v.hubs(s[0]) or not g:
            return None
        return s + g

    def person_hubs(self, name: str) -> list[frozenset[str]] | None:
        """A Korean person name, surname first, as the Hangul each syllable may be:
        a Hangul name syllable by syllable (김정은), or a Latin one read with
        variants.tsv (KIM, Jong Un). None when the name does not read as Korean."""
        text = collapse(name)
        if 2 <= len(text) <= 4 and all(is_hangul(c) for c in text):
            return [self.v.close({h}) for h in text]
        toks = self.korean_tokens(text)
        return [self.v.hubs(t) for t in toks] if toks else None

    def same_person_name(self, name: str) -> set[str]:
        """Persons with a name that, syllable by syllable in the same order, may be
        the same Korean name as this one under variants.tsv: RI PYONG CHUL and RI,
        Pyong Chol; HWANG Pyong So and the KR entry 황병서 (given only in Hangul)."""
        sylls = self.person_hubs(name)
        if not sylls:
            return set()
        return {i for i, other in self.person_syllables.get(len(sylls), [])
                if all(a & b for a, b in zip(sylls, other))}

    def org_key(self, name: str) -> tuple[str, ...]:
        out = []
        # A trailing abbreviation in parentheses, "(KKBC)", names the same body.
        name = re.sub(r"\s*\([^)]*\)\s*$", "", name)
        for tok in fold(name).split():
            tok = self.org_fold.get(tok, tok)
            if tok not in self.legal_forms:
                out.append(tok)
        return tuple(sorted(out))

    def someone_elses(self, query: str, accepted: list[str]) -> bool:
        """True when the query is exactly a listed name of an entity not accepted."""
        return bool(self.name_index.get(key(query), set()) - set(accepted))

    def own_name(self, query: str, entity_ids: list[str]) -> bool:
        q = fold(query)
        return any(fold(t) == q for i in entity_ids for t, _ in self.by_id[i].names)

    # -- Korean name equivalence, for the negatives

    def _korean_listed_names(self):
        """Listed names that read as Korean syllables, by length, with a Hangul -> names index."""
        names: dict[int, list[list[frozenset[str]]]] = defaultdict(list)
        by_hub: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        for e in self.entities:
            for text, _ in e.names:
                toks = self.v.syllable_tokens(text)
                if toks:
                    n = len(toks)
                    hubs = [self.v.hubs(t) for t in toks]
                    for h in set().union(*hubs):
                        by_hub[n][h].add(len(names[n]))
                    names[n].append(hubs)
        return names, by_hub

    def listed_under_variants(self, syllables: list[frozenset[str]]) -> bool:
        """Some listed name is these syllables, spelled any way variants.tsv allows."""
        n = len(syllables)
        names, by_hub = self.korean_names
        candidates = None
        for syll in syllables:
            having = set().union(*(by_hub[n].get(h, set()) for h in syll)) if syll else set()
            candidates = having if candidates is None else candidates & having
        for i in sorted(candidates or ()):
            listed = names[n][i]
            perms = itertools.permutations(range(n)) if n <= 4 else [range(n)]
            for p in perms:
                if all(syllables[i] & listed[j] for i, j in enumerate(p)):
                    return True
        return False

    # -- DPRK persons

    def dprk_persons(self) -> list[dict]:
        """UN KPi.* and OFAC DPRK* persons with a Korean name, one per distinct name."""
        groups: dict[tuple[str, ...], dict] = {}
        for e in self.entities:
            if e.schema != "person" or not self.is_dprk_person(e):
                continue
            parsed = self.parse_korean(e)
            if not parsed:
                continue
            k = key(e.primary)
            if k not in groups:
                groups[k] = {"entity": e, **parsed}
        return list(groups.values())

    def is_dprk_person(self, e: Entity) -> bool:
        if e.source == "un":
            return e.id.startswith("un:KPi.") and all("korea" in n.lower() for n in e.nationality)
        if e.source != "ofac":
            return False
        dprk = any(p.startswith("DPRK") for p in e.programs) or "nationality Korea, North" in e.remarks
        countries = re.findall(r"(?:nationality|Citizen|citizen) ([^;]+)", e.remarks)
        countries += re.findall(r"POB [^;]*?,\s*([^;,]+?)\s*(?:;|$)", e.remarks)
        countries += re.findall(r"Passport [^;]*?\(([^)]+)\)", e.remarks)
        return dprk and all("korea" in c.lower() for c in countries)

    @staticmethod
    def is_dprk_org(e: Entity) -> bool:
        """A North Korean organisation on the DPRK lists (not a foreign front company)."""
        listed = e.id.startswith("un:KPe.") or (e.source == "ofac" and any(p.startswith("DPRK") for p in e.programs))
        north = any(re.search(r"korea, north|democratic people|dprk|north korea", c, re.IGNORECASE) for c in e.countries)
        named = re.search(r"(?<![a-z])(korean?|choson|chosun|pyongyang)(?![a-z])", fold(e.primary))
        return listed and bool(north or named)

    def parse_korean(self, e: Entity) -> dict | None:
        if e.source == "un":
            surname, given = e.parts[0], " ".join(e.parts[1:])
        elif "," in e.primary:
            surname, given = e.primary.split(",", 1)
        else:
            return None
        s_toks = fold(surname).split()
        if len(s_toks) != 1:
            return None
        s_hangul = self.v.read(s_toks[0], "surname")
        g_toks = self.v.syllable_tokens(given)
        if not s_hangul or not g_toks:
            return None
        g_hangul = [self.v.read(t, "syllable") for t in g_toks]
        if None in g_hangul:
            return None
        return {"surname": s_toks[0], "s_hangul": s_hangul, "given": g_toks, "g_hangul": g_hangul}

    # ------------------------------------------------------------------ categories

    def sample(self, items: list, n: int, rng: random.Random) -> list:
        if len(items) <= n:
            return list(items)
        picked = sorted(rng.sample(range(len(items)), n))
        return [items[i] for i in picked]

    def exact_primary(self) -> list[Case]:
        rng = self.rng("exact_primary")
        quota = {"ofac": 110, "un": 50, "kr": 40}
        cases = []
        for source, n in quota.items():
            pool = [e for e in self.entities if e.source == source]
            for e in self.sample(pool, n, rng):
                cases.append(Case("exact_primary", e.primary, self.accepted(e.id, e.primary),
                                  f"{source} primary name as listed ({e.schema})"))
        return cases

    def alias(self) -> list[Case]:
        rng = self.rng("alias")
        quota = {"ofac": 120, "un": 80}
        cases = []
        for source, n in quota.items():
            pool = []
            for e in self.entities:
                if e.source != source:
                    continue
                for text, how in e.strong_aliases:
                    owners = self.name_index.get(key(text), set())
                    if owners != {e.id} or key(text) == key(e.primary):
                        continue  # shared by several entities, or the entity's primary name
                    pool.append((e, text, how))
            for e, text, how in self.sample(pool, n, rng):
                cases.append(Case("alias", text, self.accepted(e.id, text), f"{how} of {e.id} (primary '{e.primary}')"))
        return cases

    def dprk_rr_respelling(self, persons: list[dict]) -> list[Case]:
        rng = self.rng("dprk_rr_respelling")
        cases = []
        for p in persons:
            e = p["entity"]
            nth = 0 if rng.random() < 0.8 else 1
            surname = self.v.spell(p["s_hangul"], "surname", "seen", nth) or self.v.spell(p["s_hangul"], "surname", "seen")
            given = [self.v.spell_any(h, "RR") for h in p["g_hangul"]]
            if not surname or None in given:
                continue
            query = " ".join(cap(w) for w in [surname] + given)
            old = [p["surname"]] + p["given"]
            new = [fold(w) for w in [surname] + given]
            if old == new:
                continue
            acc = self.accepted(e.id, e.primary)
            if self.someone_elses(query, acc):
                continue
            changes = " ".join(f"{o}>{n}({h})" for o, n, h in zip(old, new, [p["s_hangul"]] + p["g_hangul"]) if o != n)
            cases.append(Case("dprk_rr_respelling", query, acc,
                              f"RR respelling of '{e.primary}': {changes}; surname as the "
                              f"{'most common' if nth == 0 else 'second'} §2.2 spelling, given syllables §3.2 RR"))
        return self.sample(cases, TARGET, rng)

    def mr_apostrophe(self, persons: list[dict]) -> list[Case]:
        rng = self.rng("mr_apostrophe")
        by_form: dict[str, list[Case]] = defaultdict(list)
        for p in persons:
            e = p["entity"]
            acc = self.accepted(e.id, e.primary)
            forms = {}
            # 1. McCune-Reischauer as OFAC writes it: Cho'ng, Ch'o'l, hyphenated given name.
            if self.v.partner.get(p["s_hangul"]):
                surname = cap(p["surname"])  # 리/림/류...: MR keeps the DPRK initial R
            else:
                surname = cap(mr_ofac(self.v.spell(p["s_hangul"], "surname", "MR") or p["surname"]))
            given = [self.v.spell_any(h, "MR") for h in p["g_hangul"]]
            if None not in given:
                forms["mr_hyphen"] = (f"{surname} {cap('-'.join(mr_ofac(g) for g in given))}",
                                      "MR with apostrophes (§3.2 MR initial forms, ŏ->o' ŭ->u'), given name hyphenated")
            # 2. Given name joined, in the listed spelling.
            if len(p["given"]) > 1:
                forms["joined"] = (f"{cap(p['surname'])} {cap(''.join(p['given']))}",
                                   "listed spelling, given name joined")
            # 3. Everything joined.
            forms["all_joined"] = (cap(p["surname"] + "".join(p["given"])), "listed spelling, all joined")
            for form, (query, how) in forms.items():
                if fold(query) == fold(e.primary) or self.someone_elses(query, acc):
                    continue
                extra = "; equals a listed alias" if self.own_name(query, acc) else ""
                by_form[form].append(Case("mr_apostrophe", query, acc, f"{how} of '{e.primary}'{extra}"))
        # An equal share of each form, up to TARGET.
        cases: list[Case] = []
        share = TARGET // max(1, len(by_form))
        for form in sorted(by_form):
            cases += self.sample(by_form[form], share, rng)
        return cases

    def near_miss(self, persons: list[dict]) -> list[Case]:
        rng = self.rng("neg_korean_near_miss")
        pool = sorted(h for h, sps in self.v.syllable.items() if any("seen" in sp.cols for sp in sps))
        cases = []
        for p in persons:
            e = p["entity"]
            if len(p["given"]) < 2:
                continue  # replacing a one-syllable given name is a different name, not a near miss
            pos = rng.randrange(len(p["given"]))
            orig = p["given"][pos]
            choices = list(pool)
            rng.shuffle(choices)
            for h in choices:
                new = self.v.spell(h, "syllable", "DPRK")
                if not new or self.v.hubs(new) & self.v.hubs(orig) or fold(new) == orig:
                    continue
                given = list(p["given"])
                given[pos] = fold(new)
                syllables = [self.v.hubs(t) for t in [p["surname"]] + given]
                if self.listed_under_variants(syllables):
                    continue
                query = " ".join(cap(w) for w in [p["surname"]] + given)
                cases.append(Case("neg_korean_near_miss", query, [],
                                  f"'{e.primary}' ({e.id}) with given syllable {orig} replaced by {fold(new)} ({h}, "
                                  f"no shared Hangul in variants.tsv); no listed name equals it under variants.tsv"))
                break
        return self.sample(cases, NEG_TARGET, rng)

    def hangul(self) -> list[Case]:
        rng = self.rng("hangul")
        hangul_owners: dict[str, set[str]] = defaultdict(set)
        for e in self.entities:
            for text, _ in e.names:
                if any(is_hangul(c) for c in text):
                    hangul_owners[fold(text).replace(" ", "")].add(e.id)
        research = []
        for hangul, ids, source in RESEARCH_HANGUL:
            present = [i for i in ids if i in self.by_id]
            if not present:
                print(f"warning: none of {ids} ({hangul}) is in the lists", file=sys.stderr)
                continue
            acc = set()
            for i in present:
                acc |= set(self.accepted(i, self.by_id[i].primary))
            acc |= hangul_owners.get(hangul, set())
            if self.by_id[present[0]].schema == "person":
                acc |= self.same_person_name(hangul)
            research.append(Case("hangul", hangul, [present[0]] + sorted(acc - {present[0]}),
                                 f"Hangul of {', '.join(present)} ('{self.by_id[present[0]].primary}') "
                                 f"from korean-names.md {source}"))
        listed = []
        done = {c.query for c in research}
        for e in self.entities:
            if e.source != "kr":
                continue
            for text in [e.kr_hangul] + e.kr_alts:
                if not text or not any(is_hangul(c) for c in text) or text in done:
                    continue
                h = fold(text).replace(" ", "")
                acc = {e.id} | hangul_owners.get(h, set())
                acc |= set(self.accepted(e.id, h))
                for r, _tag in e.kr_roms:
                    acc |= set(self.accepted(e.id, r)) if len(fold(r).split()) > 1 else set()
                for hangul, ids, _ in RESEARCH_HANGUL:
                    if hangul == h:
                        for i in ids:
                            if i in self.by_id:
                                acc |= set(self.accepted(i, self.by_id[i].primary))
                how = "Hangul primary" if text == e.kr_hangul else "alt_hangul"
                listed.append(Case("hangul", text, [e.id] + sorted(acc - {e.id}), f"KR {how} of {e.id} ({e.schema})"))
        return research + self.sample(listed, TARGET - len(research), rng)

    def one_typo(self) -> list[Case]:
        rng = self.rng("one_typo")
        quota = {"ofac": 130, "un": 50, "kr": 20}
        cases = []
        for source, n in quota.items():
            pool = [e for e in self.entities if e.source == source and is_latin(e.primary)
                    and letters(e.primary) >= 8 and re.search(r"[A-Za-z]{5,}", e.primary)]
            made = 0
            for e in self.sample(pool, n * 2, rng):
                if made >= n:
                    break
                typo = make_typo(e.primary, rng)
                if not typo:
                    continue
                query, how = typo
                acc = self.accepted(e.id, e.primary)
                if self.someone_elses(query, acc) or self.own_name(query, acc):
                    continue
                cases.append(Case("one_typo", query, acc, f"{how} in {source} primary '{e.primary}'"))
                made += 1
        return cases

    def org_wording(self) -> list[Case]:
        rng = self.rng("org_wording")
        orgs = {}
        for e in self.entities:
            if e.schema == "organization" and is_latin(e.primary) and self.is_dprk_org(e):
                orgs.setdefault(key(e.primary), e)
        cases = []
        for e in orgs.values():
            acc = self.accepted(e.id, e.primary)
            variants = org_variants(e.primary, self.v, rng)
            rng.shuffle(variants)
            taken = 0
            for query, how in variants:
                if taken == 2:
                    break
                if fold(query) == fold(e.primary) or self.someone_elses(query, acc) or len(fold(query).split()) < 1:
                    continue
                extra = "; equals a listed alias" if self.own_name(query, acc) else ""
                cases.append(Case("org_wording", query, acc, f"{how} of '{e.primary}'{extra}"))
                taken += 1
        return self.sample(cases, TARGET, rng)

    def kr_other_romanization(self) -> list[Case]:
        cases = []
        for e in self.entities:
            if e.source != "kr" or not e.kr_roms:
                continue
            for i, (rom, tag) in enumerate(e.kr_roms):
                acc = self.accepted(e.id, rom)
                which = "first romanization" if i == 0 else f"romanization #{i + 1}"
                primary = " (the primary name: no Hangul)" if not e.kr_hangul and i == 0 else ""
                cases.append(Case("kr_other_romanization", rom, acc,
                                  f"KR {which} [{tag}] of {e.id} '{e.primary}'{primary}"))
        return cases

    def non_korean_variants(self) -> list[Case]:
        rng = self.rng("non_korean_variants")
        groups = translit_groups(self.v)
        persons = [e for e in self.entities if e.schema == "person" and e.source in ("un", "ofac")
                   and not self.is_dprk_person(e) and not e.id.startswith("un:KP")
                   and not any(p.startswith("DPRK") for p in e.programs)
                   and is_latin(e.primary) and len(fold(e.primary).split()) >= 2
                   and not self.parse_korean(e)]  # Korean names on other programs (LEE, Dongjin) are not "non-Korean"
        by_op: dict[str, list[Case]] = defaultdict(list)
        for e in persons:
            acc = self.accepted(e.id, e.primary)
            ops = []
            if "," in e.primary:
                surname, given = e.primary.split(",", 1)
                ops.append((f"{given.strip()} {surname.strip()}", "reordered 'Given SURNAME'", "reorder"))
            t = translit_variant(e.primary, groups, rng)
            if t:
                ops.append((*t, "translit"))
            typo = make_typo(e.primary, rng)
            if typo:
                ops.append((*typo, "typo"))
            for query, how, op in ops:
                if op != "reorder" and (self.someone_elses(query, acc) or self.own_name(query, acc)):
                    continue
                if op == "reorder" and self.someone_elses(query, acc):
                    continue
                by_op[op].append(Case("non_korean_variants", query, acc, f"{how} of {e.id} '{e.primary}'"))
        cases: list[Case] = []
        share = TARGET // 3
        for op in sorted(by_op):
            cases += self.sample(by_op[op], share, rng)
        return cases

    def other_persons(self) -> list[Entity]:
        """UN/OFAC persons whose primary name is Latin, several words, not Korean."""
        return [e for e in self.entities if e.schema == "person" and e.source in ("un", "ofac")
                and not self.is_dprk_person(e) and not e.id.startswith("un:KP")
                and not any(p.startswith("DPRK") for p in e.programs)
                and is_latin(e.primary) and len(fold(e.primary).split()) >= 2
                and not self.parse_korean(e)]

    def joined_words(self) -> list[Case]:
        """Two adjacent words of a listed primary name written as one (Usama bin
        Laden -> Usama binLaden, GOOD WILL TRADING -> GOODWILL TRADING): the word
        joining of payee records typed without a space."""
        rng = self.rng("joined_words")
        pool = [e for e in self.entities if e.source in ("un", "ofac") and e.schema in ("person", "organization")
                and is_latin(e.primary) and len(fold(e.primary).split()) >= 2]
        cases = []
        for e in self.sample(pool, TARGET * 3, rng):
            words = e.primary.replace(",", " ").split()
            spots = [i for i in range(len(words) - 1)
                     if re.fullmatch(r"[A-Za-z]{2,}", words[i]) and re.fullmatch(r"[A-Za-z]{2,}", words[i + 1])]
            if not spots or len(words) < 2:
                continue
            i = rng.choice(spots)
            query = " ".join(words[:i] + [words[i] + words[i + 1]] + words[i + 2:])
            acc = self.accepted(e.id, e.primary)
            if self.someone_elses(query, acc) or self.own_name(query, acc):
                continue
            cases.append(Case("joined_words", query, acc,
                              f"'{words[i]} {words[i + 1]}' joined in {e.source} primary '{e.primary}' ({e.schema})"))
        return self.sample(cases, TARGET, rng)

    def initials(self) -> list[Case]:
        """A listed person's middle given name reduced to its initial, in Given
        Middle-initial SURNAME order: OFAC `SURNAME, Given Middle` -> `Given M.
        SURNAME`. The first given name and the surname stay whole, so the name
        still points at one person."""
        rng = self.rng("initials")
        cases = []
        for e in self.other_persons():
            if "," not in e.primary:
                continue
            surname, given = (part.strip() for part in e.primary.split(",", 1))
            g = given.split()
            if len(g) < 2 or not surname or not all(re.fullmatch(r"[A-Za-z][A-Za-z'-]+", w) for w in g[:2]):
                continue
            j = rng.randrange(1, len(g))
            query = " ".join(g[:j] + [g[j][0].upper() + "."] + g[j + 1:] + [surname])
            acc = self.accepted(e.id, e.primary)
            if self.someone_elses(query, acc) or self.own_name(query, acc):
                continue
            cases.append(Case("initials", query, acc, f"given name '{g[j]}' as its initial, of {e.id} '{e.primary}'"))
        return self.sample(cases, TARGET, rng)

    def legal_form(self) -> list[Case]:
        """Organisations other than the DPRK's (org_wording has those) with their
        legal-form and designator words abbreviated, spelt out or dropped, from the
        orgword rows of variants.tsv marked "Designator words" (§5)."""
        rng = self.rng("legal_form")
        designator = [(a, b) for a, b, src in self.v.orgword if b and "Designator" in src and " " not in a]
        legal = {a for a, b, _ in self.v.orgword if not b}
        cases = []
        for e in self.entities:
            if e.schema != "organization" or e.source not in ("un", "ofac") or self.is_dprk_org(e) \
                    or not is_latin(e.primary):
                continue
            made = []
            for full, short in designator:
                for a, b, how in ((full, short, "abbreviated"), (short, full, "spelt out")):
                    pat = rf"(?<![A-Za-z]){re.escape(a)}(?![A-Za-z])\.?"
                    if re.search(pat, e.primary, re.IGNORECASE):
                        word = b.upper() if e.primary.isupper() else cap(b)
                        word += "." if how == "abbreviated" and b in ("corp", "co") else ""
                        made.append((collapse(re.sub(pat, word, e.primary, count=1, flags=re.IGNORECASE)),
                                     f"{a}->{b} ({how}, §5 designator words)"))
            words = e.primary.rstrip(" .,").split(" ")
            dropped = []
            while len(words) > 2 and fold(words[-1]) in legal:
                dropped.insert(0, words.pop())
            if dropped:
                made.append((" ".join(words).rstrip(" ,"), f"legal form '{' '.join(dropped)}' dropped (§5 designator words)"))
            if not made:
                continue
            query, how = rng.choice(made)
            acc = self.accepted(e.id, e.primary)
            if fold(query) == fold(e.primary) or self.someone_elses(query, acc):
                continue
            cases.append(Case("legal_form", query, acc, f"{how} of {e.id} '{e.primary}'"))
        return self.sample(cases, TARGET, rng)

    def cyrillic(self) -> list[Case]:
        """Russian persons listed in Latin only (OFAC, `nationality Russia` in the
        remarks), written in Cyrillic, surname first: the Latin spelling read back
        through the BGN/PCGN table (CYRILLIC_OF_LATIN). Names the table cannot
        read back are left out; a soft sign the list dropped (IGOR for Игорь)
        stays dropped, so some queries are Cyrillic misspellings of the person."""
        rng = self.rng("cyrillic")
        cases = []
        for e in self.entities:
            if e.source != "ofac" or e.schema != "person" or "nationality Russia" not in e.remarks \
                    or "," not in e.primary or any(not is_latin(t) for t, _ in e.names):
                continue
            surname, given = (part.strip() for part in e.primary.split(",", 1))
            words = [cyrillic_of_latin(w) for w in (surname + " " + given).split()]
            if not words or None in words or len(words) < 2:
                continue
            query = " ".join(words)
            acc = self.accepted(e.id, e.primary)
            cases.append(Case("cyrillic", query, acc, f"BGN/PCGN read back from ofac primary '{e.primary}' ({e.id})"))
        return self.sample(cases, TARGET, rng)

    # ------------------------------------------------------------------ negatives

    def common_surnames(self) -> list[str]:
        return [h for h in self.v.surname if len(h) == 1][:30]

    def korean_negative_names(self, category: str, n: int):
        rng = self.rng(category)
        surnames = self.common_surnames()
        syllables = sorted(self.v.syllable)
        seen = set()
        while len(seen) < n * 20:
            s = rng.choice(surnames)
            g = rng.sample(syllables, 2 if rng.random() < 0.85 else 1)
            name = (s, *g)
            if name in seen:
                continue
            seen.add(name)
            yield rng, name

    def neg_korean_hangul(self) -> list[Case]:
        cases = []
        for rng, (s, *g) in self.korean_negative_names("neg_korean_hangul", NEG_TARGET):
            text = s + "".join(g)
            syll = [self.v.close({h}) for h in (s, *g)]
            if key(text) in self.name_index or self.listed_under_variants(syll):
                continue
            cases.append(Case("neg_korean_hangul", text, [],
                              f"§2.2 surname {s} (rank {self.common_surnames().index(s) + 1}) + §3.2 syllables "
                              f"{' '.join(g)}; no listed name equals it, in Hangul or any variants.tsv spelling"))
            if len(cases) == NEG_TARGET:
                break
        return cases

    def neg_korean_latin(self) -> list[Case]:
        cases = []
        for rng, (s, *g) in self.korean_negative_names("neg_korean_latin", NEG_TARGET):
            system = rng.choice(["RR", "passport"])
            surname = self.v.spell(s, "surname", "RR") if system == "RR" and rng.random() < 0.3 \
                else self.v.spell(s, "surname", "seen")
            given = [self.v.spell_any(h, system) for h in g]
            if not surname or None in given:
                continue
            words = [fold(w) for w in given]
            layout = rng.choice(["hyphen", "joined", "spaced", "given_first"])
            if layout == "hyphen":
                query = f"{cap(surname)} {cap('-'.join(words))}"
            elif layout == "joined":
                query = f"{cap(surname)} {cap(''.join(words))}"
            elif layout == "spaced":
                query = " ".join(cap(w) for w in [surname] + words)
            else:
                query = f"{cap('-'.join(words))} {cap(surname)}"
            toks = [fold(surname)] + words
            syll = [self.v.hubs(t) | self.v.close({h}) for t, h in zip(toks, (s, *g))]
            if key(query) in self.name_index or self.listed_under_variants(syll):
                continue
            cases.append(Case("neg_korean_latin", query, [],
                              f"{s}{''.join(g)} in {system} spelling (surname: "
                              f"{'RR' if fold(surname) == fold(self.v.spell(s, 'surname', 'RR') or '') else 'most common §2.2'}), "
                              f"layout {layout}; no listed name equals it under variants.tsv"))
            if len(cases) == NEG_TARGET:
                break
        return cases

    def neg_other(self) -> list[Case]:
        rng = self.rng("neg_other")
        cases = []
        tried = set()
        origins = sorted(OTHER_NAMES)
        while len(cases) < NEG_TARGET and len(tried) < 10_000:
            origin = rng.choice(origins)
            first, last = OTHER_NAMES[origin]
            name = f"{rng.choice(first)} {rng.choice(last)}"
            if name in tried:
                continue
            tried.add(name)
            if key(name) in self.name_index:
                continue
            cases.append(Case("neg_other", name, [], f"common {origin} given name + surname (script list); not a listed name"))
        return cases


# --------------------------------------------------------------------------- helpers


def make_typo(name: str, rng: random.Random) -> tuple[str, str] | None:
    """One substitution, transposition or deletion in a word of 5+ letters (not its first letter)."""
    words = [m for m in re.finditer(r"[A-Za-z]{5,}", name)]
    if not words:
        return None
    m = rng.choice(words)
    w = m.group(0)
    op = rng.choice(["substitution", "transposition", "deletion"])
    if op == "substitution":
        i = rng.randrange(1, len(w))
        alphabet = [c for c in "abcdefghijklmnopqrstuvwxyz" if c != w[i].lower()]
        c = rng.choice(alphabet)
        new = w[:i] + (c.upper() if w[i].isupper() else c) + w[i + 1 :]
    elif op == "transposition":
        spots = [i for i in range(1, len(w) - 1) if w[i].lower() != w[i + 1].lower()]
        if not spots:
            return None
        i = rng.choice(spots)
        new = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    else:
        i = rng.randrange(1, len(w))
        new = w[:i] + w[i + 1 :]
    return name[: m.start()] + new + name[m.end() :], f"{op} '{w}'->'{new}'"


# BGN/PCGN 1947 romanization of Russian (US Board on Geographic Names and the UK
# Permanent Committee on Geographical Names; the table in the BGN/PCGN
# "Romanization of Russian", as reprinted in the UN Working Group on Romanization
# Systems report), read backwards: each Latin sequence -> the Cyrillic letter it
# stands for. Longest sequences first. `y` is ы, except after a vowel (ай, ей,
# ий, ой, ый: the BGN/PCGN value of й is `y`); `ye` is е, `yo` ё, and a plain `e`
# at the start of a word or after a vowel is э (BGN/PCGN writes е there as
# `ye`); the soft sign `ʹ` is written `'` in the lists. Spellings the table
# cannot have produced (a final consonant + `y` for -ий/-ый, a vowel + `i` for
# -ей/-ай, a vowel + `e` for a vowel + е) are not read back: cyrillic_of_latin
# returns None for them.
CYRILLIC_OF_LATIN = [
    ("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"),
    ("yu", "ю"), ("ya", "я"), ("ye", "е"), ("yo", "ё"),
    ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"),
    ("i", "и"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"),
    ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("'", "ь"), ("y", "ы"),
]
CYRILLIC_VOWELS = set("аеёиоуыэюя")


def cyrillic_of_latin(word: str) -> str | None:
    """One Latin word in Cyrillic by CYRILLIC_OF_LATIN, capitalised; None when a
    letter has no entry (c, h, j, q, w, x outside the digraphs)."""
    if re.search(r"[^aeiouy'-]y(?![a-z])|[aeiou][ie]", word.lower()):
        return None
    rest, out = word.lower().replace("-", " - "), []
    while rest:
        if rest[0] in " -":
            out.append(rest[0])
            rest = rest[1:]
            continue
        for latin, cyr in CYRILLIC_OF_LATIN:
            if rest.startswith(latin):
                after_vowel = bool(out) and out[-1] in CYRILLIC_VOWELS
                if latin == "y" and after_vowel:
                    cyr = "й"
                elif latin == "e" and (after_vowel or not out or out[-1] in " -"):
                    cyr = "э"
                out.append(cyr)
                rest = rest[len(latin):]
                break
        else:
            return None
    text = "".join(out).replace(" - ", "-")
    return "-".join(part[:1].upper() + part[1:] for part in text.split("-"))


def translit_groups(v: Variants) -> list[list[str]]:
    return [[a] + bs for a, bs in sorted(v.translit.items())]


def translit_variant(name: str, groups: list[list[str]], rng: random.Random) -> tuple[str, str] | None:
    folded = fold(name).split()
    options = []
    for group in groups:
        for form in group:
            if " " in form:
                continue
            if form in folded:
                options.append((form, [g for g in group if g != form]))
    if not options:
        return None
    form, others = rng.choice(options)
    new = rng.choice(others)

    def repl(m: re.Match) -> str:
        w = m.group(0)
        return new.upper() if w.isupper() else new.capitalize() if w[0].isupper() else new

    query, n = re.subn(rf"(?<![A-Za-z]){re.escape(form)}(?![A-Za-z])", repl, name, count=1, flags=re.IGNORECASE)
    if not n:
        return None
    return query, f"transliteration variant {form}->{new} (common transliteration variants)"


def org_variants(name: str, v: Variants, rng: random.Random) -> list[tuple[str, str]]:
    """Wording variants of an organisation name from the orgword rows (§5)."""
    upper = name.isupper()

    def style(word: str) -> str:
        return word.upper() if upper else " ".join(cap(w) for w in word.split(" "))

    def sub(text: str, phrase: str, replacement: str) -> tuple[str, int]:
        words = r"\s+".join(re.escape(w) for w in phrase.split(" "))
        pattern = rf"(?<![A-Za-z]){words}(?![A-Za-z])\.?"
        return re.subn(pattern, style(replacement) if replacement else "", text, flags=re.IGNORECASE)

    out = []
    designator = [(a, b) for a, b, s in v.orgword if b and "Designator" in s]
    legal = [a for a, b, s in v.orgword if not b]
    korean = sorted([(a, b) for a, b, s in v.orgword if b and "Designator" not in s and a not in ("korea", "korean")],
                    key=lambda ab: -len(ab[0]))

    # Abbreviations: Corporation -> Corp., Company -> Co., Limited -> Ltd, ...
    text, done = name, []
    for a, b in designator:
        text, n = sub(text, a, b + ("." if b in ("corp", "co") else ""))
        if n:
            done.append(f"{a}->{b}")
    if done:
        out.append((collapse(text), "abbreviated " + ", ".join(done) + " (§5 designator words)"))

    # Legal forms dropped from the end.
    words = name.rstrip(" .,").split(" ")
    dropped = []
    while len(words) > 2 and fold(words[-1]) in legal:
        dropped.insert(0, words.pop())
    if dropped:
        out.append((" ".join(words).rstrip(" ,"), f"legal form '{' '.join(dropped)}' dropped (§5 designator words)"))

    # Korea <-> Choson/Chosun.
    korea = [(a, b) for a, b, s in v.orgword if a in ("korea", "korean") and b in ("choson", "chosun")]
    text, n, korea_word = name, 0, ""
    if re.search(r"(?<![A-Za-z])korean?(?![A-Za-z])", name, re.IGNORECASE):
        a, korea_word = rng.choice(korea)
        text, n = re.subn(r"(?<![A-Za-z])korean?(?![A-Za-z])", style(korea_word), name, count=1, flags=re.IGNORECASE)
        out.append((collapse(text), f"Korea->{korea_word} (§5 조선)"))
    m = re.search(r"(?<![A-Za-z])(choson|chosun)(?![A-Za-z])", name, re.IGNORECASE)
    if m:
        out.append((collapse(name[: m.start()] + style("korea") + name[m.end() :]), f"{m.group(1).lower()}->Korea (§5 조선)"))

    # The head noun (the generic word that ends the name: Bank, General Corporation,
    # General Bureau...) as its Korean transliteration, as in CHOSON TAESONG UNHAENG or
    # CHONGSONG YONHAP, with Korea -> Choson/Chosun when the name has it; only for names
    # whose other words are Korean (Tanchon, Ryonbong), so the result is all Korean.
    base = text if n else name
    head = re.match(r"(.*?)(\s*\([^()]*\))?\s*$", base)
    body, tail = head.group(1), head.group(2) or ""
    for a, b in korean:
        if a not in HEAD_NOUNS:
            continue
        phrase = r"\s+".join(map(re.escape, a.split()))
        k_body, kn = re.subn(rf"(?<![A-Za-z]){phrase}\s*$", style(b), body, flags=re.IGNORECASE)
        rest = [t for t in fold(body).split() if t not in fold(a).split() + ["korea", "korean", korea_word]]
        if kn and rest and all(v.syllable_tokens(t) for t in rest):  # the rest reads as Korean
            lead = [f"Korea->{fold(style(korea_word))}"] if n else []
            out.append((collapse(k_body + tail), "Korean head noun: " + ", ".join(lead + [f"{a}->{b}"]) + " (§5)"))
            break

    # Korean words in the name as their English gloss.
    e_text, e_done = name, []
    for a, b in korean:
        if " " in b or len(b) < 4:
            continue
        e_text, en = sub(e_text, b, a)
        if en:
            e_done.append(f"{b}->{a}")
    if e_done:
        out.append((collapse(e_text), "English gloss: " + ", ".join(e_done) + " (§5)"))
    return out


# English head nouns of organisation names that §5 gives a Korean form for.
HEAD_NOUNS = {
    "general corporation", "general company", "trading company", "trading corporation", "company", "bank",
    "commercial bank", "credit bank", "development bank", "general bureau", "department", "ministry", "bureau",
    "committee", "joint venture", "associated", "academy of sciences",
}

# Hangul of UN/OFAC entries that korean-names.md gives with a source (not [inferred]).
# (hangul, ids as the research writes them, where in korean-names.md and its source)
RESEARCH_HANGUL = [
    ("김정은", ["ofac:20157"], "§3.1, §4.2 #3 (Wikidata pair, D)"),
    ("김여정", ["ofac:21444"], "§3.1, §4.2 #4 (D)"),
    ("최룡해", ["ofac:23213"], "§3.1, §4.2 #2 (D)"),
    ("김영철", ["ofac:12211"], "§3.1, §4.2 #5 (D)"),
    ("정경택", ["ofac:23212"], "§3.1 (D)"),
    ("리병철", ["ofac:23215"], "§3.1 (D)"),
    ("박진혁", ["ofac:24918"], "§3.1, §4.2 #17 (D; KBS 2023)"),
    ("리수용", ["un:KPi.052", "ofac:21735"], "§3.1, §4.2 #1 (D)"),
    ("조용원", ["ofac:21303", "un:KPi.043"], "§3.1 (D)"),
    ("조춘룡", ["ofac:20577"], "§3.1 (D)"),
    ("박도춘", ["un:KPi.050"], "§3.1 (D)"),
    ("장창하", ["ofac:20575"], "§3.1 (D)"),
    ("윤호진", ["un:KPi.001", "ofac:12218"], "§4.2 #6 (MBN 2009)"),
    ("강문길", ["un:KPi.019", "ofac:19499"], "§4.2 #10 (imbc 2021)"),
    ("리성혁", ["un:KPi.077", "ofac:22326"], "§4.2 #12, §4.4 (Yonhap 2017)"),
    ("조선광업개발무역회사", ["un:KPe.001", "ofac:9345"], "§4.2 #18 (Seoul Shinmun 2009)"),
    ("조선련봉총회사", ["un:KPe.002", "ofac:9347"], "§4.2 #19, §5 (chogabje/RFA)"),
    ("조선룡봉종합회사", ["un:KPe.002", "ofac:9347"], "§4.2 #19 (Hankyung 2009)"),
    ("단천상업은행", ["un:KPe.003", "ofac:9346"], "§4.2 #20 (ko.wikipedia)"),
    ("남천강무역회사", ["un:KPe.004", "ofac:11532"], "§4.2 #21 (Segye 2016)"),
    ("청송연합", ["un:KPe.010", "ofac:12212"], "§4.2 #22 (Segye 2016; RFA 2017)"),
    ("군수공업부", ["un:KPe.028", "ofac:12214"], "§4.2 #23 (imbc 2021)"),
    ("정찰총국", ["un:KPe.031", "ofac:12210"], "§4.2 #24 (Segye 2016)"),
    ("조선대성은행", ["un:KPe.035", "ofac:12312"], "§4.2 #25 (Donga 2010)"),
    ("압록강개발은행", ["un:KPe.009", "ofac:11647"], "§4.2 #30 (newsbell/mk 2024)"),
    ("조선컴퓨터센터", ["ofac:22323"], "§4.2 #36 (Yonhap 2017)"),
    ("려명해운경영유한책임회사", ["ofac:23151"], "§4.2 #40 (Yonhap 2017)"),
]

# Ordinary given names and surnames of other origins, for neg_other.
OTHER_NAMES = {
    "English": (
        ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
         "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
         "Emily", "Oliver", "Amelia", "Harry", "Sophie", "Jack", "Grace", "George", "Lucy", "Daniel"],
        ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
         "Thomas", "Moore", "Martin", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall",
         "Wright", "Green", "Baker", "Adams", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Parker"],
    ),
    "Spanish": (
        ["José", "María", "Juan", "Carmen", "Luis", "Ana", "Carlos", "Lucía", "Javier", "Isabel",
         "Miguel", "Elena", "Antonio", "Pilar", "Francisco", "Rosa", "Manuel", "Teresa", "Pedro", "Marta"],
        ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín",
         "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Álvarez", "Muñoz", "Romero", "Navarro", "Torres"],
    ),
    "German": (
        ["Lukas", "Anna", "Jonas", "Lea", "Felix", "Hannah", "Maximilian", "Laura", "Paul", "Katharina",
         "Stefan", "Sabine", "Jürgen", "Ursula", "Wolfgang", "Monika", "Andreas", "Petra", "Matthias", "Claudia"],
        ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
         "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann"],
    ),
    "French": (
        ["Jean", "Marie", "Pierre", "Nathalie", "Michel", "Isabelle", "Philippe", "Sylvie", "Alain", "Catherine",
         "Nicolas", "Camille", "Julien", "Céline", "François", "Chloé", "Antoine", "Manon", "Olivier", "Élodie"],
        ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
         "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier"],
    ),
    "Italian": (
        ["Giuseppe", "Maria", "Giovanni", "Anna", "Antonio", "Giulia", "Mario", "Francesca", "Luigi", "Chiara",
         "Marco", "Sara", "Alessandro", "Elena", "Andrea", "Valentina", "Matteo", "Federica", "Lorenzo", "Silvia"],
        ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
         "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti"],
    ),
    "Portuguese": (
        ["João", "Ana", "Pedro", "Beatriz", "Tiago", "Mariana", "Rui", "Inês", "Paulo", "Joana"],
        ["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa", "Fernandes"],
    ),
    "Dutch": (
        ["Jan", "Johanna", "Pieter", "Sanne", "Daan", "Femke", "Bram", "Lotte", "Sem", "Anouk"],
        ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer"],
    ),
    "Polish": (
        ["Piotr", "Anna", "Krzysztof", "Katarzyna", "Tomasz", "Małgorzata", "Paweł", "Agnieszka", "Marcin", "Joanna"],
        ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak"],
    ),
    "Japanese": (
        ["Hiroshi", "Yuki", "Takashi", "Akiko", "Kenji", "Naoko", "Daisuke", "Haruka", "Satoshi", "Emi",
         "Kazuo", "Yoko", "Shota", "Ayaka", "Ryota", "Misaki"],
        ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato",
         "Yoshida", "Yamada", "Sasaki", "Yamaguchi", "Matsumoto", "Inoue"],
    ),
    "Vietnamese": (
        ["Minh", "Lan", "Tuan", "Huong", "Duc", "Thao", "Quang", "Linh", "Hieu", "Mai"],
        ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Phan", "Vu", "Dang", "Bui", "Do"],
    ),
    "Indian": (
        ["Rahul", "Priya", "Amit", "Sunita", "Vikram", "Anjali", "Suresh", "Kavita", "Arjun", "Deepika",
         "Rajesh", "Pooja", "Sanjay", "Neha", "Anil", "Meera"],
        ["Sharma", "Patel", "Gupta", "Reddy", "Nair", "Iyer", "Mehta", "Joshi", "Agarwal", "Rao",
         "Verma", "Kulkarni", "Banerjee", "Chatterjee", "Pillai", "Desai"],
    ),
    "Turkish": (
        ["Mehmet", "Ayşe", "Mustafa", "Fatma", "Emre", "Zeynep", "Burak", "Elif", "Murat", "Esra"],
        ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın", "Özdemir"],
    ),
    "Scandinavian": (
        ["Lars", "Ingrid", "Erik", "Astrid", "Nils", "Sigrid", "Magnus", "Freja", "Henrik", "Maja"],
        ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsen", "Hansen", "Olsen", "Jensen", "Lindqvist"],
    ),
}


# --------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lists", type=Path, default=ROOT / "lists")
    parser.add_argument("--variants", type=Path, default=ROOT / "benches" / "quality" / "variants.tsv")
    parser.add_argument("--out", type=Path, default=ROOT / "benches" / "quality" / "cases.tsv")
    args = parser.parse_args()

    entities = load_un(args.lists / "un" / "UN_consolidated.xml")
    entities += load_ofac(args.lists / "ofac")
    entities += load_kr(args.lists / "kr" / "designations.csv")
    variants = Variants(args.variants)
    b = Builder(entities, variants)
    persons = b.dprk_persons()

    cases: list[Case] = []
    cases += b.exact_primary()
    cases += b.alias()
    cases += b.dprk_rr_respelling(persons)
    cases += b.mr_apostrophe(persons)
    cases += b.hangul()
    cases += b.one_typo()
    cases += b.org_wording()
    cases += b.kr_other_romanization()
    cases += b.non_korean_variants()
    cases += b.joined_words()
    cases += b.initials()
    cases += b.legal_form()
    cases += b.cyrillic()
    cases += b.neg_korean_hangul()
    cases += b.neg_korean_latin()
    cases += b.neg_other()
    cases += b.near_miss(persons)

    # One case per (category, query): the first one made wins.
    unique, seen = [], set()
    for c in cases:
        if (c.category, c.query) not in seen:
            seen.add((c.category, c.query))
            unique.append(c)
    cases = unique

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["category", "query", "expected", "note"])
        for c in cases:
            w.writerow([c.category, collapse(c.query), "|".join(c.expected), collapse(c.note)])

    counts = Counter(c.category for c in cases)
    print(f"{len(entities)} entities, {len(persons)} distinct DPRK person names; "
          f"{len(cases)} cases -> {args.out}", file=sys.stderr)
    for cat, n in counts.items():
        print(f"  {cat:24} {n}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
