import os

import redis
from fastapi import FastAPI

cache = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/0"))
app = FastAPI()


@app.get("/products/{sku}")
def product(sku: str):
    return {"sku": sku, "views": cache.incr(f"views:{sku}")}
