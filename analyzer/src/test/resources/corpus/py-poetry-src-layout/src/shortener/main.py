import os

import asyncpg
from fastapi import FastAPI

app = FastAPI()


@app.on_event("startup")
async def connect():
    app.state.pool = await asyncpg.create_pool(os.environ["DATABASE_URL"])


@app.get("/{code}")
async def resolve(code: str):
    row = await app.state.pool.fetchrow("select url from links where code = $1", code)
    return {"url": row["url"] if row else None}
