-- API keys: only a hash of each key is kept; the key itself is shown once, when it is created.
CREATE TABLE api_keys (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text        NOT NULL,
    role       text        NOT NULL CHECK (role IN ('scorer', 'moderator', 'trainer', 'admin')),
    key_hash   bytea       NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

-- The review of a flag: who holds it and until when, and the decision once made.
ALTER TABLE flags
    ADD COLUMN claimed_by      bigint REFERENCES api_keys (id),
    ADD COLUMN lease_until     timestamptz,
    ADD COLUMN decided_by      bigint REFERENCES api_keys (id),
    ADD COLUMN decided_at      timestamptz,
    ADD COLUMN decision_labels text[],
    ADD COLUMN note            text;
CREATE INDEX flags_lease ON flags (lease_until) WHERE status = 'claimed';
CREATE INDEX flags_decided ON flags (decided_at) WHERE decided_at IS NOT NULL;

-- Every action on a flag, in order. Append-only: the trigger refuses to change or remove a row.
CREATE TABLE flag_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    flag_id     bigint      NOT NULL REFERENCES flags (id),
    actor       text        NOT NULL,
    actor_key   bigint REFERENCES api_keys (id),
    action      text        NOT NULL,
    from_status text,
    to_status   text        NOT NULL,
    detail      jsonb,
    at          timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX flag_events_flag ON flag_events (flag_id, id);

CREATE FUNCTION flag_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'flag_events is append-only';
END $$;
CREATE TRIGGER flag_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON flag_events
    FOR EACH STATEMENT EXECUTE FUNCTION flag_events_append_only();

-- Comments sent by live sites (POST /v1/comments) belong to an article of that site, found by URL, and are
-- unique per site and external id so that a retry finds the comment it already created. URLs are indexed by
-- hash: a long one would not fit in a btree entry.
ALTER TABLE articles ALTER COLUMN document_id DROP NOT NULL;
ALTER TABLE articles ADD COLUMN site text;
CREATE UNIQUE INDEX articles_site_url ON articles (site, md5(url)) WHERE site IS NOT NULL;
ALTER TABLE comments ADD COLUMN site text;
CREATE UNIQUE INDEX comments_site_external_id ON comments (site, external_id) WHERE site IS NOT NULL;
CREATE INDEX comments_author ON comments (md5(author)) WHERE author IS NOT NULL;

-- Labels brought in from elsewhere (POST /v1/labels); moderators' decisions are labels read from flags.
-- A label value of NULL means unknown, as -1 does in the CSV layout.
CREATE TABLE imported_labels (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    external_id   text        NOT NULL UNIQUE,
    text          text        NOT NULL,
    toxic         smallint,
    severe_toxic  smallint,
    obscene       smallint,
    threat        smallint,
    insult        smallint,
    identity_hate smallint,
    imported_by   bigint REFERENCES api_keys (id),
    imported_at   timestamptz NOT NULL DEFAULT now()
);
