-- Where an incident is, in words a resident reads, made at write time from generalised data only
-- (never finer than the public point): the district of the public point, the source's block-level
-- text generalised to a hundred block or a street ("5XX Homer St"), and the two as one phrase
-- ("near 5XX Homer St, Downtown"). NULL where the policy shows no point.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE incidents
  ADD COLUMN public_district text,
  ADD COLUMN public_block text,
  ADD COLUMN public_place text;

-- Search (GET /api/v1/places): fuzzy matches on district names and the blocks in the data.
CREATE INDEX incidents_public_block_trgm ON incidents USING gin (public_block gin_trgm_ops);
CREATE INDEX districts_name_trgm ON districts USING gin (name gin_trgm_ops);
