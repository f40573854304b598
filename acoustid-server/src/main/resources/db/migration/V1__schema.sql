-- AcoustID schema, version 1: the app, fingerprint and ingest databases of the specification
-- (section 11) in one database. Names follow <table>_idx_<col>.

-- app
CREATE TABLE account (
    id serial PRIMARY KEY,
    name text NOT NULL,
    apikey text NOT NULL,
    mbuser text,
    anonymous boolean DEFAULT false,
    created timestamptz DEFAULT CURRENT_TIMESTAMP,
    lastlogin timestamptz,
    submission_count int NOT NULL DEFAULT 0,
    application_id int,
    application_version text,
    created_from inet,
    is_admin boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX account_idx_apikey ON account (apikey);
CREATE UNIQUE INDEX account_idx_mbuser ON account (mbuser);

CREATE TABLE account_openid (openid text PRIMARY KEY, account_id int NOT NULL REFERENCES account (id));
CREATE INDEX account_openid_idx_account_id ON account_openid (account_id);
CREATE TABLE account_google (google_user_id text PRIMARY KEY, account_id int NOT NULL REFERENCES account (id));

CREATE TABLE application (
    id serial PRIMARY KEY,
    name text NOT NULL,
    version text NOT NULL,
    apikey text NOT NULL,
    created timestamptz DEFAULT CURRENT_TIMESTAMP,
    active boolean DEFAULT true,
    account_id int NOT NULL REFERENCES account (id),
    email text,
    website text
);
CREATE UNIQUE INDEX application_idx_apikey ON application (apikey);
ALTER TABLE account ADD FOREIGN KEY (application_id) REFERENCES application (id);

CREATE TABLE format (id serial PRIMARY KEY, name text NOT NULL);
CREATE UNIQUE INDEX format_idx_name ON format (name);

CREATE TABLE source (
    id serial PRIMARY KEY,
    application_id int NOT NULL REFERENCES application (id),
    account_id int NOT NULL REFERENCES account (id),
    version text
);
CREATE UNIQUE INDEX source_idx_uniq ON source (application_id, account_id, version);

CREATE TABLE stats (id serial PRIMARY KEY, name text NOT NULL, date date NOT NULL DEFAULT current_date, value int NOT NULL);
CREATE INDEX stats_idx_date ON stats (date);
CREATE INDEX stats_idx_name_date ON stats (name, date);

CREATE TABLE stats_lookups (
    id serial PRIMARY KEY,
    date date NOT NULL,
    hour int NOT NULL,
    application_id int NOT NULL REFERENCES application (id),
    count_nohits int NOT NULL DEFAULT 0,
    count_hits int NOT NULL DEFAULT 0
);
CREATE INDEX stats_lookups_idx_date ON stats_lookups (date);
CREATE UNIQUE INDEX stats_lookups_idx_uniq ON stats_lookups (application_id, date, hour);

CREATE TABLE stats_user_agents (
    id serial PRIMARY KEY,
    date date NOT NULL,
    application_id int NOT NULL REFERENCES application (id),
    user_agent text NOT NULL,
    ip text NOT NULL,
    count int NOT NULL DEFAULT 0
);
CREATE INDEX stats_user_agents_idx_date ON stats_user_agents (date);
CREATE UNIQUE INDEX stats_user_agents_idx_uniq ON stats_user_agents (application_id, date, user_agent, ip);

CREATE TABLE stats_top_accounts (id serial PRIMARY KEY, account_id int NOT NULL REFERENCES account (id), count int NOT NULL);

-- fingerprint
CREATE TABLE track (
    id serial PRIMARY KEY,
    gid uuid NOT NULL,
    created timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated timestamptz,
    new_id int REFERENCES track (id)
);
CREATE UNIQUE INDEX track_idx_gid ON track (gid);

CREATE TABLE fingerprint (
    id serial PRIMARY KEY,
    fingerprint int4[] NOT NULL,
    length smallint NOT NULL CHECK (length > 0),
    bitrate smallint CHECK (bitrate > 0),
    format_id int REFERENCES format (id),
    created timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated timestamptz,
    track_id int NOT NULL REFERENCES track (id),
    submission_count int NOT NULL
);
CREATE INDEX fingerprint_idx_length ON fingerprint (length);
CREATE INDEX fingerprint_idx_track_id ON fingerprint (track_id);

CREATE TABLE fingerprint_data (
    id int PRIMARY KEY REFERENCES fingerprint (id),
    gid uuid NOT NULL,
    fingerprint bytea NOT NULL,
    simhash int NOT NULL,
    created timestamptz DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX fingerprint_data_idx_gid ON fingerprint_data (gid);
CREATE INDEX fingerprint_data_idx_simhash ON fingerprint_data (simhash);

CREATE TABLE track_mbid (
    id serial PRIMARY KEY,
    track_id int NOT NULL REFERENCES track (id),
    mbid uuid NOT NULL,
    created timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated timestamptz,
    submission_count int NOT NULL,
    disabled boolean NOT NULL DEFAULT false,
    merged_into int REFERENCES track_mbid (id)
);
CREATE INDEX track_mbid_idx_mbid ON track_mbid (mbid);
CREATE UNIQUE INDEX track_mbid_idx_uniq ON track_mbid (track_id, mbid);

CREATE TABLE track_puid (
    id serial PRIMARY KEY,
    track_id int NOT NULL REFERENCES track (id),
    puid uuid NOT NULL,
    created timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated timestamptz,
    submission_count int NOT NULL
);
CREATE INDEX track_puid_idx_puid ON track_puid (puid);
CREATE UNIQUE INDEX track_puid_idx_uniq ON track_puid (track_id, puid);

CREATE TABLE meta (
    id serial PRIMARY KEY,
    track text,
    artist text,
    album text,
    album_artist text,
    track_no int,
    disc_no int,
    year int,
    created timestamptz DEFAULT CURRENT_TIMESTAMP,
    gid uuid
);
CREATE UNIQUE INDEX meta_idx_gid ON meta (gid);

CREATE TABLE track_meta (
    id serial PRIMARY KEY,
    track_id int NOT NULL REFERENCES track (id),
    meta_id int NOT NULL REFERENCES meta (id),
    created timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated timestamptz,
    submission_count int NOT NULL
);
CREATE INDEX track_meta_idx_meta_id ON track_meta (meta_id);
CREATE UNIQUE INDEX track_meta_idx_uniq ON track_meta (track_id, meta_id);

CREATE TABLE foreignid_vendor (id serial PRIMARY KEY, name text NOT NULL);
CREATE UNIQUE INDEX foreignid_vendor_idx_name ON foreignid_vendor (name);
CREATE TABLE foreignid (id serial PRIMARY KEY, vendor_id int NOT NULL REFERENCES foreignid_vendor (id), name text NOT NULL);
CREATE UNIQUE INDEX foreignid_idx_uniq ON foreignid (vendor_id, name);

CREATE TABLE track_foreignid (
    id serial PRIMARY KEY,
    track_id int NOT NULL REFERENCES track (id),
    foreignid_id int NOT NULL REFERENCES foreignid (id),
    created timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated timestamptz,
    submission_count int NOT NULL
);
CREATE INDEX track_foreignid_idx_foreignid_id ON track_foreignid (foreignid_id);
CREATE UNIQUE INDEX track_foreignid_idx_uniq ON track_foreignid (track_id, foreignid_id);

CREATE SEQUENCE fpindex_changelog_id_seq;
CREATE TABLE fpindex_changelog (
    id bigint NOT NULL DEFAULT nextval('fpindex_changelog_id_seq'),
    fingerprint_id int NOT NULL,
    query int4[] NOT NULL,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    created timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (id, created)
) PARTITION BY RANGE (created);
CREATE TABLE fpindex_changelog_default PARTITION OF fpindex_changelog DEFAULT;

CREATE TABLE fpindex_meta (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    last_deleted_id bigint,
    last_deleted_created timestamptz,
    last_deleted_xid xid8,
    updated timestamptz
);

-- ingest
CREATE TABLE submission (
    id serial PRIMARY KEY,
    created timestamptz DEFAULT CURRENT_TIMESTAMP,
    handled_at timestamptz,
    handled boolean DEFAULT false,
    account_id int,
    application_id int,
    application_version text,
    source_id int,
    fingerprint int4[] NOT NULL,
    length smallint NOT NULL CHECK (length > 0),
    bitrate smallint CHECK (bitrate > 0),
    format text,
    format_id int,
    meta jsonb,
    meta_gid uuid,
    meta_id int,
    mbid uuid,
    puid uuid,
    foreignid text,
    foreignid_id int
);
CREATE INDEX submission_idx_handled ON submission (id) WHERE handled = false;

CREATE TABLE pending_submission (id int PRIMARY KEY);

CREATE TABLE submission_result (
    submission_id int PRIMARY KEY,
    created timestamptz NOT NULL,
    handled_at timestamptz,
    account_id int NOT NULL,
    application_id int NOT NULL,
    application_version text,
    fingerprint_id int NOT NULL,
    track_id int NOT NULL,
    meta_gid uuid,
    meta_id int,
    mbid uuid,
    puid uuid,
    foreignid text
);

CREATE TABLE fingerprint_source (
    id serial PRIMARY KEY,
    fingerprint_id int NOT NULL,
    submission_id int NOT NULL,
    source_id int NOT NULL,
    created timestamptz DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX fingerprint_source_idx_submission_id ON fingerprint_source (submission_id);

CREATE TABLE track_mbid_source (
    id serial PRIMARY KEY,
    track_mbid_id int NOT NULL,
    submission_id int,
    source_id int NOT NULL,
    created timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated timestamptz
);
CREATE INDEX track_mbid_source_idx_track_mbid_id ON track_mbid_source (track_mbid_id);
CREATE INDEX track_mbid_source_idx_source_id ON track_mbid_source (source_id);

CREATE TABLE track_mbid_change (
    id serial PRIMARY KEY,
    track_mbid_id int NOT NULL,
    account_id int NOT NULL,
    created timestamptz DEFAULT CURRENT_TIMESTAMP,
    disabled boolean NOT NULL,
    note text,
    updated timestamptz
);
CREATE INDEX track_mbid_change_idx_track_mbid_id ON track_mbid_change (track_mbid_id);

CREATE TABLE track_puid_source (id serial PRIMARY KEY, track_puid_id int NOT NULL, submission_id int, source_id int NOT NULL, created timestamptz DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE track_meta_source (id serial PRIMARY KEY, track_meta_id int NOT NULL, submission_id int, source_id int NOT NULL, created timestamptz DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE track_foreignid_source (id serial PRIMARY KEY, track_foreignid_id int NOT NULL, submission_id int, source_id int NOT NULL, created timestamptz DEFAULT CURRENT_TIMESTAMP);
