-- The gateway's store on PostgreSQL: the same tables as the embedded SQLite store (times in epoch milliseconds),
-- shared by every gateway replica. The sequencing rules are in Java (org.lantaarn.gateway.store.rules.Sequencing).
CREATE TABLE nodes (
  node TEXT PRIMARY KEY,
  node_hash INTEGER NOT NULL DEFAULT 0,   -- Java's String.hashCode of node: replicas' partitions
  state TEXT NOT NULL DEFAULT 'unknown',
  last_seen BIGINT,
  site TEXT,
  loc_lat DOUBLE PRECISION, loc_lon DOUBLE PRECISION, loc_height DOUBLE PRECISION, loc_description TEXT,
  runtime_version TEXT,
  config_version BIGINT,
  config_hash TEXT,
  birth_json TEXT,
  last_health_json TEXT,
  first_seq BIGINT,
  contiguous_seq BIGINT,
  last_seq BIGINT,
  observations BIGINT NOT NULL DEFAULT 0,
  gaps BIGINT NOT NULL DEFAULT 0,
  duplicates BIGINT NOT NULL DEFAULT 0);

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
  PRIMARY KEY (node, seq));
CREATE INDEX sequenced_by_twin_mark ON sequenced (twin_marked_ms) WHERE twin_marked_ms IS NOT NULL;
CREATE INDEX sequenced_by_stream ON sequenced (node, stream, kind, start_ms);
CREATE INDEX sequenced_pending_twin ON sequenced (node, seq) WHERE NOT twin_published;
CREATE INDEX sequenced_by_received ON sequenced (received_ms);

-- Seqs a gap replaced and the gateway never received: one row per run, whatever its length.
CREATE TABLE dropped_ranges (
  node TEXT NOT NULL,
  first_seq BIGINT NOT NULL,
  last_seq BIGINT NOT NULL,
  gap_seq BIGINT,
  PRIMARY KEY (node, first_seq));

CREATE TABLE health (
  id BIGSERIAL PRIMARY KEY,
  node TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  received_ms BIGINT NOT NULL,
  payload TEXT NOT NULL);
CREATE INDEX health_by_node ON health (node, at_ms);
CREATE INDEX health_by_received ON health (received_ms);

CREATE TABLE config_acks (
  id BIGSERIAL PRIMARY KEY,
  node TEXT NOT NULL,
  version BIGINT NOT NULL,
  sha256 TEXT,
  result TEXT NOT NULL,
  reason TEXT,
  at_ms BIGINT NOT NULL,
  received_ms BIGINT NOT NULL);
CREATE INDEX config_acks_by_node ON config_acks (node, received_ms);

CREATE TABLE desired_configs (
  node TEXT PRIMARY KEY,
  version BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  key_id TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  by_name TEXT NOT NULL);

CREATE TABLE rejections (
  id BIGSERIAL PRIMARY KEY,
  at_ms BIGINT NOT NULL,
  topic TEXT NOT NULL,
  reason TEXT NOT NULL,
  detail TEXT NOT NULL,
  size INTEGER NOT NULL);
CREATE INDEX rejections_by_time ON rejections (at_ms);

-- Counted per reason for ever, although old rejections are pruned.
CREATE TABLE rejection_counts (
  reason TEXT PRIMARY KEY,
  count BIGINT NOT NULL);

CREATE TABLE audit_anchor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  entries BIGINT NOT NULL,
  head TEXT NOT NULL,
  at_ms BIGINT NOT NULL);
