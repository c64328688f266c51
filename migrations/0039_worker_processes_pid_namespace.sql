/*
 * A worker process on the same machine (same hostname and PID namespace) can tell at once that
 * another one died: its pid is gone. So a worker restarted after kill -9, or a neighbour, frees
 * the dead one's jobs within seconds instead of after the 30 s stale heartbeat (src/worker/sweep.ts).
 * Null where the namespace cannot be read (not Linux): only the heartbeat counts there.
 */
alter table worker_processes add column pid_namespace text;
comment on column worker_processes.pid_namespace is E'kernel boot id and /proc/self/ns/pid of the process (e.g. 1b2c…/pid:[4026531836]); with hostname, where its pid can be checked directly.';
