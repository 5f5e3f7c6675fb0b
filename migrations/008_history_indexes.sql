-- History at scale: a viewport over a time window (the public list, and tiles with from/to).
-- Rows arrive roughly in occurred_at order, so a BRIN on occurred_at is a few kB that narrows a
-- 30-day window to a few per cent of the table's pages; the planner ANDs it with the GiST on
-- public_location and reads only pages holding rows in both (measured with 1,000,000 rows in
-- bench/history.bench.ts). The B-tree on (occurred_at, id) stays for paging newest first.
-- btree_gist would allow one GiST over (public_location, occurred_at), but the embedded PGlite
-- database loads PostGIS only.
CREATE INDEX incidents_occurred_at_brin ON incidents USING brin (occurred_at)
  WITH (pages_per_range = 16);
