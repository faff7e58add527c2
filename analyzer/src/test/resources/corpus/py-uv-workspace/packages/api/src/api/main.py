from fastapi import FastAPI

from core import summarize

app = FastAPI()


@app.get("/health")
def health():
    return {"ok": True}


@app.get("/reports/{name}")
def report(name: str):
    return summarize(name)
