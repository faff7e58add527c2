# Gunicorn configuration file.
# https://docs.gunicorn.org/en/stable/configure.html
import os

wsgi_app = "gettingstarted.wsgi"
workers = int(os.environ.get("WEB_CONCURRENCY", 2))
accesslog = "-"
