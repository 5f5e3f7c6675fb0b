-- PostGIS must be available; the server checks before it runs any migration.
-- On a managed database where the application role may not create extensions, an administrator
-- runs this line once and the IF NOT EXISTS lets the migration pass.
CREATE EXTENSION IF NOT EXISTS postgis;
