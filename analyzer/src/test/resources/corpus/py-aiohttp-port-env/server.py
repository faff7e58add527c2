import os

from aiohttp import web


async def health(request):
    return web.json_response({"status": "ok"})


async def index(request):
    return web.Response(text="notifications")


def make_app():
    app = web.Application()
    app.router.add_get("/", index)
    app.router.add_get("/health", health)
    return app


if __name__ == "__main__":
    web.run_app(make_app(), port=int(os.environ.get("PORT", 8081)))
