#!/usr/bin/env bash
# Brings up what the integration tests talk to, installing Debian packages where missing:
# PostgreSQL 15 on 127.0.0.1:5432 (role/database afp with CREATEDB), Redis on 6379, NATS with
# JetStream on 4222, libchromaprint1 for the native binding's tests and ffmpeg for decoding tests. Idempotent.
set -euo pipefail

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # port name
  for _ in $(seq 1 60); do listening "$1" && return 0; sleep 0.5; done
  echo "error: $2 did not start listening on 127.0.0.1:$1" >&2
  exit 1
}

apt_updated=0
need_package() { # command-or-file package
  if command -v "$1" >/dev/null 2>&1 || [ -e "$1" ]; then return 0; fi
  if [ "$(id -u)" != 0 ]; then
    echo "error: $2 is not installed and this script is not root; run: sudo apt-get install $2" >&2
    exit 1
  fi
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sh -c "$1"; fi; }

# PostgreSQL
if ! listening 5432; then
  need_package pg_ctlcluster postgresql
  version=$(ls /etc/postgresql | sort -V | tail -n1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster "$version" main start
  wait_for 5432 PostgreSQL
fi
if ! as_postgres "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname = 'afp'\"" | grep -q 1; then
  as_postgres "psql -q -c \"CREATE ROLE afp LOGIN CREATEDB PASSWORD 'afp'\""
fi
as_postgres "psql -q -c \"ALTER ROLE afp LOGIN CREATEDB PASSWORD 'afp'\""
if ! as_postgres "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'afp'\"" | grep -q 1; then
  as_postgres "psql -q -c \"CREATE DATABASE afp OWNER afp\""
fi

# Redis (keeps nothing on disk)
if ! listening 6379; then
  need_package redis-server redis-server
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no \
    --dir /tmp --logfile /tmp/redis-ci.log
  wait_for 6379 Redis
fi

# NATS with JetStream
if ! listening 4222; then
  need_package nats-server nats-server
  store=/var/lib/nats-server
  mkdir -p "$store" 2>/dev/null || store=$(mktemp -d)
  nohup nats-server -js -a 127.0.0.1 -p 4222 -sd "$store" >/tmp/nats-ci.log 2>&1 &
  wait_for 4222 NATS
fi

# libchromaprint for the JNA binding's reference tests
if ! ldconfig -p 2>/dev/null | grep -q 'libchromaprint\.so\.1'; then
  need_package /usr/lib/x86_64-linux-gnu/libchromaprint.so.1 libchromaprint1
fi

# ffmpeg decodes the compressed golden clips (MP3, Ogg) for the Chromaprint tests
need_package ffmpeg ffmpeg

echo "services: PostgreSQL :5432, Redis :6379, NATS JetStream :4222 are up"
