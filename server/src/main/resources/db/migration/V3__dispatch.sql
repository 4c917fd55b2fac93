-- Assignments of teams to incidents. At most one active assignment per team, enforced here as well as by the
-- command (the team row is locked while it is checked): a second active one cannot be written.
CREATE TABLE assignments (
    id           text PRIMARY KEY,
    version      bigint      NOT NULL,
    incident_id  text        NOT NULL,
    team_id      text        NOT NULL,
    status       text        NOT NULL,
    active       boolean     NOT NULL,
    updated_at   timestamptz NOT NULL,
    data         bytea       NOT NULL
);
CREATE UNIQUE INDEX assignments_one_active_per_team ON assignments (team_id) WHERE active;
CREATE INDEX assignments_by_incident ON assignments (incident_id);
CREATE INDEX assignments_recent ON assignments (updated_at);

-- Alerts raised by status timers. One open alert per (assignment, kind): raising it again changes nothing.
CREATE TABLE alerts (
    id             text PRIMARY KEY,
    version        bigint      NOT NULL,
    kind           text        NOT NULL,
    assignment_id  text        NOT NULL,
    team_id        text        NOT NULL,
    incident_id    text        NOT NULL,
    open           boolean     NOT NULL,
    raised_at      timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    data           bytea       NOT NULL
);
CREATE UNIQUE INDEX alerts_one_open ON alerts (assignment_id, kind) WHERE open;
CREATE INDEX alerts_recent ON alerts (updated_at);
