#!/usr/bin/env python3
"""Derives the project's geography and population resources from the real ONS files in data/real.

Run from the repository root: python3 tools/build-reference-resources.py
Outputs (committed, so builds never need this script):
  core/src/main/resources/vru/reference/areas-2025.csv       PFA -> CSP -> LA (one row per CSP x LA)
  core/src/main/resources/vru/reference/la-population-mid2020.csv   LA x sex x 5-year band
Sources: ONS police force area tables, Table C2, year ending June 2025 (hierarchy) and
SAPE23DT8a mid-2020 ward estimates (population), both Open Government Licence v3.0.
"""
import csv, gzip, re, sys
from collections import defaultdict

SHARED = sys.argv[1] if len(sys.argv) > 1 else 'data/real'
OUT = 'core/src/main/resources/vru/reference'

# C2 lists these CSPs with LA code "Combined Local Authorities"; their member districts (2021 LAs).
COMBINED = {
    'E22000362': ['E07000040', 'E07000042'],               # East and Mid Devon
    'E22000363': ['E07000043', 'E07000046'],               # North Devon (with Torridge)
    'E22000364': ['E07000044', 'E07000045', 'E07000047'],  # South Devon and Dartmoor
    'E22000374': ['E07000084', 'E07000089', 'E07000092'],  # North Hampshire
    'E22000352': ['E07000107', 'E07000109'],               # Dartford and Gravesham
    'E22000366': ['E07000172', 'E07000173', 'E07000176'],  # South Nottinghamshire
    'W14000023': ['W06000016', 'W06000024'],               # Cwm Taf
    'E22000373': ['E07000200', 'E07000203', 'E07000245'],  # Western Suffolk
    'E22000359': ['E07000221', 'E07000222'],               # South Warwickshire
    'E22000368': ['E07000234', 'E07000236', 'E07000239'],  # North Worcestershire
    'E22000332': ['E07000235', 'E07000237', 'E07000238'],  # South Worcester
}
# 2023 unitary authorities formed from 2021 districts present in the mid-2020 estimates.
SUCCESSORS = {
    'E06000065': ['E07000163', 'E07000164', 'E07000165', 'E07000166', 'E07000167', 'E07000168', 'E07000169'],
    'E06000066': ['E07000187', 'E07000188', 'E07000189', 'E07000246'],
}
BANDS = [(lo, lo + 4) for lo in range(0, 90, 5)] + [(90, None)]


def clean(s):
    return re.sub(r'\s*\[note \d+\]', '', s).strip()


def read_hierarchy(sape_names):
    rows = list(csv.reader(open(f'{SHARED}/ons-prc-table-c2-ye-jun2025.csv', encoding='utf-8-sig')))[8:]
    pfa_names = {clean(r[0]): clean(r[1]) for r in rows if clean(r[0]) and not r[2].strip() and not r[3].strip()}
    out = []
    for r in rows:
        pfa, csp, csp_name, la, la_name = clean(r[0]), clean(r[2]), clean(r[3]), clean(r[4]), clean(r[5])
        if not csp:
            continue  # force totals and "Unassigned" rows carry no geography
        if la == 'Combined Local Authorities':
            for member in COMBINED[csp]:
                out.append((pfa, pfa_names.get(pfa, clean(r[1])), csp, csp_name, member, sape_names[member]))
        else:
            out.append((pfa, pfa_names.get(pfa, clean(r[1])), csp, csp_name, la, la_name))
    return out


def read_population(sex):
    path = f'{SHARED}/ons-sape-mid2020/SAPE23DT8a_mid2020_ward_{sex}.csv.gz'
    rows = list(csv.reader(gzip.open(path, 'rt', encoding='utf-8-sig')))
    header = rows[4]
    ages = header[5:]
    pop, names = defaultdict(lambda: [0] * len(BANDS)), {}
    for r in rows[5:]:
        if len(r) < len(header) or not re.match(r'^[EW]0\d{7}$', r[2]):
            continue
        names[r[2]] = r[3]
        for age, value in zip(ages, r[5:]):
            a = 90 if age == '90+' else int(age)
            pop[r[2]][min(a // 5, 18)] += int(value.replace(',', ''))
    return pop, names


def main():
    males, names = read_population('Males')
    females, _ = read_population('Females')
    hierarchy = read_hierarchy(names)
    with open(f'{OUT}/areas-2025.csv', 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['pfa_code', 'pfa_name', 'csp_code', 'csp_name', 'la_code', 'la_name'])
        w.writerows(sorted(hierarchy))
    las = sorted({row[4] for row in hierarchy})
    with open(f'{OUT}/la-population-mid2020.csv', 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['la_code', 'sex', 'age_band', 'population'])
        for la in las:
            for sex, table in (('F', females), ('M', males)):
                parts = SUCCESSORS.get(la, [la])
                for i, (lo, hi) in enumerate(BANDS):
                    band = f'{lo}-{hi}' if hi is not None else f'{lo}+'
                    w.writerow([la, sex, band, sum(table[p][i] for p in parts)])
    total = sum(sum(v) for v in males.values()) + sum(sum(v) for v in females.values())
    print(f'{len(hierarchy)} CSP x LA rows, {len(las)} LAs, population {total:,}')


main()
