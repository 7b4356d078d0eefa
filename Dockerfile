# One image for the Rasa server and the action server (same pinned environment).
FROM python:3.10-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
WORKDIR /app

COPY requirements.txt constraints.txt ./
RUN pip install --no-cache-dir -r requirements.txt -c constraints.txt

COPY pyproject.toml alembic.ini ./
COPY bot ./bot
COPY actions ./actions
COPY components ./components
COPY scripts/__init__.py scripts/build_spacy_model.py scripts/serve_rasa.py scripts/without_tensorflow.py ./scripts/
RUN pip install --no-cache-dir --no-deps -e . \
 && python scripts/build_spacy_model.py var/spacy/de_lotse

COPY config.yml domain.yml endpoints.yml endpoints.scaled.yml credentials.yml ./
COPY data ./data

RUN useradd --create-home lotse && chown -R lotse /app
USER lotse
EXPOSE 5005 5055
# scripts/serve_rasa.py: rasa run, without TensorFlow for a model that needs none
CMD ["python", "-m", "scripts.serve_rasa", "run", "--model", "models/lotse.tar.gz", "--port", "5005", \
     "--credentials", "credentials.yml", "--endpoints", "endpoints.yml"]
