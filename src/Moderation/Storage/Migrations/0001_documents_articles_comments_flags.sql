-- One row per inbox document version: the content hash makes re-reading a file a no-op, and the unique
-- constraint is how several workers agree on who ingests it.
CREATE TABLE documents (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source       text        NOT NULL,
    content_hash bytea       NOT NULL UNIQUE,
    version      int         NOT NULL,
    format       text,
    status       text        NOT NULL CHECK (status IN ('ingested', 'failed')),
    error        text,
    warnings     text[]      NOT NULL DEFAULT '{}',
    ingested_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_source ON documents (source);

-- A failed document keeps one article row with no title, so it is listed with its error.
CREATE TABLE articles (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id  bigint      NOT NULL REFERENCES documents (id),
    title        text,
    byline       text,
    body         text        NOT NULL DEFAULT '',
    url          text,
    published_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX articles_document ON articles (document_id);

CREATE TABLE comments (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id    bigint      NOT NULL REFERENCES articles (id),
    position      int         NOT NULL,
    author        text,
    text          text        NOT NULL,
    external_id   text,
    parent_id     text,
    created_at    timestamptz,
    spam          boolean     NOT NULL DEFAULT false,
    deleted       boolean     NOT NULL DEFAULT false,
    toxic         real        NOT NULL,
    severe_toxic  real        NOT NULL,
    obscene       real        NOT NULL,
    threat        real        NOT NULL,
    insult        real        NOT NULL,
    identity_hate real        NOT NULL,
    explanation   jsonb       NOT NULL DEFAULT '{}',
    model_version text        NOT NULL,
    priority      real        NOT NULL,
    flagged       boolean     NOT NULL,
    stored_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (article_id, position)
);

CREATE TABLE flags (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    comment_id bigint      NOT NULL UNIQUE REFERENCES comments (id),
    priority   real        NOT NULL,
    status     text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'claimed', 'removed', 'approved', 'escalated')),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX flags_queue ON flags (status, priority DESC, id);
