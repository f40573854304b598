-- The changelog in monthly partitions with no default (specification §10.2): an insert with no
-- covering partition fails, so the submission stays pending and is retried, instead of piling up in
-- a partition retention never drops. Months from the oldest existing row to 12 months ahead are
-- created here; the hourly cron job (ChangelogPartitions) keeps 12 months of headroom and drops
-- partitions older than the month before last after recording their last row in fpindex_meta.
ALTER TABLE fpindex_changelog DETACH PARTITION fpindex_changelog_default;

DO $$
DECLARE
    month date := date_trunc('month', least(
        (SELECT min(created) FROM fpindex_changelog_default), clock_timestamp()))::date;
    last date := (date_trunc('month', clock_timestamp()) + interval '12 months')::date;
BEGIN
    WHILE month <= last LOOP
        EXECUTE format(
            'CREATE TABLE %I PARTITION OF fpindex_changelog FOR VALUES FROM (%L) TO (%L)',
            'fpindex_changelog_' || to_char(month, 'YYYYMM'),
            month::timestamptz,
            (month + interval '1 month')::timestamptz);
        month := (month + interval '1 month')::date;
    END LOOP;
END
$$;

INSERT INTO fpindex_changelog SELECT * FROM fpindex_changelog_default;
DROP TABLE fpindex_changelog_default;
