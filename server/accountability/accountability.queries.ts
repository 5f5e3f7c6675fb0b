/**
 * SQL text for the accountability statistics. Each query reads one window pair at once:
 * $1 previous window's start, $2 the current window's start (= the previous one's end),
 * $3 the current window's end; `current` tells the two apart.
 *
 * Durations are seconds (float8). Percentiles are percentile_cont: for n sorted values and a
 * fraction p, the value at position (n − 1)·p, interpolated linearly between its neighbours
 * (PostgreSQL's definition, the same as numpy's default "linear"). NULL durations (a step not
 * reached) are left out of that duration alone.
 */

const MEASURED = 'NOT officer_initiated';

/** Per district and priority, and per priority for the whole area (GROUPING(district_id) = 1). */
export const SELECT_RESPONSE_FIGURES = `
  SELECT received_at >= $2 AS current,
    district_id::text AS district_id,
    GROUPING(district_id) = 1 AS whole_area,
    priority,
    count(*) FILTER (WHERE ${MEASURED})::int AS measured,
    count(*) FILTER (WHERE officer_initiated)::int AS officer_initiated,
    count(dispatched_at) FILTER (WHERE ${MEASURED})::int AS dispatched,
    count(on_scene_at) FILTER (WHERE ${MEASURED})::int AS on_scene,
    count(cleared_at) FILTER (WHERE ${MEASURED} AND on_scene_at IS NOT NULL)::int AS cleared,
    count(*) FILTER (WHERE ${MEASURED}
      AND on_scene_at - received_at <= make_interval(secs => ($4::int[])[priority]))::int
      AS within_target,
    percentile_cont('{0.5,0.9}'::float8[]) WITHIN GROUP (
      ORDER BY extract(epoch FROM dispatched_at - received_at)::float8
    ) FILTER (WHERE ${MEASURED}) AS to_dispatch,
    percentile_cont('{0.5,0.9}'::float8[]) WITHIN GROUP (
      ORDER BY extract(epoch FROM on_scene_at - received_at)::float8
    ) FILTER (WHERE ${MEASURED}) AS to_scene,
    percentile_cont('{0.5,0.9}'::float8[]) WITHIN GROUP (
      ORDER BY extract(epoch FROM cleared_at - on_scene_at)::float8
    ) FILTER (WHERE ${MEASURED}) AS on_scene_time
  FROM responses
  WHERE received_at >= $1 AND received_at < $3
  GROUP BY GROUPING SETS ((received_at >= $2, district_id, priority), (received_at >= $2, priority))`;

/** Incidents by district (NULL: outside every district) and category, by occurred_at. */
export const SELECT_INCIDENT_COUNTS = `
  SELECT occurred_at >= $2 AS current, district_id::text AS district_id, category,
    count(*)::int AS count
  FROM incidents
  WHERE occurred_at >= $1 AND occurred_at < $3
  GROUP BY 1, 2, 3`;

/**
 * Ratings by the district of their response (NULL: a call without a district), by the time
 * they were given. A rating counts unless its feedback is hidden or withdrawn.
 */
export const SELECT_RATING_COUNTS = `
  SELECT f.created_at >= $2 AS current, r.district_id::text AS district_id, f.rating,
    count(*)::int AS count
  FROM feedback AS f JOIN responses AS r ON r.id = f.response_id
  WHERE f.created_at >= $1 AND f.created_at < $3
    AND f.moderation NOT IN ('hidden', 'withdrawn')
  GROUP BY 1, 2, 3`;

export const SELECT_DISTRICT_NAMES = `SELECT id::text AS id, name FROM districts ORDER BY name, id`;

/** The districts with their shapes, simplified by $1 degrees, rounded to 5 decimals. */
export const SELECT_DISTRICT_SHAPES = `
  SELECT id::text AS id, name,
    ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(geometry, $1)), 5) AS geometry
  FROM districts`;

/**
 * Detail: time to scene in bins ($1 window start, $2 end, $3 the bins' lower edges in seconds,
 * ascending from 0), per district and priority; measured responses that reached the scene.
 */
export const SELECT_TO_SCENE_BINS = `
  SELECT district_id::text AS district_id, priority,
    width_bucket(extract(epoch FROM on_scene_at - received_at)::float8, $3::float8[]) AS bin,
    count(*)::int AS count
  FROM responses
  WHERE received_at >= $1 AND received_at < $2 AND ${MEASURED} AND on_scene_at IS NOT NULL
  GROUP BY 1, 2, 3`;

/** Detail: ratings per bucket of $3 seconds from the window's start, per district. */
export const SELECT_RATINGS_BY_BUCKET = `
  SELECT r.district_id::text AS district_id,
    floor(extract(epoch FROM f.created_at - $1::timestamptz) / $3)::int AS bucket,
    count(*)::int AS count, sum(f.rating)::int AS rating_sum
  FROM feedback AS f JOIN responses AS r ON r.id = f.response_id
  WHERE f.created_at >= $1 AND f.created_at < $2
    AND f.moderation NOT IN ('hidden', 'withdrawn')
  GROUP BY 1, 2`;
