"""The HTTP side: an ASGI app (Starlette) served by uvicorn (``graphlineage serve``)."""
