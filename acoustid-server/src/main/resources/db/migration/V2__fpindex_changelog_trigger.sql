-- acoustid_extract_query (specification §6.2) in PL/pgSQL, so the changelog needs no C extension.
-- Must agree with org.acoustid.chromaprint.QueryExtractor (tested on the golden fingerprints).
CREATE FUNCTION acoustid_extract_query(fp int4[]) RETURNS int4[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    silence CONSTANT int4 := 627964279;
    lo int := coalesce(array_lower(fp, 1), 1);
    n int := coalesce(array_length(fp, 1), 0);
    clean int := 0;
    start int;
    terms int4[] := '{}';
    x int4;
    i int;
BEGIN
    FOR i IN 0 .. n - 1 LOOP
        IF fp[lo + i] <> silence THEN
            clean := clean + 1;
        END IF;
    END LOOP;
    IF clean = 0 THEN
        RETURN terms;
    END IF;
    start := greatest(0, least(clean - 120, 80));
    FOR i IN start .. n - 1 LOOP
        CONTINUE WHEN fp[lo + i] = silence;
        x := fp[lo + i] & -16; -- keep the top 28 bits (0xFFFFFFF0)
        CONTINUE WHEN x = ANY (terms);
        terms := terms || x;
        EXIT WHEN array_length(terms, 1) = 120;
    END LOOP;
    RETURN terms;
END
$$;

-- Every new fingerprint enters the index changelog (specification §10.2). The advisory lock is
-- taken before the changelog id is drawn and held until commit, so id order is commit order and
-- a reader may tail "id > cursor" without ever skipping a row.
CREATE FUNCTION fpindex_changelog_add() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(7723016524936704001);
    INSERT INTO fpindex_changelog (fingerprint_id, query)
    VALUES (NEW.id, acoustid_extract_query(NEW.fingerprint));
    RETURN NULL;
END
$$;

CREATE TRIGGER fingerprint_fpindex_changelog AFTER INSERT ON fingerprint
    FOR EACH ROW EXECUTE FUNCTION fpindex_changelog_add();
