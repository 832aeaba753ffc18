#!/usr/bin/env python3
"""store_synth.py DB N — fills an annalist store (created by `annalist run`) with N
synthetic events spread over actors, codes, days and places, for query-latency figures.
Uses only the schema; rows are plausible, not real. The events indexes are dropped
while the rows go in and rebuilt from their own definitions after, which sorts once
instead of inserting ten million random keys into four B-trees."""
import random, sqlite3, sys

def main():
    db, n = sys.argv[1], int(sys.argv[2])
    rng = random.Random(3)
    actors = ["RUS", "RUSGOV", "RUSMIL", "UKR", "UKRGOV", "UKRMIL", "PRKMIL", "USAGOV", "DEUGOV", "CHNGOV",
              "ISRMIL", "PSEREB", "IRNGOV", "TURGOV", "FRAGOV", "GBRGOV", "POLGOV", "BLRGOV", "GEOCOP", "IGOUNO"]
    actors += [f"X{i:02d}GOV" for i in range(80)]
    codes = ["010", "020", "036", "042", "043", "051", "057", "071", "111", "112", "120", "130", "141",
             "154", "163", "173", "190", "193", "195", "200"]
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-262144")
    indexes = con.execute("SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name='events' AND sql IS NOT NULL").fetchall()
    for name, _ in indexes:
        con.execute(f'DROP INDEX "{name}"')
    base = 19723  # 2024-01-01 as days since 1970
    rows = []
    for i in range(n):
        s, t, c = rng.choice(actors), rng.choice(actors), rng.choice(codes)
        day = base + rng.randrange(366)
        lat, lon = 44 + rng.random() * 12, 22 + rng.random() * 20
        rows.append((c, c[:2], 1 + (int(c[:2]) > 5) + (int(c[:2]) > 9) + (int(c[:2]) > 14), 0.0, s, t, day, lat, lon, day))
        if len(rows) == 100000:
            con.executemany("INSERT INTO events(cameo,root,quad_class,goldstein,source_code,target_code,day,lat,lon,date,negated,num_mentions,num_sources,num_articles)"
                            " VALUES(?,?,?,?,?,?,?,?,?,date(?*86400,'unixepoch'),0,1,1,1)", rows)
            rows = []
    if rows:
        con.executemany("INSERT INTO events(cameo,root,quad_class,goldstein,source_code,target_code,day,lat,lon,date,negated,num_mentions,num_sources,num_articles)"
                        " VALUES(?,?,?,?,?,?,?,?,?,date(?*86400,'unixepoch'),0,1,1,1)", rows)
    for _, sql in indexes:
        con.execute(sql)
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()

if __name__ == "__main__":
    main()
