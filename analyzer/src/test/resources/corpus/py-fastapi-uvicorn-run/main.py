import httpx
import uvicorn
from fastapi import FastAPI

app = FastAPI()


@app.get("/healthz")
def healthz():
    return {"status": "ok"}


@app.get("/rates/{currency}")
async def rates(currency: str):
    async with httpx.AsyncClient() as client:
        answer = await client.get(f"https://open.er-api.com/v6/latest/{currency}")
    return answer.json()


if __name__ == "__main__":
    uvicorn.run("main:app", host="0.0.0.0", port=8080)
