-- Observations and gaps (table sequenced) partitioned by the day they were received (UTC days of received_ms, the
-- column the retention uses), so that retention drops whole days instead of deleting rows (docs/operations.md,
-- "Observation retention on PostgreSQL"). A unique index of a partitioned table must contain the partition key, so the
-- key is (node, seq, received_ms); (node, seq) stays exact because every insert of a node's seq happens under the lock
-- of that node's row in nodes and first looks the seq up in every partition (org.lantaarn.gateway.store.rules).
-- Partitions are named sequenced_dYYYYMMDD; the store creates them ahead and on demand; there is no default partition.
ALTER TABLE sequenced RENAME TO sequenced_unpartitioned;
ALTER TABLE sequenced_unpartitioned RENAME CONSTRAINT sequenced_pkey TO sequenced_unpartitioned_pkey;

CREATE TABLE sequenced (
  node TEXT NOT NULL,
  seq BIGINT NOT NULL,
  kind TEXT NOT NULL,
  stream TEXT NOT NULL,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT NOT NULL,
  payload TEXT NOT NULL,
  received_ms BIGINT NOT NULL,
  twin_published BOOLEAN NOT NULL DEFAULT FALSE,
  twin_marked_ms BIGINT,
  PRIMARY KEY (node, seq, received_ms)
) PARTITION BY RANGE (received_ms);

-- Every other index the old table had moves to the new one as it was (whatever earlier migrations made of it),
-- except sequenced_by_received: it served pruning by DELETE, which the partitions replace.
DO $$
DECLARE
  ix RECORD;
  day BIGINT;
BEGIN
  FOR ix IN SELECT indexname, indexdef FROM pg_indexes
            WHERE schemaname = current_schema() AND tablename = 'sequenced_unpartitioned'
              AND indexname <> 'sequenced_unpartitioned_pkey' LOOP
    EXECUTE format('DROP INDEX %I', ix.indexname);
    CONTINUE WHEN ix.indexname = 'sequenced_by_received';
    EXECUTE replace(ix.indexdef, ' ON ' || current_schema() || '.sequenced_unpartitioned ',
                    ' ON ' || current_schema() || '.sequenced ');
  END LOOP;
  -- A partition for every day that holds rows, and for yesterday up to two days ahead.
  FOR day IN SELECT DISTINCT floor(received_ms / 86400000.0)::BIGINT FROM sequenced_unpartitioned
             UNION SELECT floor(extract(epoch FROM now()) / 86400)::BIGINT + d FROM generate_series(-1, 2) AS d LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF sequenced FOR VALUES FROM (%s) TO (%s)',
                   'sequenced_d' || to_char(to_timestamp(day * 86400) AT TIME ZONE 'UTC', 'YYYYMMDD'),
                   day * 86400000, (day + 1) * 86400000);
  END LOOP;
END $$;

INSERT INTO sequenced SELECT node, seq, kind, stream, start_ms, end_ms, payload, received_ms, twin_published,
  twin_marked_ms FROM sequenced_unpartitioned;
DROP TABLE sequenced_unpartitioned;
