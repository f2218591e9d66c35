# The API image: the project installed into a slim Python image. Neo4j runs in its own
# container (see docker-compose.yml), so no Java is needed here.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY api ./api
COPY ingest ./ingest
COPY kgcli ./kgcli
COPY data ./data
RUN pip install --no-cache-dir .
ENV KG_ENV=development
EXPOSE 8000
CMD ["kg", "up", "--host", "0.0.0.0", "--port", "8000", "--data", "/app/data"]
