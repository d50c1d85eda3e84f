#!/bin/sh
# Runs once, when the database volume is new: the app role may only read and write rows; the
# owner (POSTGRES_USER) owns the tables and migrates (docs/operations.md, section 1).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v app_password="$ZVH_DB_APP_PASSWORD" <<'SQL'
CREATE ROLE zvh_app LOGIN PASSWORD :'app_password';
REVOKE ALL ON DATABASE zvh FROM PUBLIC;
GRANT CONNECT ON DATABASE zvh TO zvh_app;
GRANT USAGE ON SCHEMA public TO zvh_app;
ALTER DEFAULT PRIVILEGES FOR ROLE zvh_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO zvh_app;
ALTER DEFAULT PRIVILEGES FOR ROLE zvh_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO zvh_app;
SQL
