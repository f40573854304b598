-- When an MBID linked to tracks was first found missing from MusicBrainz (specification §13.3),
-- for deployments without Redis; with Redis the same value lives in the key unknown_mbid:<mbid>.
-- first_missing is MusicBrainz replication time (replication_control.last_replication_date at the
-- first check), not wall-clock time: the 7-day rule counts the days MusicBrainz data advanced.
CREATE TABLE unknown_mbid (
    mbid uuid PRIMARY KEY,
    first_missing timestamptz NOT NULL
);
