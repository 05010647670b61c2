-- dlwb: one database and one login role per service (model, profiler, calibration).
--
-- The postgres image runs this once, on an empty data directory, as the superuser, through
-- psql -v ON_ERROR_STOP=1 (docker-compose.yml mounts it into /docker-entrypoint-initdb.d; the
-- Kubernetes ConfigMap postgres-init holds the same file, deploy/k8s/init.sql).
--
-- The role passwords come from the container's environment (psql \getenv, PostgreSQL 15 and newer):
-- MODEL_DB_PASSWORD, PROFILER_DB_PASSWORD, CALIBRATION_DB_PASSWORD. All three are checked before
-- anything is created: a missing or empty one stops initialisation, so no role is ever created
-- without a password. Changing a password later takes ALTER ROLE as well as a new secret.

\getenv model_password MODEL_DB_PASSWORD
\getenv profiler_password PROFILER_DB_PASSWORD
\getenv calibration_password CALIBRATION_DB_PASSWORD

\if :{?model_password}
\else
  \set model_password ''
\endif
\if :{?profiler_password}
\else
  \set profiler_password ''
\endif
\if :{?calibration_password}
\else
  \set calibration_password ''
\endif

SELECT :'model_password' = '' OR :'profiler_password' = '' OR :'calibration_password' = ''
  AS dlwb_password_missing \gset
\if :dlwb_password_missing
  DO $$ BEGIN
    RAISE EXCEPTION 'dlwb init: set MODEL_DB_PASSWORD, PROFILER_DB_PASSWORD and CALIBRATION_DB_PASSWORD';
  END $$;
\endif

CREATE ROLE dlwb_model LOGIN PASSWORD :'model_password';
CREATE DATABASE dlwb_model OWNER dlwb_model;
REVOKE ALL ON DATABASE dlwb_model FROM PUBLIC;

CREATE ROLE dlwb_profiler LOGIN PASSWORD :'profiler_password';
CREATE DATABASE dlwb_profiler OWNER dlwb_profiler;
REVOKE ALL ON DATABASE dlwb_profiler FROM PUBLIC;

CREATE ROLE dlwb_calibration LOGIN PASSWORD :'calibration_password';
CREATE DATABASE dlwb_calibration OWNER dlwb_calibration;
REVOKE ALL ON DATABASE dlwb_calibration FROM PUBLIC;
