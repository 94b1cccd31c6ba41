"""gunicorn's settings for Samvær's HTTP workers: `gunicorn -c deploy/gunicorn.conf.py`
(deploy/Procfile and deploy/serve-scale). Bind address and worker count are given there."""

timeout = 30

# The access log, on standard output: client, time, method, the path WITHOUT its query
# string (%(U)s, not the request line %(r)s), status, size, duration. Searches carry
# people's names and addresses in the query (?near=, ?q=); the referrer and user agent
# are left out too, since a referrer is a URL with its own query string.
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
