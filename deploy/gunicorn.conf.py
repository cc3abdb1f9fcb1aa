"""Gunicorn's settings for Assure's web processes: `gunicorn -c deploy/gunicorn.conf.py assure.wsgi`.

WEB_CONCURRENCY worker processes of GUNICORN_THREADS threads each listen on PORT. Each thread
holds at most one database connection (kept DATABASE_CONN_MAX_AGE seconds), so the database
must accept WEB_CONCURRENCY x GUNICORN_THREADS connections per web process.
"""

import os

bind = f"{os.environ.get('GUNICORN_HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A board paper of a large plan takes a few seconds to render; nothing takes a minute.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Replacing each worker after a while bounds what any leak can grow to; the jitter keeps the
# workers from being replaced all at once.
max_requests = 1000
max_requests_jitter = 100
# The workers' heartbeat files go in memory: a container's disk may be slow or read-only.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Django logs every request as one JSON line (core/request_log.py); gunicorn's errors go to stderr.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The proxy in front terminates TLS; Django believes its headers only when BEHIND_PROXY is set.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
