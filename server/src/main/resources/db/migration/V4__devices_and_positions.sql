-- Registered field devices. A JT/T 808 terminal keeps the hash of the auth code it was given at registration.
CREATE TABLE devices (
    id              text PRIMARY KEY,
    version         bigint      NOT NULL,
    deleted         boolean     NOT NULL DEFAULT false,
    team_id         text        NOT NULL,
    protocol        text        NOT NULL,
    auth_code_hash  text,
    updated_at      timestamptz NOT NULL,
    data            bytea       NOT NULL
);
CREATE INDEX devices_by_team ON devices (team_id) WHERE NOT deleted;

-- Location history: every accepted fix, by device time, partitioned by month. A fix is identified by its device,
-- its time and the device's sequence number (0 for protocols without one), so a resent fix is a duplicate and is
-- ignored. Fixes outside the prepared months land in the default partition; nothing is refused for its date.
CREATE TABLE positions (
    device_id    text             NOT NULL,
    time         timestamptz      NOT NULL,
    seq          bigint           NOT NULL,
    team_id      text,
    lon          double precision NOT NULL,
    lat          double precision NOT NULL,
    accuracy     real,
    speed        real,
    heading      real,
    altitude     real,
    battery      real,
    source       smallint         NOT NULL,
    received_at  timestamptz      NOT NULL,
    PRIMARY KEY (device_id, time, seq)
) PARTITION BY RANGE (time);
CREATE TABLE positions_default PARTITION OF positions DEFAULT;
CREATE INDEX positions_by_team_time ON positions (team_id, time);

-- Months are added ahead by the server (see PgLocationHistory.prepareMonths); these cover the first weeks.
DO $$
DECLARE m date := date_trunc('month', now())::date - interval '1 month';
BEGIN
  FOR i IN 0..3 LOOP
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF positions FOR VALUES FROM (%L) TO (%L)',
                   'positions_' || to_char(m + (i || ' month')::interval, 'YYYYMM'),
                   m + (i || ' month')::interval, m + ((i + 1) || ' month')::interval);
  END LOOP;
END $$;
