-- The timeline: every accepted command as one event, in commit order of its writer.
-- payload is a muster.v1.TimelineEvent (without seq, which is this table's identity).
CREATE TABLE events (
    seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id           uuid        NOT NULL UNIQUE,
    occurred_at  timestamptz NOT NULL,
    type         text        NOT NULL,
    actor        text        NOT NULL,
    actor_role   text        NOT NULL,
    incident_id  text,
    team_id      text,
    payload      bytea       NOT NULL
);
CREATE INDEX events_by_incident ON events (incident_id, seq) WHERE incident_id IS NOT NULL;
CREATE INDEX events_by_team ON events (team_id, seq) WHERE team_id IS NOT NULL;
CREATE INDEX events_by_time ON events (occurred_at);

-- Current state, written in the same transaction as the event that produced it. The live picture in
-- Hazelcast is a view of these rows; a full-cluster restart loads it from here. data is the Protobuf message.
-- A deleted team or equipment type keeps its row (deleted = true) so that a re-created one continues its versions:
-- versions only ever grow, which is what lets the view order changes applied by different members.
CREATE TABLE teams (
    id           text PRIMARY KEY,
    version      bigint      NOT NULL,
    deleted      boolean     NOT NULL DEFAULT false,
    region_code  text        NOT NULL,
    status       text        NOT NULL,
    updated_at   timestamptz NOT NULL,
    data         bytea       NOT NULL
);
CREATE INDEX teams_by_region ON teams (region_code);

CREATE TABLE incidents (
    id           text PRIMARY KEY,
    version      bigint      NOT NULL,
    type         text        NOT NULL,
    status       text        NOT NULL,
    region_code  text        NOT NULL,
    reported_at  timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    data         bytea       NOT NULL
);
CREATE INDEX incidents_by_status ON incidents (status, reported_at);

CREATE TABLE capability_definitions (
    code         text PRIMARY KEY,
    data         bytea       NOT NULL
);

CREATE TABLE equipment_types (
    code         text PRIMARY KEY,
    version      bigint      NOT NULL,
    deleted      boolean     NOT NULL DEFAULT false,
    updated_at   timestamptz NOT NULL,
    data         bytea       NOT NULL
);

CREATE TABLE response_plans (
    id           text PRIMARY KEY,
    version      bigint      NOT NULL,
    updated_at   timestamptz NOT NULL,
    data         bytea       NOT NULL
);

-- Responses of requests sent with an Idempotency-Key, per principal: a retry gets the first answer.
CREATE TABLE idempotency_keys (
    principal    text        NOT NULL,
    key          text        NOT NULL,
    request_hash text        NOT NULL,
    status       int         NOT NULL,
    response     text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (principal, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

-- Facts about the store itself (e.g. that the built-in catalogue was seeded once).
CREATE TABLE store_facts (
    name         text PRIMARY KEY,
    value        text        NOT NULL,
    set_at       timestamptz NOT NULL DEFAULT now()
);
