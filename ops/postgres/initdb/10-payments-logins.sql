-- Run once by the postgres image, when its volume is first created: the logins of the compose
-- stack's services, each holding one least-privilege role of migration V3 and nothing else
-- (README: "Least privilege"). The roles are created here, as V3 would, so that the logins can
-- hold them before the first migration; V3 skips creating them and grants them their rights.
-- Passwords come from the container's environment (docker-compose.yml), never from this file.
\getenv sink_password POSTGRES_SINK_PASSWORD
\getenv reader_password POSTGRES_READER_PASSWORD

CREATE ROLE payments_sink NOLOGIN;
CREATE ROLE payments_reader NOLOGIN;

-- The sink.
CREATE ROLE payments_sink_app LOGIN PASSWORD :'sink_password' IN ROLE payments_sink;
-- payments reconcile and reports: read only.
CREATE ROLE payments_reader_app LOGIN PASSWORD :'reader_password' IN ROLE payments_reader;
