-- The primary key of the location history leads with the fix's time: fixes arrive in nearly time order from many
-- devices at once, so a new key lands near the right edge of the index, on pages already in memory, instead of on
-- the leaf of its device (one page per device touched per batch, scattered over the whole index, each written in
-- full to the WAL after a checkpoint). Uniqueness is the same: a fix is still its device, time and sequence number.
-- Rebuilds the key of every partition; the table is locked meanwhile.
ALTER TABLE positions DROP CONSTRAINT positions_pkey;
ALTER TABLE positions ADD PRIMARY KEY (time, device_id, seq);
