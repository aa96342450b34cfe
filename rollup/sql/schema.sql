-- Canvass statewide rollup: the schema a database administrator runs once (docs/rollup.md).
-- Schema version 1. Run as the database's owner:  psql -v ON_ERROR_STOP=1 -d statewide -f schema.sql
-- Then, per task force and for the state, the role statements of docs/rollup.md.
BEGIN;
CREATE SCHEMA canvass_rollup;
REVOKE ALL ON SCHEMA canvass_rollup FROM PUBLIC;
SET LOCAL search_path = canvass_rollup;

-- Group roles: every task force's login role is a member of canvass_push; the state's of canvass_state.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'canvass_push') THEN CREATE ROLE canvass_push NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'canvass_state') THEN CREATE ROLE canvass_state NOLOGIN; END IF;
END $$;
GRANT USAGE ON SCHEMA canvass_rollup TO canvass_push, canvass_state;

CREATE TABLE schema_version (version integer NOT NULL);
INSERT INTO schema_version VALUES (1);
GRANT SELECT ON schema_version TO canvass_push, canvass_state;

-- Which login role pushes for which task force (filled by the administrator).
CREATE TABLE task_forces (
  name    text PRIMARY KEY CHECK (name <> ''),
  db_role name NOT NULL UNIQUE
);
-- The task force of a role (NULL if none): what every row-level policy compares with.
CREATE FUNCTION task_force_of(r name) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = canvass_rollup, pg_temp
  AS $$ SELECT name FROM canvass_rollup.task_forces WHERE db_role = r $$;
REVOKE ALL ON FUNCTION task_force_of(name) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION task_force_of(name) TO canvass_push, canvass_state;

-- One row per push: a task force's run for a period. A newer run supersedes the older one
-- (superseded_at set); nothing is deleted, so the history stays.
CREATE TABLE pushes (
  push_id        bigint PRIMARY KEY,
  task_force     text NOT NULL REFERENCES task_forces(name),
  period         text NOT NULL,
  run_id         text NOT NULL,
  run_created_at text NOT NULL,
  profile_name   text NOT NULL,
  level          text NOT NULL,
  threshold      integer NOT NULL,
  signing_key    text NOT NULL,
  digest         text NOT NULL,
  row_count      bigint NOT NULL,
  pushed_at      timestamptz NOT NULL DEFAULT now(),
  pushed_by      name NOT NULL DEFAULT current_user,
  superseded_at  timestamptz,
  UNIQUE (task_force, period, run_id),
  UNIQUE (push_id, task_force)
);
CREATE SEQUENCE push_ids OWNED BY pushes.push_id;
CREATE UNIQUE INDEX pushes_one_current ON pushes (task_force, period) WHERE superseded_at IS NULL;

CREATE TABLE area_scores (
  push_id bigint NOT NULL, task_force text NOT NULL,
  area_id text NOT NULL, area_name text NOT NULL,
  rank integer NOT NULL, rank_low integer NOT NULL, rank_high integer NOT NULL,
  composite double precision, risk_percentile double precision, coverage double precision NOT NULL,
  taskforce_covered boolean NOT NULL,
  PRIMARY KEY (push_id, area_id)
);
-- Exact counts; shown = the task force's own report showed the value. area_id '' = the whole task force.
CREATE TABLE area_counts (
  push_id bigint NOT NULL, task_force text NOT NULL,
  area_id text NOT NULL, measure text NOT NULL, value double precision NOT NULL, shown boolean NOT NULL,
  PRIMARY KEY (push_id, area_id, measure)
);
CREATE TABLE area_themes (
  push_id bigint NOT NULL, task_force text NOT NULL,
  area_id text NOT NULL, theme text NOT NULL, value double precision NOT NULL, shown boolean NOT NULL,
  PRIMARY KEY (push_id, area_id, theme)
);
CREATE TABLE area_indicators (
  push_id bigint NOT NULL, task_force text NOT NULL,
  area_id text NOT NULL, indicator_id text NOT NULL, period text NOT NULL, unit text NOT NULL,
  status text NOT NULL, source_kind text NOT NULL, source_sha256 text NOT NULL,
  value double precision, moe double precision,
  PRIMARY KEY (push_id, area_id, indicator_id)
);

-- Task forces: insert their own rows, read and supersede only their own pushes.
GRANT USAGE ON SEQUENCE push_ids TO canvass_push;
GRANT SELECT, INSERT ON pushes TO canvass_push;
GRANT UPDATE (superseded_at) ON pushes TO canvass_push;
GRANT INSERT ON area_scores, area_counts, area_themes, area_indicators TO canvass_push;
ALTER TABLE pushes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_pushes ON pushes TO canvass_push
  USING (task_force = (SELECT task_force_of(current_user)))
  WITH CHECK (task_force = (SELECT task_force_of(current_user)) AND pushed_by = current_user);
DO $$ DECLARE t text; BEGIN
  FOREACH t IN ARRAY ARRAY['area_scores', 'area_counts', 'area_themes', 'area_indicators'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY own_rows ON %I FOR INSERT TO canvass_push WITH CHECK (task_force = (SELECT task_force_of(current_user)))', t);
  END LOOP;
END $$;

-- The state reads only these views (they run as their owner; the base tables stay closed).
CREATE VIEW current_pushes AS
  SELECT push_id, task_force, period, run_id, run_created_at, profile_name, level, threshold, signing_key, digest, row_count, pushed_at
  FROM pushes WHERE superseded_at IS NULL;
CREATE VIEW push_history AS
  SELECT push_id, task_force, period, run_id, run_created_at, signing_key, digest, row_count, pushed_at, pushed_by, superseded_at
  FROM pushes;
CREATE VIEW current_area_scores AS
  SELECT p.task_force, p.period, p.run_id, s.area_id, s.area_name, s.rank, s.rank_low, s.rank_high, s.composite,
         s.risk_percentile, s.coverage, s.taskforce_covered
  FROM area_scores s JOIN pushes p USING (push_id, task_force) WHERE p.superseded_at IS NULL;
CREATE VIEW current_area_counts AS
  SELECT p.task_force, p.period, p.run_id, c.area_id, c.measure, c.value, c.shown
  FROM area_counts c JOIN pushes p USING (push_id, task_force) WHERE p.superseded_at IS NULL;
CREATE VIEW current_area_themes AS
  SELECT p.task_force, p.period, p.run_id, t.area_id, t.theme, t.value, t.shown
  FROM area_themes t JOIN pushes p USING (push_id, task_force) WHERE p.superseded_at IS NULL;
CREATE VIEW current_area_indicators AS
  SELECT p.task_force, p.period, p.run_id, i.area_id, i.indicator_id, i.period AS vintage, i.unit, i.status,
         i.source_kind, i.source_sha256, i.value, i.moe
  FROM area_indicators i JOIN pushes p USING (push_id, task_force) WHERE p.superseded_at IS NULL;

-- What earlier statewide reports published (differencing: docs/rollup.md). The state role
-- adds its reports here and reads them back through the view; it cannot change one.
CREATE TABLE state_reports (
  report_id  bigint PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by name NOT NULL DEFAULT current_user,
  threshold  integer NOT NULL,
  shown      bigint NOT NULL
);
CREATE SEQUENCE state_report_ids OWNED BY state_reports.report_id;
CREATE TABLE state_report_cells (
  report_id bigint NOT NULL REFERENCES state_reports(report_id),
  key text NOT NULL, value double precision NOT NULL,
  PRIMARY KEY (report_id, key)
);
CREATE VIEW state_report_shown AS
  SELECT r.report_id, r.created_at, c.key, c.value FROM state_reports r JOIN state_report_cells c USING (report_id);

GRANT SELECT ON current_pushes, push_history, current_area_scores, current_area_counts, current_area_themes,
  current_area_indicators, state_report_shown TO canvass_state;
GRANT USAGE ON SEQUENCE state_report_ids TO canvass_state;
GRANT INSERT ON state_reports, state_report_cells TO canvass_state;
COMMIT;
