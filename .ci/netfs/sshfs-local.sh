#!/usr/bin/env bash
# sshfs-local.sh - a real network file system on localhost for Repro4j's shared-store tests.
#
# This machine's kernel has no NFS client (see /proc/filesystems), but it has FUSE. So the tests use
# SSHFS: one export directory served by a private sshd on 127.0.0.1 over SFTP, mounted TWICE with
# sshfs, as two hosts of a cluster would mount one share. Each mount has its own client-side caches
# (attributes, directory listings, data), no lock is shared between the mounts (FUSE keeps fcntl and
# flock locks per client), and what crosses is what crosses NFS too: open with O_EXCL, rename,
# mkdir, write, read. Tests that pass here rely on exactly that.
#
#   sshfs-local.sh start    install (if needed) openssh-server + sshfs, start sshd, mount both clients
#   sshfs-local.sh status   show the mounts
#   sshfs-local.sh stop     unmount both clients and stop the sshd (by its pid file)
#
# Layout (REPRO4J_NETFS, default /tmp/repro4j-netfs): export/ (the share, on local disk), a/ and b/
# (the two client mounts), ssh/ (keys, config, pid, log). Port: REPRO4J_NETFS_PORT (default 22022).
# Needs root (sshd, mount) and /dev/fuse.
set -euo pipefail

BASE=${REPRO4J_NETFS:-/tmp/repro4j-netfs}
PORT=${REPRO4J_NETFS_PORT:-22022}
SSH=$BASE/ssh

mounted() { grep -q " $1 fuse.sshfs " /proc/mounts; }

install() {
  if command -v sshfs >/dev/null && [ -x /usr/sbin/sshd ]; then
    return
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server openssh-client sshfs >/dev/null
}

start() {
  [ "$(id -u)" -eq 0 ] || { echo "sshfs-local.sh: run as root (sshd and mount need it)" >&2; exit 1; }
  [ -e /dev/fuse ] || { echo "sshfs-local.sh: no /dev/fuse on this machine" >&2; exit 1; }
  install
  mkdir -p "$BASE/export" "$BASE/a" "$BASE/b" "$SSH" /run/sshd
  if [ ! -f "$SSH/host_key" ]; then
    ssh-keygen -q -t ed25519 -N "" -f "$SSH/host_key"
    ssh-keygen -q -t ed25519 -N "" -f "$SSH/client_key"
    cp "$SSH/client_key.pub" "$SSH/authorized_keys"
    chmod 600 "$SSH/authorized_keys"
  fi
  cat > "$SSH/sshd_config" <<CONF
Port $PORT
ListenAddress 127.0.0.1
HostKey $SSH/host_key
AuthorizedKeysFile $SSH/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
PidFile $SSH/sshd.pid
Subsystem sftp internal-sftp
CONF
  if ! { [ -f "$SSH/sshd.pid" ] && kill -0 "$(cat "$SSH/sshd.pid")" 2>/dev/null; }; then
    /usr/sbin/sshd -f "$SSH/sshd_config" -E "$SSH/sshd.log"
    for _ in $(seq 50); do [ -f "$SSH/sshd.pid" ] && break; sleep 0.1; done
  fi
  for client in a b; do
    if ! mounted "$BASE/$client"; then
      sshfs -p "$PORT" \
        -o "IdentityFile=$SSH/client_key,StrictHostKeyChecking=no,UserKnownHostsFile=/dev/null,BatchMode=yes" \
        "root@127.0.0.1:$BASE/export" "$BASE/$client"
    fi
  done
  status
}

status() {
  for client in a b; do
    if mounted "$BASE/$client"; then echo "mounted: $BASE/$client (sshfs of $BASE/export)"; else echo "not mounted: $BASE/$client"; fi
  done
}

stop() {
  for client in a b; do
    if mounted "$BASE/$client"; then fusermount -u "$BASE/$client" || umount -l "$BASE/$client"; fi
  done
  if [ -f "$SSH/sshd.pid" ]; then
    kill "$(cat "$SSH/sshd.pid")" 2>/dev/null || true
    rm -f "$SSH/sshd.pid"
  fi
}

case "${1:-}" in
  start) start ;;
  status) status ;;
  stop) stop ;;
  *) echo "usage: $0 start|status|stop" >&2; exit 2 ;;
esac
