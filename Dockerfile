# One image for every Engage process: web (gunicorn), worker and beat (Celery), migrations.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    ENGAGE_VAR_DIR=/app/var \
    MEDIA_ROOT=/data/media \
    STATIC_ROOT=/app/staticfiles

RUN groupadd --system --gid 10001 engage \
    && useradd --system --uid 10001 --gid engage --home-dir /app --shell /usr/sbin/nologin engage

WORKDIR /app
# Dependencies first, so code changes do not reinstall them.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=root:root . .

# Static files are collected (compressed, cache-busted) into the image. The key below exists only
# for this build step; the running containers must be given the real DJANGO_SECRET_KEY.
RUN DJANGO_DEBUG=false DJANGO_SECRET_KEY=collectstatic-only-not-a-secret ENGAGE_VAR_DIR=/tmp/build \
        python manage.py collectstatic --noinput \
    && rm -rf /tmp/build \
    && mkdir -p /app/var /data/media \
    && chown engage:engage /app/var /data/media

USER engage
EXPOSE 8000
CMD ["gunicorn", "engage.wsgi", "--bind", "0.0.0.0:8000", "--worker-class", "gthread", "--workers", "2", "--threads", "4"]
