"""The compose deployment (deploy/docker-compose.yml) rehearsed as local processes on 127.0.0.1."""
