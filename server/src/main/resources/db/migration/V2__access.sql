-- One-time sign-in codes (the first-start admin link, and links an admin makes for others). Only a hash of the
-- code is kept; a code works once, before it expires.
CREATE TABLE login_links (
    code_hash    text PRIMARY KEY,
    subject      text        NOT NULL,
    role         text        NOT NULL,
    regions      text        NOT NULL DEFAULT '',
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz,
    created_by   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- Every authentication and authorization decision and every command: who, what, when (UTC), from where, outcome.
CREATE TABLE audit_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           timestamptz NOT NULL,
    subject      text        NOT NULL,
    role         text        NOT NULL,
    origin       text        NOT NULL,
    action       text        NOT NULL,
    resource     text        NOT NULL,
    outcome      text        NOT NULL,
    status       int         NOT NULL,
    detail       text
);
CREATE INDEX audit_log_by_time ON audit_log (at);
CREATE INDEX audit_log_by_subject ON audit_log (subject, at);
