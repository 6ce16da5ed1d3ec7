# The portal's web image; docker-compose.yml runs it as web, worker and beat.
# Built CSS is committed (static/), so no Node is needed here.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.production

# Pango and HarfBuzz for WeasyPrint (PDF letters and receipts); a font it can use.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 portal
WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
# (pyproject.toml lists no packages: `pip install .` installs the pinned dependencies.)
COPY pyproject.toml ./
RUN pip install . && rm -rf build *.egg-info

COPY --chown=portal:portal . .

# Static files with hashed names for WhiteNoise. Production settings refuse to load
# without a SECRET_KEY; this throwaway one exists only during this build step.
RUN SECRET_KEY="collectstatic-only-$(python -c 'import secrets; print(secrets.token_urlsafe(48))')" \
    python manage.py collectstatic --noinput \
    && mkdir -p var/media var/mail var/sms \
    && chown -R portal:portal var

USER portal
EXPOSE 8000
# gunicorn's settings are in gunicorn.conf.py: port 8000 (PORT), access log to stdout,
# and 2 workers per CPU plus 1 (at most 16) unless WEB_CONCURRENCY says otherwise.
# scripts/portal-process holds every process's command line (web, worker, beat,
# migrate): docker-compose.yml and scripts/production-smoke.sh use it too.
CMD ["scripts/portal-process", "web"]
