# Production image: gunicorn for web, the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# CJK fonts for PDF credit reports.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-cjk gettext curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir .
COPY . .
RUN DJANGO_DEBUG=false SECRET_KEY=build-only python manage.py collectstatic --noinput -v 0 \
    && useradd --system --home /app credit \
    && mkdir -p /app/.data/media && chown -R credit /app/.data
USER credit
EXPOSE 8000
CMD ["gunicorn", "credit_platform.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4"]
