#!/usr/bin/env python3
"""Writes a synthetic payroll CSV (id,name,dob,country) for benchmarks.

Ordinary names: Korean names in Hangul and in Latin letters (family and given
syllables drawn from common ones), and names of other origins. A few listed
names are planted (every PLANT-th row) so that the run has alerts to write.
Deterministic for a given --seed.

usage: scripts/gen-payroll.py ROWS [--seed N] > payroll.csv
"""
import argparse
import random
import sys

KO_FAMILY = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황", "안", "송", "류", "홍"]
KO_FAMILY_LATIN = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong"]
KO_GIVEN = ["민", "서", "지", "현", "수", "준", "영", "우", "진", "하", "은", "도", "연", "윤", "혜", "성", "재", "희", "원", "태"]
KO_GIVEN_LATIN = ["Min", "Seo", "Ji", "Hyun", "Soo", "Jun", "Young", "Woo", "Jin", "Ha", "Eun", "Do", "Yeon", "Yoon", "Hye", "Sung", "Jae", "Hee", "Won", "Tae"]
OTHER_GIVEN = ["James", "Maria", "Wei", "Aisha", "Carlos", "Olga", "Hiroshi", "Fatima", "John", "Priya", "Lucas", "Emma", "Mohammed", "Anna", "David", "Sofia", "Nguyen", "Ivan", "Elena", "Ahmed"]
OTHER_FAMILY = ["Smith", "Garcia", "Chen", "Khan", "Silva", "Petrov", "Tanaka", "Hassan", "Brown", "Patel", "Martin", "Muller", "Rossi", "Kowalski", "Dubois", "Ivanova", "Tran", "Lopez", "Wilson", "Sato"]
PLANTED = ["KIM Jong Un", "Korea Mining Development Trading Corporation", "RI Pyong Chol", "Munitions Industry Department", "Kim Sang Man"]
COUNTRIES = ["KR", "US", "GB", "DE", "IN", "CN", "JP", "VN", "PH", "BR"]


def name(rng):
    r = rng.random()
    if r < 0.3:
        return rng.choice(KO_FAMILY) + rng.choice(KO_GIVEN) + rng.choice(KO_GIVEN)
    if r < 0.6:
        return f"{rng.choice(KO_FAMILY_LATIN)} {rng.choice(KO_GIVEN_LATIN)} {rng.choice(KO_GIVEN_LATIN)}"
    return f"{rng.choice(OTHER_GIVEN)} {rng.choice(OTHER_FAMILY)}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rows", type=int)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--plant", type=int, default=1000, help="plant a listed name every N rows")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    out = sys.stdout
    out.write("id,name,dob,country\n")
    for i in range(a.rows):
        n = PLANTED[(i // a.plant) % len(PLANTED)] if a.plant and i % a.plant == a.plant - 1 else name(rng)
        dob = f"{rng.randint(1950, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        out.write(f"E{i:07d},\"{n}\",{dob},{rng.choice(COUNTRIES)}\n")


if __name__ == "__main__":
    main()
