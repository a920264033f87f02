"""Per-construct table over a corpus: summary.py CORPUS [-v]"""
import json, glob, os, sys
pages = sorted(glob.glob(os.path.join(sys.argv[1], '*.txt')))
res = {t: {} for t in ('before', 'after')}
full = {t: 0 for t in res}
distinct = {t: {} for t in res}
for p in pages:
    n = p[:-4]
    for t in res:
        d = json.load(open(f'{n}.{t}.json'))
        ok = all(m == c for c, m, _ in d.values())
        full[t] += ok
        for k, (c, m, miss) in d.items():
            e = res[t].setdefault(k, [0, 0, []]); e[0] += c; e[1] += m; e[2] += [(os.path.basename(n), x) for x in miss]
print(f'pages: {len(pages)}; rendered construct-for-construct: before {full["before"]}, after {full["after"]}')
print('| construct | in DokuWiki | matching before | matching after |')
print('| --- | ---: | ---: | ---: |')
tb = ta = tn = 0
for k in sorted(res['after']):
    c, m, miss = res['after'][k]; b = res['before'].get(k, [0, 0])[1]
    tb += b; ta += m; tn += c
    print(f'| {k} | {c} | {b} | {m} |')
print(f'| **all** | {tn} | {tb} | {ta} |')
if '-v' in sys.argv:
    for k in sorted(res['after']):
        for x in res['after'][k][2][:6]:
            print(k, x[0], repr(x[1])[:150])
